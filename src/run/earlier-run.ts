import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";

// What an earlier run in this folder recorded in its manifest: which letters it made, and which
// print file took each one. A letter made again for a file an earlier run made is a replacement
// (REDCap cannot revoke a code, so it carries the same one and should say so); a letter that exists
// but never reached a print file (the run died first) is made again so that it gets printed.

export interface EarlierRun {
  /** Letter files an earlier run made (or found made). */
  readonly made: ReadonlySet<string>;
  /** Letter file → the print file that holds it. */
  readonly printed: ReadonlyMap<string, string>;
  /** Whether there was a readable manifest at all. */
  readonly known: boolean;
}

const NONE: EarlierRun = { made: new Set(), printed: new Map(), known: false };

export async function readEarlierRun(runFolder: string): Promise<EarlierRun> {
  let text: string;
  try {
    text = await readFile(join(runFolder, "manifest.csv"), "utf8");
  } catch {
    return NONE;
  }
  try {
    const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<
      string,
      string | undefined
    >[];
    const made = new Set<string>();
    const printed = new Map<string, string>();
    for (const row of rows) {
      const file = row.file ?? "";
      if (file === "" || (row.status !== "ok" && row.status !== "skipped")) continue;
      made.add(file);
      if (row.print_file) printed.set(file, row.print_file);
    }
    return { made, printed, known: true };
  } catch {
    // A damaged manifest only costs the replacement note and the print bookkeeping, not letters.
    return NONE;
  }
}
