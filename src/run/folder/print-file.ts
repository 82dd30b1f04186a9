import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { LetterKit } from "../../letters/index.js";
import type { Clock, LetterData } from "../../types.js";
import { appendHistory } from "./history.js";
import { ensurePrivateDir, fileExists, writeStreamAtomic } from "./write.js";

// One merged file per run for the printer, holding only the letters this run made: a re-run that
// replaces lost letters prints just those, and earlier print files are left as they were.

export interface PrintOptions {
  readonly duplex: boolean;
  /** Roster column to order by (e.g. postal_code, for bulk-mail rates); roster order when undefined. */
  readonly sortBy: string | undefined;
}

/** The letters of a print file, in print order: their files, and their data produced one at a time. */
export interface PrintLetters {
  readonly files: readonly string[];
  readonly data: AsyncIterable<LetterData>;
}

/** Writes this run's print file; returns its path relative to the run folder. */
export async function writePrintFile(
  runFolder: string,
  kit: LetterKit,
  letters: PrintLetters,
  clock: Clock,
  options: PrintOptions,
): Promise<string> {
  const folder = join(runFolder, "print");
  await ensurePrivateDir(folder);
  const path = await freshName(folder, stamp(clock.now()));
  const printFile = relative(runFolder, path);
  // Recorded before the rename: the history counts these lines only once the file is in place.
  const record = () =>
    appendHistory(
      runFolder,
      letters.files.map((letter) => ({ event: "printed", letter, printFile })),
      new Date(clock.now()),
    );
  const [only] = letters.files;
  if (letters.files.length === 1 && only !== undefined && !options.duplex) {
    // One packet (a front desk's reprint): its letter file is already the print file, page for page.
    const pdf = await readFile(join(runFolder, only));
    await writeStreamAtomic(path, async (out) => void out.write(pdf), record);
  } else {
    await writeStreamAtomic(
      path,
      (out) => kit.renderPrintFile(letters.data, out, { duplex: options.duplex }),
      record,
    );
  }
  // From here on the print file counts even if it is later moved or deleted.
  await appendHistory(runFolder, [{ event: "print_done", printFile }], new Date(clock.now()));
  return printFile;
}

/**
 * A stable sort on one column (`sortValue` gives a letter's value in it), numbers in numeric order
 * ("9" before "10"); roster order when no column is named.
 */
export function printOrder<T>(
  letters: readonly T[],
  sortValue: ((letter: T) => string) | undefined,
): readonly T[] {
  if (sortValue === undefined) return letters;
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  // Each letter's value once, not once a comparison.
  const keyed = letters.map((letter) => ({ letter, key: sortValue(letter) }));
  return keyed.sort((a, b) => collator.compare(a.key, b.key)).map((k) => k.letter);
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\..*$/, "").replace(/:/g, "-").replace("T", "_");
}

async function freshName(folder: string, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const path = join(folder, n === 1 ? `letters_${base}.pdf` : `letters_${base}_${n}.pdf`);
    if (!(await fileExists(path))) return path;
  }
}
