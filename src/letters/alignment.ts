// A test page for a box of envelopes: print on plain paper, fold, slide in, and look through the window.

import type { DocFonts } from "./draw.js";
import { drawLines, strokeLine } from "./draw.js";
import { type CustomEnvelope, formatLength, paperTitle, unitPoints } from "./envelopes.js";
import type { FontLibrary, FontStyle } from "./fonts.js";
import type { Rect, WindowGeometry } from "./geometry.js";
import { layoutText, linesHeight } from "./layout.js";
import type { Band, EdgeMark, LetterGeometry } from "./letter-geometry.js";

export interface AlignmentPageInput {
  readonly lib: FontLibrary;
  readonly geometry: LetterGeometry;
  /** The page's heading, e.g. "Envelope alignment test". */
  readonly title: string;
}

const RED = "#c00000";
const BLUE = "#0050c0";
const GREEN = "#008040";
const GREY = "#808080";

export function alignmentPage(fonts: DocFonts, input: AlignmentPageInput): void {
  const g = input.geometry;
  fonts.doc.addPage({ size: [g.paper.width, g.paper.height], margin: 0 });
  const write = writer(fonts, input.lib, g);
  let y =
    write(input.title, g.window === undefined ? g.margins.top : g.bodyTop, { size: 14, style: "bold" }) + 6;
  if (g.window === undefined || g.envelope.numbers === undefined) {
    for (const paragraph of noWindowText(g)) y = write(paragraph, y) + 5;
    return;
  }
  drawWindow(fonts, input.lib, g, g.window);
  drawFolds(fonts, g);
  for (const paragraph of windowText(g, g.window, g.envelope.numbers)) y = write(paragraph, y) + 5;
  const yaml = ["envelope:", ...envelopeYaml(g.envelope.numbers).map((l) => `  ${l}`)].join("\n");
  write(yaml, y + 2, { size: 9.5, indent: 18 });
}

type Write = (
  text: string,
  y: number,
  opts?: { size?: number; style?: FontStyle; indent?: number },
) => number;

const GAP = 0.2;

/**
 * Text across the body's width, kept off the fold lines (a creased line is hard to read); "\n" starts a
 * new line, and a line's leading spaces indent it. Returns the y below the text.
 */
function writer(fonts: DocFonts, lib: FontLibrary, g: LetterGeometry): Write {
  const left = g.margins.left;
  const width = g.paper.width - left - g.margins.right;
  return (text, y, opts = {}) => {
    const size = opts.size ?? 10;
    const rows = text.split("\n").flatMap((t) => {
      const x = (opts.indent ?? 0) + (t.length - t.trimStart().length) * 0.6 * size;
      const style = opts.style ?? "regular";
      return layoutText(lib, t.trimStart(), { style, size, width: width - x }).map((line) => ({ line, x }));
    });
    const lines = rows.map((r) => r.line);
    let top = clearOfBands(y, linesHeight(lines, GAP), g.bands);
    for (const [i, { line, x }] of rows.entries()) {
      top = drawLines(fonts, [line], left + x, top + (i > 0 ? GAP * size : 0));
    }
    return top;
  };
}

/** The first y at or below `y` where a block of `height` crosses no band. */
function clearOfBands(y: number, height: number, bands: readonly Band[]): number {
  let top = y;
  for (const [from, to] of bands) if (top < to && top + height > from) top = to;
  return top;
}

function drawWindow(fonts: DocFonts, lib: FontLibrary, g: LetterGeometry, w: WindowGeometry): void {
  outline(fonts, w.exposed, RED, true);
  outline(fonts, w.window, "#000000", false);
  outline(fonts, w.address, BLUE, true);
  label(fonts, lib, "ADDRESS AREA", w.address, 11);
  const ret = g.returnAddress;
  if (ret.inWindow && ret.box.height > 0) {
    outline(fonts, ret.box, GREEN, true);
    label(fonts, lib, "RETURN ADDRESS LINE", ret.box, 7);
  }
}

function outline(fonts: DocFonts, r: Rect, color: string, dash: boolean): void {
  const doc = fonts.doc.save().lineWidth(1).strokeColor(color);
  if (dash) doc.dash(4, { space: 3 });
  doc.rect(r.x, r.y, r.width, r.height).stroke().restore();
}

