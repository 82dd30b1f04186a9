import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { LETTER_QR_DPI } from "./demo.js";
import { pdfQrCodes } from "./pdf.js";

// What a run folder sent to the printer, read back: every QR of every print file, so that a test
// whose run wrote letters can compare what was printed with what the server gave, not only the
// letter files (a print file of more than one letter is drawn again from the letters' data, not
// copied from their files).

/** Each print file's QR codes in page order, by the file's path in the run folder ("print/…"). */
export async function printFileQrCodes(out: string, dpi = LETTER_QR_DPI): Promise<Map<string, string[]>> {
  const names = (await readdir(join(out, "print")).catch(() => [])).filter((n) => n.endsWith(".pdf")).sort();
  const files = new Map<string, string[]>();
  for (const name of names) {
    files.set(`print/${name}`, (await pdfQrCodes(await readFile(join(out, "print", name)), dpi)).flat());
  }
  return files;
}

/**
 * Every QR printed in the run folder, print file after print file in name order: the order they were
 * made in when the run's clock is the real one and no second's tenth file (`_10`) is among them.
 */
export async function printedQrCodes(out: string, dpi = LETTER_QR_DPI): Promise<string[]> {
  return [...(await printFileQrCodes(out, dpi)).values()].flat();
}
