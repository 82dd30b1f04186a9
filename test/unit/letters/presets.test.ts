import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EnvelopePreset, PaperName } from "../../../src/letters/envelopes.js";
import { contains, intersects, type Rect } from "../../../src/letters/geometry.js";
import { loadLetterKit } from "../../../src/letters/index.js";
import { letterGeometry } from "../../../src/letters/letter-geometry.js";
import { packagePath } from "../../../src/paths.js";
import { pdfInfo, pdfLines, pdfQrSymbols } from "../../helpers/pdf.js";
import { demoRows, expectedQr, letterFor, printedName } from "./letter-fixtures.js";

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
    const address = [row.address_1, row.address_2, printedName(row.first_name ?? "", row.last_name ?? "")]
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
    expect(inWindow.filter((l) => !addressLines.includes(l)).map((l) => l.text)).toEqual([]);

    for (const line of [page1, ...later].flat()) {
      expect(line.x + line.width, line.text).toBeLessThanOrEqual(g.paper.width - 28);
      expect(line.y + line.height, line.text).toBeLessThanOrEqual(g.paper.height - 20);
    }

    const qrs = await pdfQrSymbols(pdf);
    expect(qrs.flat().map((q) => q.data)).toEqual(data.surveys.map(expectedQr));
    expect(qrs[0]?.every((q) => !intersects(q, window.exposed))).toBe(true);
    // The whole packet is folded: no QR on a fold on any page.
    for (const q of qrs.flat()) {
      for (const fold of g.folds) expect(q.y > fold + 5 || q.y + q.height < fold - 5).toBe(true);
    }
    for (const s of data.surveys) {
      const code = page1.concat(...later).find((l) => l.text === s.accessCode);
      expect(code).toBeDefined();
      if (code !== undefined && page1.includes(code)) expect(intersects(code, window.exposed)).toBe(false);
    }
    const pages = (await pdfInfo(pdf)).pages;
    expect(pages).toBe(later.length + 1);
    if (data.surveys.length > 1) expect(pages).toBeGreaterThan(1);
    expect(page1.map((l) => l.text).filter((t) => t.startsWith("Record "))).toEqual([]);
    for (const [i, lines] of later.entries()) {
      expect(lines.map((l) => l.text)).toContain(`Record ${data.recordId} · page ${i + 2} of ${pages}`);
    }
  });
});

describe("DIN 5008's return line in the window, when the template asks for it", () => {
  it("shows the neutral sender as one line right above the address, and nothing else", async () => {
    const dir = mkdtempSync(join(tmpdir(), "return-line-"));
    try {
      for (const f of ["letter.md", "letter.es.md", "sample-logo.png", "sample-signature.png"]) {
        copyFileSync(packagePath("templates", f), join(dir, f));
      }
      const file = join(dir, "letter.md");
      writeFileSync(
        file,
        readFileSync(file, "utf8").replace("date: long", "date: long\nwindowReturnLine: true"),
      );
      const kit = await loadLetterKit({ templateFile: file, paper: "a4", envelope: "din5008b" });
      const window = letterGeometry("a4", "din5008b").window;
      const [page1 = []] = await pdfLines(await kit.renderLetter(letterFor(demoRows()[1] ?? {})));
      const seen = page1
        .filter((l) => window !== undefined && intersects(l, window.exposed))
        .map((l) => l.text);
      expect(seen).toEqual([
        "Research Office, PO Box 1000, Anytown, ST 00000",
        "James O'Connor",
        "88 Birch Lane",
        "Nashville, TN 37203",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