/** A label in the top-left corner of `box`, inset a little so it stays clear of the dashed outline. */
function label(fonts: DocFonts, lib: FontLibrary, text: string, box: Rect, size: number): void {
  const lines = layoutText(lib, text, { style: "bold", size, width: Number.POSITIVE_INFINITY });
  drawLines(fonts, lines, box.x + 2, box.y + 2);
}

function drawFolds(fonts: DocFonts, g: LetterGeometry): void {
  const { doc } = fonts;
  for (const y of g.folds) {
    doc.save().lineWidth(0.5).strokeColor(GREY).dash(6, { space: 4 });
    doc.moveTo(0, y).lineTo(g.paper.width, y).stroke().restore();
  }
  for (const m of g.marks) drawMark(fonts, m);
}

function drawMark(fonts: DocFonts, m: EdgeMark): void {
  strokeLine(fonts, [m.x, m.y], [m.x + m.length, m.y], { width: 0.75, color: "#000000" });
}

function windowText(g: LetterGeometry, w: WindowGeometry, numbers: CustomEnvelope): string[] {
  const len = (pt: number) => formatLength(pt / unitPoints(numbers.unit), numbers.unit);
  const resting = numbers.addressVisible === "when-resting";
  const din = g.returnAddress.inWindow;
  return [
    `Envelope: ${g.envelope.preset ?? "custom numbers"} (${g.envelope.title}), on ${paperName(g)} paper.`,
    "Print this page at 100 % (no “fit to page”), fold it along the dashed grey lines" +
      (g.marks.length > 0
        ? " (the short marks at the left edge show the folds; the longer one marks the middle, for a hole punch)"
        : "") +
      ", and put it in an envelope with this side facing the window.",
    "The blue dashed box (ADDRESS AREA) must show fully through the window, with paper to spare on every side, " +
      (resting
        ? `wherever the letter slides sideways while it rests on the bottom of the envelope. The letter can also move ${len(w.play.y)} up and down in this envelope, more than the window allows for; letters settle on the bottom as sorting machines carry them on their bottom edge. (The US Postal Service asks for the address to show wherever the letter moves: for that, fold the top panel about as tall as the envelope, with custom numbers.)`
        : "wherever the letter slides in the envelope."),
    "The black box is where the window falls with the letter centred and resting on the bottom of the envelope; " +
      `the red dashed box is everything the window can show as the letter moves (${len(w.play.x)} sideways, ${len(w.play.y)} up and down). ` +
      (din
        ? "Inside the red box letters print only the address and, in the green box, a one-line return address: DIN 5008 puts it in the window so that an undeliverable letter comes back unopened."
        : "Letters print nothing but the address inside the red box."),
    "To use another envelope, set “envelope:” in the template’s front matter to us10 (US Letter), din5008b, dl or " +
      "din5008a (A4), none (no window), or to your envelope’s own numbers from its data sheet, in mm or in. " +
      "This page was made with these numbers:",
  ];
}

function noWindowText(g: LetterGeometry): string[] {
  return [
    `Envelope: none (${g.envelope.title}), on ${paperName(g)} paper. There is no window to align: these ` +
      "letters print no address for an envelope window.",
    "To mail them in window envelopes, set “envelope:” in the template’s front matter to us10 (US Letter), " +
      "din5008b, dl or din5008a (A4), or to your envelope’s own numbers from its data sheet, in mm or in.",
  ];
}

const paperName = (g: LetterGeometry) => paperTitle(g.paperName);

/** The envelope's numbers as front matter lines (to indent under "envelope:"), to copy and edit. */
export function envelopeYaml(c: CustomEnvelope): string[] {
  const n = (v: number) => String(Number(v.toFixed(c.unit === "mm" ? 1 : 3)));
  const w = c.window;
  const vertical = w.top === undefined ? `bottom: ${n(w.bottom ?? 0)}` : `top: ${n(w.top)}`;
  const lines = [
    `unit: ${c.unit}`,
    `width: ${n(c.width)}`,
    `height: ${n(c.height)}`,
    `window: { left: ${n(w.left)}, ${vertical}, width: ${n(w.width)}, height: ${n(w.height)} }`,
    `folds: [${c.folds.map(n).join(", ")}]`,
  ];
  if (c.clearance !== undefined) lines.push(`clearance: ${n(c.clearance)}`);
  if (c.addressVisible !== undefined) lines.push(`addressVisible: ${c.addressVisible}`);
  return lines;
}
