import { describe, expect, it } from "vitest";
import type { EnvelopePreset, PaperName } from "../../../src/letters/envelopes.js";
import { contains, intersects, type Rect } from "../../../src/letters/geometry.js";
import { loadLetterKit } from "../../../src/letters/index.js";
import { letterGeometry } from "../../../src/letters/letter-geometry.js";
import { pdfInfo, pdfLines, pdfQrSymbols } from "../../helpers/pdf.js";
import { demoRows, expectedQr, letterFor } from "./letter-fixtures.js";

// For every paper and window: the whole address inside the window with ⅛ in (3 mm) clear, nothing else
// where the window can show (but DIN 5008's one return line, which is meant to), every QR its own.

const CLEAR = 9; // ⅛ in, in points
const PRESETS: [PaperName, EnvelopePreset][] = [
  ["letter", "us10"],
  ["a4", "din5008a"],
  ["a4", "din5008b"],
  ["a4", "dl"],
];

const grow = (r: Rect, by: number): Rect => ({
  x: r.x - by,
  y: r.y - by,
  width: r.width + 2 * by,
  height: r.height + 2 * by,
});

describe.each(PRESETS)("%s paper, %s window", (paper, envelope) => {
  const g = letterGeometry(paper, envelope);
  const window = g.window;
  if (window === undefined) throw new Error("preset without a window");
  // Maria: four address lines; the Chinese row: two surveys, so a second page.
  const rows = [demoRows()[0] ?? {}, demoRows()[5] ?? {}];

  it.each(rows.map((r) => [r.record_id ?? "", r] as const))("record %s", async (_id, row) => {
    const kit = await loadLetterKit({ paper, envelope, date: new Date("2026-12-01T12:00:00Z") });
    const data = letterFor(row, row.record_id === "0006" ? 2 : 1);
    const pdf = await kit.renderLetter(data);
    const [page1 = [], ...later] = await pdfLines(pdf);
    const address = [row.address_1, row.address_2, `${row.first_name} ${row.last_name}`]
      .filter((s): s is string => s !== undefined && s !== "")
      .map((s) => s.normalize("NFC"));
    const inWindow = page1.filter((l) => intersects(l, window.exposed));
    const sender = (l: { text: string }) => l.text.endsWith(", PO Box 1000, Anytown, ST 00000");
    const addressLines = inWindow.filter(
      (l) => !sender(l) && (address.some((a) => l.text.includes(a)) || /\d{5}$/.test(l.text)),
    );
    expect(addressLines.length).toBeGreaterThanOrEqual(3);
    for (const line of addressLines) {
      // pdfLines boxes are the font's full extent; the window must show them with ⅛ in to spare.
      expect(contains(grow(window.window, 0.5), grow(line, CLEAR - 0.5)), line.text).toBe(true);
    }
    const others = inWindow.filter((l) => !addressLines.includes(l));
    if (g.returnAddress.inWindow) {
      expect(others).toHaveLength(1);
      expect(others.every(sender)).toBe(true);
    } else expect(others.map((l) => l.text)).toEqual([]);

    const qrs = await pdfQrSymbols(pdf);
    expect(qrs.flat().map((q) => q.data)).toEqual(data.surveys.map(expectedQr));
    for (const q of qrs[0] ?? []) {
      expect(intersects(q, window.exposed)).toBe(false);
      for (const fold of g.folds) expect(q.y > fold + 5 || q.y + q.height < fold - 5).toBe(true);
    }
    for (const s of data.surveys) {
      const code = page1.concat(...later).find((l) => l.text === s.accessCode);
      expect(code).toBeDefined();
      if (code !== undefined && page1.includes(code)) expect(intersects(code, window.exposed)).toBe(false);
    }
    const pages = (await pdfInfo(pdf)).pages;
    for (const [i, lines] of later.entries()) {
      expect(lines.map((l) => l.text)).toContain(`Record ${data.recordId} · page ${i + 2} of ${pages}`);
    }
  });
});
