import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { WrittenPages } from "../../../src/letters/draw.js";
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
