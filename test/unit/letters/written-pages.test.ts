import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { WrittenPages, xrefInPieces } from "../../../src/letters/draw.js";
import { pdfPageSizes, pdfText } from "../../helpers/pdf.js";

type Kid = { data: Record<string, unknown> };
const kidsOf = (doc: PDFKit.PDFDocument) =>
  (doc as unknown as { _root: { data: { Pages: { data: { Kids: Kid[] } } } } })._root.data.Pages.data.Kids;

describe("WrittenPages: a print file lets go of the pages it has written", () => {
  it("empties written pages' dictionaries only, and the file still holds every page as drawn", async () => {
    const doc = new PDFDocument({ size: [200, 300], margin: 0 });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => doc.on("end", resolve));
    const written = new WrittenPages(doc);
    doc.text("page one", 10, 10);
    written.forget();
    // The only page is still open: nothing is let go.
    expect(kidsOf(doc)[0]?.data.MediaBox).toBeDefined();
    doc.addPage({ size: [300, 400], margin: 0 }).text("page two", 10, 10);
    doc.addPage({ size: [200, 300], margin: 0 }).text("page three", 10, 10);
    written.forget();
    const kids = kidsOf(doc);
    expect(kids.map((k) => k.data.MediaBox === undefined)).toEqual([true, true, false]);
    doc.end();
    await ended;
    const pdf = Buffer.concat(chunks);
    expect(await pdfPageSizes(pdf)).toEqual([
      { width: 200, height: 300 },
      { width: 300, height: 400 },
      { width: 200, height: 300 },
    ]);
    expect((await pdfText(pdf)).join(" ")).toMatch(/page one.*page two.*page three/);
  });
});

describe("xrefInPieces: a print file's cross-reference table written a few thousand lines at a time", () => {
  async function pdfOf(patch: (doc: PDFKit.PDFDocument) => void): Promise<{ pdf: Buffer; writes: number }> {
    // A fixed creation date: the file's ID is made from it, so two documents drawn alike are alike.
    const doc = new PDFDocument({ size: [200, 300], margin: 0, info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => doc.on("end", resolve));
    patch(doc);
    for (let i = 1; i <= 12; i++) {
      if (i > 1) doc.addPage({ size: [200, 300], margin: 0 });
      doc.text(`page ${i}`, 10, 10);
    }
    doc.end();
    await ended;
    return { pdf: Buffer.concat(chunks), writes: chunks.length };
  }

  it("writes the same bytes as pdfkit, in fewer pieces, and the file still reads", async () => {
    const plain = await pdfOf(() => {});
    const pieces = await pdfOf((doc) => xrefInPieces(doc, 10));
    expect(pieces.pdf.equals(plain.pdf)).toBe(true);
    // pdfkit wrote one piece an object; here ten objects' lines go at once.
    const objects = Number(/\nxref\n0 (\d+)\n/.exec(plain.pdf.toString("latin1"))?.[1]);
    expect(objects).toBeGreaterThan(40);
    expect(pieces.writes).toBeLessThan(plain.writes - objects / 2);
    expect(await pdfPageSizes(pieces.pdf)).toHaveLength(12);
  });
});
