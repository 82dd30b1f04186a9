import * as mupdf from "mupdf";
import { beforeAll, describe, expect, it } from "vitest";
import { alignmentPage, envelopeYaml } from "../../../src/letters/alignment.js";
import {
  type EnvelopeChoice,
  type EnvelopePreset,
  type PaperName,
  presetEnvelope,
} from "../../../src/letters/envelopes.js";
import { type FontLibrary, loadFontLibrary } from "../../../src/letters/fonts.js";
import { contains, PT_PER_MM } from "../../../src/letters/geometry.js";
import { type LetterGeometry, letterGeometry } from "../../../src/letters/letter-geometry.js";
import { documentBytes, newDocument } from "../../../src/letters/render.js";
import { pdfLines, type TextLine } from "../../helpers/pdf.js";

let lib: FontLibrary;

beforeAll(async () => {
  lib = await loadFontLibrary();
});

async function render(g: LetterGeometry): Promise<Buffer> {
  const fonts = newDocument("parsed", "Envelope alignment");
  alignmentPage(fonts, { lib, geometry: g, title: "Envelope alignment test" });
  return documentBytes(fonts.doc);
}

function pageSize(pdf: Buffer): [number, number] {
  const [x0, y0, x1, y1] = mupdf.Document.openDocument(pdf, "application/pdf").loadPage(0).getBounds();
  return [x1 - x0, y1 - y0];
}

/** The darkest pixel value (0 black, 255 white) around a point of page 1, rendered at 150 dpi. */
function darkness(pdf: Buffer, x: number, y: number): number {
  const scale = 150 / 72;
  const page = mupdf.Document.openDocument(pdf, "application/pdf").loadPage(0);
  const pix = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceGray, false);
  const pixels = pix.getPixels();
  let min = 255;
  for (let dy = -3; dy <= 3; dy++) {
    const row = Math.round(y * scale) + dy;
    min = Math.min(min, pixels[row * pix.getStride() + Math.round(x * scale)] ?? 255);
  }
  return min;
}

const windowOf = (g: LetterGeometry) => {
  if (g.window === undefined) throw new Error("no window");
  return g.window;
};

const line = (lines: readonly TextLine[], text: string) => {
  const found = lines.find((l) => l.text === text);
  if (found === undefined) throw new Error(`no line "${text}" in ${lines.map((l) => l.text).join(" | ")}`);
  return found;
};

describe.each<[PaperName, EnvelopeChoice]>([
  ["letter", "us10"],
  ["a4", "din5008a"],
  ["a4", "din5008b"],
  ["a4", "dl"],
])("alignment page: %s, %s", (paper, preset) => {
  const g = letterGeometry(paper, preset);
  let pdf: Buffer;
  let lines: TextLine[];

  beforeAll(async () => {
    pdf = await render(g);
    lines = (await pdfLines(pdf))[0] ?? [];
  });

  it("is one page of the paper's size", async () => {
    expect((await pdfLines(pdf)).length).toBe(1);
    const [width, height] = pageSize(pdf);
    expect(width).toBeCloseTo(g.paper.width, 1);
    expect(height).toBeCloseTo(g.paper.height, 1);
  });

  it("labels the address area inside the window", () => {
    const label = line(lines, "ADDRESS AREA");
    expect(contains(windowOf(g).window, label)).toBe(true);
    expect(contains(windowOf(g).address, label, 1)).toBe(true);
  });

  it("names the envelope and gives its numbers to copy into the front matter", () => {
    const text = lines.map((l) => l.text).join("\n");
    expect(text).toContain(`Envelope: ${preset}`);
    const numbers = g.envelope.numbers;
    if (numbers === undefined) throw new Error("a preset with a window has numbers");
    expect(numbers).toEqual(presetEnvelope(preset as EnvelopePreset));
    const yaml = ["envelope:", ...envelopeYaml(numbers)];
    expect(lines.map((l) => l.text).slice(-yaml.length)).toEqual(yaml);
  });

  it("keeps its instructions off the fold lines", () => {
    for (const l of lines) {
      for (const f of g.folds)
        expect(f > l.y && f < l.y + l.height, `"${l.text}" on the fold at ${f}`).toBe(false);
    }
  });

  it("prints the fold and punch-hole marks at the left edge on A4 only", () => {
    const marked = darkness(pdf, 7.5 * PT_PER_MM, 148.5 * PT_PER_MM) < 128;
    expect(marked).toBe(paper === "a4");
    for (const m of g.marks) expect(darkness(pdf, m.x + m.length / 2, m.y)).toBeLessThan(128);
  });
});

describe("alignment page: DIN 5008's return line", () => {
  it("is marked inside the window, above the address area", async () => {
    const g = letterGeometry("a4", "din5008b");
    const [lines = []] = await pdfLines(await render(g));
    const label = line(lines, "RETURN ADDRESS LINE");
    expect(contains(windowOf(g).window, label)).toBe(true);
    expect(label.y).toBeLessThan(line(lines, "ADDRESS AREA").y);
  });
});

describe.each(["letter", "a4"] as const)("alignment page: no window, on %s", (paper) => {
  it("says there is nothing to align and how to choose an envelope", async () => {
    const g = letterGeometry(paper, "none");
    const pdf = await render(g);
    const [lines = []] = await pdfLines(pdf);
    const text = lines.map((l) => l.text).join(" ");
    expect(text).toContain("Envelope: none");
    expect(text).toContain("There is no window to align");
    expect(text).toContain("set “envelope:” in the template’s front matter to us10");
    expect(text).not.toContain("ADDRESS AREA");
    expect(pageSize(pdf)[0]).toBeCloseTo(g.paper.width, 1);
  });
});

describe("the numbers of a custom envelope, as front matter", () => {
  it("in the coordinator's unit, the window measured from where they gave it", () => {
    expect(
      envelopeYaml({
        unit: "in",
        width: 9.5,
        height: 4.125,
        window: { left: 0.875, top: 2.5, width: 4.5, height: 1.125 },
        folds: [11 / 3, 22 / 3],
        clearance: 0.1,
      }),
    ).toEqual([
      "unit: in",
      "width: 9.5",
      "height: 4.125",
      "window: { left: 0.875, top: 2.5, width: 4.5, height: 1.125 }",
      "folds: [3.667, 7.333]",
      "clearance: 0.1",
    ]);
  });
});
