// The floor the kit's print file is measured against: pdfkit drawing the same pages from their tapes,
// in one document with every font embedded once, the QR code drawn from the qrcode package's matrix as
// one path of rectangles, and nothing else: no template, no layout, no checks.

import { finished } from "node:stream/promises";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import type { TapeOp } from "./page-tape.js";

type Doc = InstanceType<typeof PDFDocument>;
type Method = (...args: unknown[]) => unknown;

const QUIET_ZONE = 4;

/** Draws every tape into one document streamed to `out` (which is ended). */
export async function minimalPrintFile(tapes: readonly (readonly TapeOp[])[], out: NodeJS.WritableStream) {
  // As the kit's documents: no default font (Helvetica would be embedded too), no page until asked.
  const doc = new PDFDocument({ autoFirstPage: false, margin: 0, font: null as unknown as string });
  const done = finished(out);
  doc.pipe(out);
  const fonts = new Set<unknown>();
  const images = new Map<Buffer, unknown>();
  for (const tape of tapes) {
    for (const op of tape) play(doc, op, fonts, images);
    // The same pause as the kit's: pdfkit holds whatever the reader has not taken yet.
    if (doc.readableLength > 1 << 20) await new Promise((r) => setImmediate(r));
  }
  doc.end();
  await done;
}

function play(doc: Doc, op: TapeOp, fonts: Set<unknown>, images: Map<Buffer, unknown>): void {
  if (op.kind === "qr") drawQr(doc, op.url, op.x, op.y, op.module);
  else if (op.kind === "image") {
    let image = images.get(op.source);
    if (image === undefined) {
      image = (doc as unknown as { openImage(src: Buffer): unknown }).openImage(op.source);
      images.set(op.source, image);
    }
    (doc.image as unknown as Method).call(doc, image, ...op.args);
  } else if (op.method !== "registerFont" || !fonts.has(op.args[0])) {
    // Each font once per document, as the kit registers it.
    if (op.method === "registerFont") fonts.add(op.args[0]);
    ((doc as unknown as Record<string, Method>)[op.method] as Method).apply(doc, op.args as unknown[]);
  }
}

function drawQr(doc: Doc, url: string, x: number, y: number, module: number): void {
  const { size, data } = QRCode.create(url, { errorCorrectionLevel: "Q" }).modules;
  const total = size + 2 * QUIET_ZONE;
  doc.save().translate(x, y).scale(module);
  doc.rect(0, 0, total, total).fill("#ffffff");
  for (let row = 0; row < size; row++) {
    let start = -1;
    for (let col = 0; col <= size; col++) {
      const dark = col < size && data[row * size + col] === 1;
      if (dark && start < 0) start = col;
      else if (!dark && start >= 0) {
        doc.rect(start + QUIET_ZONE, row + QUIET_ZONE, col - start, 1);
        start = -1;
      }
    }
  }
  doc.fill("#000000").restore();
}
