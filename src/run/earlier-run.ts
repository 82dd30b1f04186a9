import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";

// A letter made again in a run folder that already printed it is a replacement: REDCap has no way
// to revoke a code, so the new letter carries the same one and should say so.

/** Files that an earlier run in this folder made (or found made), from its manifest. */
export async function earlierLetterFiles(runFolder: string): Promise<ReadonlySet<string>> {
  let text: string;
  try {
    text = await readFile(join(runFolder, "manifest.csv"), "utf8");
  } catch {
    return new Set();
  }
  try {
    const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<
      string,
      string | undefined
    >[];
    return new Set(
      rows
        .filter((r) => r.status === "ok" || r.status === "skipped")
        .flatMap((r) => (r.file ? [r.file] : [])),
    );
  } catch {
    // A damaged manifest only costs the replacement note; the letters themselves are unaffected.
    return new Set();
  }
}
