import { join } from "node:path";
import type { LetterKit } from "../letters/index.js";
import type { Clock, LetterData } from "../types.js";
import { ensurePrivateDir, fileExists, writeStreamAtomic } from "./write.js";

// One merged file per run for the printer, holding only the letters this run made: a re-run that
// replaces lost letters prints just those, and earlier print files are left as they were.

export async function writePrintFile(
  runFolder: string,
  kit: LetterKit,
  letters: readonly LetterData[],
  clock: Clock,
): Promise<string> {
  const folder = join(runFolder, "print");
  await ensurePrivateDir(folder);
  const path = await freshName(folder, stamp(clock.now()));
  await writeStreamAtomic(path, (out) => kit.renderPrintFile(letters, out, { duplex: false }));
  return path;
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
