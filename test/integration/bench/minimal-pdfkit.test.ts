import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { minimalPrintFile } from "../../../src/bench/minimal-pdfkit.js";
import { recordTape, type TapeOp } from "../../../src/bench/page-tape.js";
import { sampleLetters } from "../../../src/bench/sample-letters.js";
import { loadLetterKit } from "../../../src/letters/index.js";
import { pdfLines } from "../../helpers/pdf.js";

// The render benchmark's "pdfkit alone" figure means something only if it draws the very pages the
// kit draws: the same text at the same places, the same pixels (QR codes included).

async function collect(write: (out: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

async function rasters(pdf: Buffer): Promise<Buffer[]> {
  const mupdf = await import("mupdf");
  const doc = mupdf.Document.openDocument(pdf, "application/pdf");
  const pages: Buffer[] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const pix = doc.loadPage(i).toPixmap(mupdf.Matrix.scale(1, 1), mupdf.ColorSpace.DeviceRGB, false);
    pages.push(Buffer.from(pix.getPixels()));
  }
  return pages;
}

describe("the render benchmark's minimal pdfkit loop", () => {
  it("draws the same pages as the kit's print file", async () => {
    const kit = await loadLetterKit();
    const letters = sampleLetters(5);
    const tapes: TapeOp[][] = [];
    for (const data of letters) tapes.push(await recordTape(kit, data));
    const kitPdf = await collect((out) => kit.renderPrintFile(letters, out, { duplex: false }));
    const minimalPdf = await collect((out) => minimalPrintFile(tapes, out));

    const minimalLines = await pdfLines(minimalPdf);
    expect(minimalLines).toHaveLength(5);
    expect(minimalLines).toEqual(await pdfLines(kitPdf));
    const [minimalPages, kitPages] = [await rasters(minimalPdf), await rasters(kitPdf)];
    // Buffer.equals: a deep equality over a million bytes per page takes seconds.
    expect(minimalPages.map((page, i) => page.equals(kitPages[i] ?? Buffer.alloc(0)))).toEqual(
      kitPages.map(() => true),
    );
  }, 60_000);
});
