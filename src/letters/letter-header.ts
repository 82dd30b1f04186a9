// The top of a letter's first page: letterhead, return address, date, fold marks and the address in
// the envelope window, each in the box the page geometry gives it.

import { RowError } from "../errors.js";
import { layoutAddress } from "./address.js";
import type { PageBoxes } from "./boxes.js";
import { drawLines, strokeLine } from "./draw.js";
import type { FontLibrary } from "./fonts.js";
import { type Line, layoutText, linesHeight } from "./layout.js";
import type { PageFlow } from "./page-flow.js";
import { layoutPicture } from "./picture.js";
import { fillAddress, fillText, type Values } from "./template/fill.js";
import type { LetterTemplate } from "./template/load.js";

export interface HeaderContext {
  readonly lib: FontLibrary;
  readonly template: LetterTemplate;
  readonly boxes: PageBoxes;
}

/** Letterhead, date, return address and the address in the window; returns where the body starts. */
export function drawHeader(flow: PageFlow, ctx: HeaderContext, values: Values): number {
  const bottoms = [
    ctx.boxes.flow.top,
    drawLetterhead(flow, ctx, values),
    drawReturnAddress(flow, ctx, values),
    drawDate(flow, ctx, values.date ?? ""),
  ];
  drawMarks(flow, ctx.boxes);
  drawAddress(flow, ctx, values);
  return Math.max(ctx.boxes.bodyTop, Math.max(...bottoms) + 18);
}

/** The logo and its lines above the window, or beside it when there is no room above; returns its bottom. */
function drawLetterhead(flow: PageFlow, { lib, boxes, template: t }: HeaderContext, values: Values): number {
  const logo = t.letterhead.data === undefined ? 0 : (t.letterhead.width ?? 0.6 * 72) + 8;
  const frame = (textWidth: number) => ({
    defaultWidth: 0.6 * 72,
    firstSize: 13,
    textWidth: Math.max(72, textWidth),
  });
  let head = layoutPicture(lib, t.letterhead, values, frame(boxes.leftWidth - logo));
  if (head !== undefined && !boxes.fitsLeft(head.height)) {
    // No room above the window (DIN 5008 form A): the letterhead goes to the right, wrapped to fit.
    head = layoutPicture(lib, t.letterhead, values, frame(boxes.columnWidth - logo));
  }
  if (head === undefined) return 0;
  const spot = boxes.placeHeader(head.width, head.height);
  flow.addTo(0, (f) => head.draw(f, spot.x, spot.y));
  return spot.y + head.height;
}

/** The neutral sender: DIN 5008's line in the window when asked for, else above or beside it. */
function drawReturnAddress(
  flow: PageFlow,
  { lib, boxes, template: t }: HeaderContext,
  values: Values,
): number {
  const sender = t.returnAddress.map((s) => fillText(s, values)).filter((s) => s !== "");
  const { box } = boxes.returnAddress;
  // DIN 5008: one small line at the bottom of its zone, right above the address, in the window; a
  // sender too long for that line goes above the window instead, like a US letter's.
  const line = boxes.returnAddress.inWindow
    ? oneLineIn(lib, sender.join(", "), box.width, [8, 7, 6])
    : undefined;
  if (sender.length === 0) return 0;
  if (line !== undefined) {
    const y = box.y + Math.max(0, box.height - line.ascent - line.descent);
    flow.addTo(0, (f) => {
      drawLines(f, [line], box.x, y);
      const base = y + line.ascent + line.descent;
      strokeLine(f, [box.x, base], [box.x + line.width, base], { width: 0.4, color: "#000000" });
    });
    return 0;
  }
  {
    const layout = (width: number) =>
      sender.flatMap((s) => layoutText(lib, s, { style: "regular", size: 8.5, width }));
    const left = layout(Math.min(220, boxes.leftWidth));
    const lines = boxes.fitsLeft(linesHeight(left, 0.15)) ? left : layout(boxes.columnWidth);
    const box = boxes.placeReturnAddress(Math.max(...lines.map((l) => l.width)), linesHeight(lines, 0.15));
    flow.addTo(0, (f) => drawLines(f, lines, box.x, box.y, { gap: 0.15 }));
    return box.y + linesHeight(lines, 0.15);
  }
}

/** Fold and punch-hole marks at the left edge (A4). */
function drawMarks(flow: PageFlow, boxes: PageBoxes): void {
  for (const mark of boxes.marks) {
    const grey = { width: 0.5, color: "#808080" };
    flow.addTo(0, (f) => strokeLine(f, [mark.x, mark.y], [mark.x + mark.length, mark.y], grey));
  }
}

/** The date, top right; returns its bottom. */
function drawDate(flow: PageFlow, { lib, boxes }: HeaderContext, date: string): number {
  if (date !== "") {
    const [line] = layoutText(lib, date, {
      style: "regular",
      size: 10,
      width: Number.POSITIVE_INFINITY,
    });
    if (line !== undefined) {
      const box = boxes.placeDate(line.width, line.ascent + line.descent);
      flow.addTo(0, (f) => drawLines(f, [line], box.x, box.y));
      return box.y + line.ascent + line.descent;
    }
  }
  return 0;
}

/** The address, inside the window: shrunk to fit, never over its edge. */
function drawAddress(flow: PageFlow, { lib, boxes, template: t }: HeaderContext, values: Values): void {
  if (boxes.window !== undefined) {
    const address = layoutAddress(lib, fillAddress(t.address.lines, values), boxes.window.address);
    if (address === undefined) throw new RowError("the address is too long to fit in the envelope window");
    const { x, y } = boxes.window.address;
    flow.addTo(0, (f) => drawLines(f, address.lines, x, y, { gap: 0.1 }));
  }
}

/** `text` on one line at the largest of `sizes` that fits `width`; undefined when none does. */
function oneLineIn(
  lib: FontLibrary,
  text: string,
  width: number,
  sizes: readonly number[],
): Line | undefined {
  for (const size of sizes) {
    const [line] = layoutText(lib, text, { style: "regular", size, width: Number.POSITIVE_INFINITY });
    if (line !== undefined && line.width <= width) return line;
  }
  return undefined;
}
