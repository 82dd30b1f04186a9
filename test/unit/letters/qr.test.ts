import fc from "fast-check";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { PT_PER_MM } from "../../../src/letters/geometry.js";
import { drawQr, moduleSize, type QrCanvas, QUIET_ZONE, qrSymbol, qrWidth } from "../../../src/letters/qr.js";

const url = (n: number) =>
  `https://redcap.example.edu/surveys/?s=${"ABCDEFGHJK".slice(0, 10)}&rc=${String(n).padStart(8, "7")}`;

/** Records drawing calls instead of writing a PDF. */
function recorder() {
  const calls: string[] = [];
  const rects: [number, number, number, number][] = [];
  let fills = 0;
  const canvas: QrCanvas = {
    save: () => calls.push("save"),
    restore: () => calls.push("restore"),
    translate: (x, y) => calls.push(`translate ${x} ${y}`),
    scale: (f) => calls.push(`scale ${f}`),
    rect: (x, y, w, h) => rects.push([x, y, w, h]),
    fill: (c) => {
      fills++;
      calls.push(`fill ${c}`);
    },
  };
  return { canvas, calls, rects, fills: () => fills };
}

describe("vector QR", () => {
  it("uses Q up to version 8, M beyond", () => {
    expect(qrSymbol(url(1))).toMatchObject({ errorCorrection: "Q" });
    expect(qrSymbol(url(1)).version).toBeLessThanOrEqual(8);
    const long = qrSymbol(`https://redcap.example.edu/surveys/?s=ABCDEFGHJK&rc=${"X".repeat(90)}`);
    expect(long.errorCorrection).toBe("M");
  });

  it("row runs rebuild exactly qrcode's module matrix", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 120 }), (text) => {
        const symbol = qrSymbol(text);
        const ref = QRCode.create(text, { errorCorrectionLevel: symbol.errorCorrection });
        const grid = new Uint8Array(symbol.size * symbol.size);
        for (const [row, col, len] of symbol.runs)
          grid.fill(1, row * symbol.size + col, row * symbol.size + col + len);
        expect([...grid]).toEqual([...ref.modules.data]);
      }),
      { numRuns: 40 },
    );
  });

  it("draws one black fill of runs in module units under one scale, on a white quiet zone", () => {
    const symbol = qrSymbol(url(42));
    const r = recorder();
    drawQr(r.canvas, symbol, 100, 200);
    const total = symbol.size + 2 * QUIET_ZONE;
    expect(r.calls).toEqual([
      "save",
      "translate 100 200",
      `scale ${moduleSize(symbol)}`,
      "fill #ffffff",
      "fill #000000",
      "restore",
    ]);
    expect(r.rects[0]).toEqual([0, 0, total, total]);
    for (const [x, y, w, h] of r.rects.slice(1)) {
      expect(h).toBe(1);
      expect(x).toBeGreaterThanOrEqual(QUIET_ZONE);
      expect(y).toBeGreaterThanOrEqual(QUIET_ZONE);
      expect(x + w).toBeLessThanOrEqual(total - QUIET_ZONE);
      expect(y + h).toBeLessThanOrEqual(total - QUIET_ZONE);
    }
  });

  it.each([20, 60, 90, 120])("a %i-character payload is 30–40 mm wide with modules of 0.4–1 mm", (length) => {
    const symbol = qrSymbol(`https://r.example.edu/?s=${"A".repeat(Math.max(0, length - 25))}`);
    const mm = moduleSize(symbol) / PT_PER_MM;
    expect(mm).toBeGreaterThanOrEqual(0.4);
    expect(mm).toBeLessThanOrEqual(1.0);
    expect(qrWidth(symbol) / PT_PER_MM).toBeGreaterThanOrEqual(30);
    expect(qrWidth(symbol) / PT_PER_MM).toBeLessThanOrEqual(40);
  });
});
