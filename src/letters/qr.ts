// QR symbols drawn as vector row runs: one path of rectangles in module units under one scale transform.
// Abutting separately-filled squares show hairline seams in several viewers; one fill does not.

import QRCode from "qrcode";
import { PT_PER_MM } from "./geometry.js";

export const QUIET_ZONE = 4;
/** Largest version that still gets error correction Q (folded, handled paper); above it, M. */
const MAX_Q_VERSION = 8;
const TARGET_WIDTH_MM = 36;
const MIN_WIDTH_MM = 30;
const MAX_MODULE_MM = 1.0;
export const MIN_MODULE_MM = 0.4;

export interface QrSymbol {
  readonly version: number;
  readonly errorCorrection: "Q" | "M";
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  /** Dark runs per row: [row, startColumn, length]. */
  readonly runs: readonly (readonly [number, number, number])[];
}

export function qrSymbol(text: string): QrSymbol {
  let code = QRCode.create(text, { errorCorrectionLevel: "Q" });
  let errorCorrection: "Q" | "M" = "Q";
  if (code.version > MAX_Q_VERSION) {
    code = QRCode.create(text, { errorCorrectionLevel: "M" });
    errorCorrection = "M";
  }
  const { size, data } = code.modules;
  const runs: [number, number, number][] = [];
  for (let row = 0; row < size; row++) {
    let start = -1;
    for (let col = 0; col <= size; col++) {
      const dark = col < size && data[row * size + col] === 1;
      if (dark && start < 0) start = col;
      else if (!dark && start >= 0) {
        runs.push([row, start, col - start]);
        start = -1;
      }
    }
  }
  return { version: code.version, errorCorrection, size, runs };
}

/** Module size in points: the symbol with its quiet zone about 36 mm wide (30 at least), modules ≤ 1 mm when that allows. */
export function moduleSize(symbol: QrSymbol): number {
  const total = symbol.size + 2 * QUIET_ZONE;
  const mm = Math.max(MIN_WIDTH_MM / total, Math.min(MAX_MODULE_MM, TARGET_WIDTH_MM / total));
  if (mm < MIN_MODULE_MM)
    throw new Error(`QR code too dense: ${total} modules would be under ${MIN_MODULE_MM} mm`);
  return mm * PT_PER_MM;
}

/** Full width in points, quiet zone included. */
export function qrWidth(symbol: QrSymbol): number {
  return (symbol.size + 2 * QUIET_ZONE) * moduleSize(symbol);
}

/** The drawing surface the QR needs: a subset of PDFKit.PDFDocument. */
export interface QrCanvas {
  save(): unknown;
  restore(): unknown;
  translate(x: number, y: number): unknown;
  scale(factor: number): unknown;
  rect(x: number, y: number, w: number, h: number): unknown;
  fill(color?: string): unknown;
}

/** Draws the symbol with its white quiet zone, top-left corner at (x, y); `module` in points. */
export function drawQr(
  doc: QrCanvas,
  symbol: QrSymbol,
  x: number,
  y: number,
  module = moduleSize(symbol),
): void {
  const total = symbol.size + 2 * QUIET_ZONE;
  doc.save();
  doc.translate(x, y);
  doc.scale(module);
  doc.rect(0, 0, total, total);
  doc.fill("#ffffff");
  for (const [row, col, len] of symbol.runs) doc.rect(col + QUIET_ZONE, row + QUIET_ZONE, len, 1);
  doc.fill("#000000");
  doc.restore();
}

/** The same symbol as a PNG (only for the benchmark's comparison). */
export function qrPng(text: string, symbol: QrSymbol): Promise<Buffer> {
  return QRCode.toBuffer(text, {
    errorCorrectionLevel: symbol.errorCorrection,
    margin: QUIET_ZONE,
    scale: 8,
  });
}
