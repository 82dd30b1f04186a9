import { open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { ConfigError } from "../../errors.js";
import { cellFromSpreadsheet, spreadsheetCell } from "./csv-cells.js";
import { fileExists, PRIVATE_FILE_MODE, writeFileAtomic } from "./write.js";

// history.csv: what this run folder has made and printed, one line per event, only ever appended
// to and read in order. Unlike the manifest (rebuilt each run from that run's roster) it survives
// rosters that change between runs, a deleted manifest and crashes. It decides:
// - a letter whose last making was followed by a printing is kept (skipped);
// - a letter made (again) but not printed since (a run died, or its print file failed) is made
//   again, so that it gets printed;
// - a letter made again after it was ever printed is a replacement and says so (REDCap cannot
//   revoke a code: the new letter carries the same one) — unless it was "remade" by --rerender,
//   which makes first letters again (the template was fixed before anything was mailed).
// Events: "made" (or "remade") is written just before a letter is renamed into place; "printed" lines just
// before a print file is renamed into place; "print_done" once it is. A print file counts when it
// has its "print_done" line or exists (a crash between rename and that line): moving or deleting
// a print file afterwards never makes its letters print again. It holds file names only.

const FILE = "history.csv";
const HEADER = ["event", "letter_file", "print_file", "at"];

export interface History {
  /** Letter files made here and not printed since: to make again (to print them) if they exist. */
  readonly unprinted: ReadonlySet<string>;
  /** Letter file → the print file that holds its latest making. */
  readonly printed: ReadonlyMap<string, string>;
  /** Letter files that were ever in a print file: a letter made for one again is a replacement. */
  readonly printedEver: ReadonlySet<string>;
}

export type HistoryEntry =
  | { readonly event: "made" | "remade"; readonly letter: string }
  | { readonly event: "printed"; readonly letter: string; readonly printFile: string }
  | { readonly event: "print_done"; readonly printFile: string };

type Row = Record<string, string | undefined>;

export async function readHistory(
  runFolder: string,
  exists: (path: string) => Promise<boolean>,
): Promise<History> {
  const rows = await readRows(join(runFolder, FILE));
  const done = new Set(rows.filter((r) => r.event === "print_done").map((r) => r.print_file ?? ""));
  const counts = new Map<string, boolean>();
  const counted = async (printFile: string) => {
    if (!counts.has(printFile))
      counts.set(printFile, done.has(printFile) || (await exists(join(runFolder, printFile))));
    return counts.get(printFile) === true;
  };
  const printed = new Map<string, string>();
  const unprinted = new Set<string>();
  const printedEver = new Set<string>();
  for (const row of rows) {
    const letter = row.letter_file ?? "";
    const printFile = row.print_file ?? "";
    if (letter === "") continue;
    if (row.event === "made" || row.event === "remade") {
      printed.delete(letter);
      unprinted.add(letter);
      // Made again as a first letter (--rerender: the template was fixed before mailing).
      if (row.event === "remade") printedEver.delete(letter);
    } else if (row.event === "printed" && printFile !== "" && (await counted(printFile))) {
      printed.set(letter, printFile);
      unprinted.delete(letter);
      printedEver.add(letter);
    }
  }
  return { unprinted, printed, printedEver };
}

async function readRows(path: string): Promise<Row[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    // Guessing "empty" would reprint letters or drop replacement notes: stop instead.
    const code = (error as NodeJS.ErrnoException).code ?? "an error";
    throw new ConfigError(
      `${path} could not be read (${code}); fix its permissions or the disk, then run again.`,
      {
        cause: error,
      },
    );
  }
  // A line cut short by a crash has too few or too many fields and is passed over.
  const rows = parse(text, { columns: true, skip_records_with_error: true, skip_empty_lines: true }) as Row[];
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, v === undefined ? v : cellFromSpreadsheet(v)]),
    ),
  );
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
  const lines = historyLines(entries, at);
  const handle = await open(join(runFolder, FILE), "a+", PRIVATE_FILE_MODE);
  try {
    // A line a crash cut short must not run into this one.
    const { size } = await handle.stat();
    const last = Buffer.alloc(1);
    if (size > 0) await handle.read(last, 0, 1, size - 1);
    if (size > 0 && last.toString() !== "\n") lines.unshift(Buffer.from("\n"));
    // One write in append mode: lines from rows finishing together never interleave.
    await handle.writev(lines);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Lines made at once: a print file's 50,000 "printed" lines are not all held as rows of cells. */
const LINES_AT_ONCE = 2_000;

function historyLines(entries: readonly HistoryEntry[], at: Date): Buffer[] {
  const stamp = at.toISOString();
  const pieces: Buffer[] = [];
  for (let i = 0; i < entries.length; i += LINES_AT_ONCE) {
    const rows = entries
      .slice(i, i + LINES_AT_ONCE)
      .map((e) =>
        [e.event, e.event === "print_done" ? "" : e.letter, "printFile" in e ? e.printFile : "", stamp].map(
          spreadsheetCell,
        ),
      );
    pieces.push(Buffer.from(stringify(rows, { record_delimiter: "unix" })));
  }
  return pieces;
}
