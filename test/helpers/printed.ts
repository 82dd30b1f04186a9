import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { LETTER_QR_DPI } from "./demo.js";
import { pdfQrCodes } from "./pdf.js";

// What a run folder sent to the printer, read back: every QR of every print file, so that a test
// whose run wrote letters can compare what was printed with what the server gave, not only the
// letter files (a print file of more than one letter is drawn again from the letters' data, not
// copied from their files).

export interface PrintReadOptions {
  /** Default: the bundled letter's (LETTER_QR_DPI); PRINT_QR_DPI for print files of many pages. */
  readonly dpi?: number;
  /**
   * Print files already read ("print/…"): skipped, and every file read now is added, so that a test
   * running several times in one folder reads each print file once, after the run that made it.
   */
  readonly seen?: Set<string>;
}

/** Each print file's QR codes in page order, by the file's path in the run folder ("print/…"). */
export async function printFileQrCodes(
  out: string,
  { dpi = LETTER_QR_DPI, seen }: PrintReadOptions = {},
): Promise<Map<string, string[]>> {
  const names = (await readdir(join(out, "print")).catch(() => [])).filter((n) => n.endsWith(".pdf")).sort();
  const files = new Map<string, string[]>();
  for (const file of names.map((n) => `print/${n}`)) {
    if (seen?.has(file)) continue;
    seen?.add(file);
    files.set(file, (await pdfQrCodes(await readFile(join(out, file)), dpi)).flat());
  }
  return files;
}

/**
 * The QR codes of each print file, a list a file, in name order: the order they were made in when
 * the run's clock is the real one and no second's tenth file (`_10`) is among them.
 */
export async function printedQrCodes(out: string, options: PrintReadOptions = {}): Promise<string[][]> {
  return [...(await printFileQrCodes(out, options)).values()];
}
