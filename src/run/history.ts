import { open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { fileExists, PRIVATE_FILE_MODE, writeFileAtomic } from "./write.js";

// history.csv: what this run folder has made and printed, one line per event, only ever appended
// to. Unlike the manifest (rebuilt each run from the roster of that run) it survives rosters that
// change between runs, a deleted manifest and crashes. It decides three things:
// - a letter that exists and was printed is kept (skipped);
// - a letter that exists but never reached a print file (the run died first) is made again, so
//   that it gets printed;
// - a letter made again after it was printed is a replacement and says so (REDCap cannot revoke a
//   code: the new letter carries the same one).
// It holds file names only: no code, link or name.

const FILE = "history.csv";
const HEADER = ["event", "letter_file", "print_file", "at"];

export interface History {
  /** Letter files a run in this folder wrote. */
  readonly made: ReadonlySet<string>;
  /** Letter file → the print file that holds it (only print files that exist). */
  readonly printed: ReadonlyMap<string, string>;
}

export type HistoryEntry =
  | { readonly event: "made"; readonly letter: string }
  | { readonly event: "printed"; readonly letter: string; readonly printFile: string };

export async function readHistory(
  runFolder: string,
  exists: (path: string) => Promise<boolean>,
): Promise<History> {
  let text: string;
  try {
    text = await readFile(join(runFolder, FILE), "utf8");
  } catch {
    return { made: new Set(), printed: new Map() };
  }
  // A line cut short by a crash fails to parse and is passed over.
  const rows = parse(text, {
    columns: true,
    relax_column_count: true,
    skip_records_with_error: true,
  }) as Record<string, string | undefined>[];
  const made = new Set<string>();
  const printed = new Map<string, string>();
  const printFiles = new Map<string, boolean>();
  for (const row of rows) {
    const letter = row.letter_file ?? "";
    if (letter === "") continue;
    if (row.event === "made") made.add(letter);
    const printFile = row.print_file ?? "";
    if (row.event !== "printed" || printFile === "") continue;
    // Lines are written before their print file is renamed into place: count them only if it was.
    if (!printFiles.has(printFile)) printFiles.set(printFile, await exists(join(runFolder, printFile)));
    if (printFiles.get(printFile)) printed.set(letter, printFile);
  }
  return { made, printed };
}

/** Creates the history with its header if the folder has none (call with the folder locked). */
export async function ensureHistory(runFolder: string): Promise<void> {
  const path = join(runFolder, FILE);
  if (await fileExists(path)) return;
  await writeFileAtomic(path, stringify([HEADER], { record_delimiter: "unix" }));
}

/** Appends entries and flushes them to disk before returning. */
export async function appendHistory(
  runFolder: string,
  entries: readonly HistoryEntry[],
  at: Date,
): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => [
    e.event,
    e.letter,
    e.event === "printed" ? e.printFile : "",
    at.toISOString(),
  ]);
  // One write in append mode: lines from rows finishing together never interleave.
  const handle = await open(join(runFolder, FILE), "a", PRIVATE_FILE_MODE);
  try {
    await handle.write(stringify(rows, { record_delimiter: "unix" }));
    await handle.sync();
  } finally {
    await handle.close();
  }
}
