// A test page for a box of envelopes: print on plain paper, fold, slide in, and look through the window.

import type { DocFonts } from "./draw.js";
import { drawLines } from "./draw.js";
import type { Rect } from "./geometry.js";
import { layoutText } from "./layout.js";
import type { LetterContext } from "./render.js";

export function alignmentPage(fonts: DocFonts, ctx: Omit<LetterContext, "paintQr">): void {
  const { doc } = fonts;
  const { paper, geometry, lib } = ctx;
  doc.addPage({ size: [paper.width, paper.height], margin: 0 });
  const box = (r: Rect, color: string, dash: boolean) => {
    doc.save().lineWidth(1).strokeColor(color);
    if (dash) doc.dash(4, { space: 3 });
    doc.rect(r.x, r.y, r.width, r.height).stroke().restore();
  };
  box(geometry.exposed, "#c00000", true);
  box(geometry.window, "#000000", false);
  box(geometry.address, "#0050c0", true);
  for (const y of geometry.folds) {
    doc.save().lineWidth(0.5).strokeColor("#808080").dash(6, { space: 4 });
    doc.moveTo(0, y).lineTo(paper.width, y).stroke().restore();
  }
  const text = (s: string, y: number, size = 10) =>
    drawLines(fonts, layoutText(lib, s, { style: "regular", size, width: paper.width - 144 }), 72, y, {
      gap: 0.2,
    });
  drawLines(
    fonts,
    layoutText(lib, "ADDRESS AREA", { style: "bold", size: 11, width: Infinity }),
    geometry.address.x,
    geometry.address.y,
  );
  let y = (geometry.folds[0] ?? 0) + 24;
  y = text("Envelope alignment test", y, 14) + 8;
  y =
    text(
      "Print this page at 100 % (no “fit to page”), fold it along the dashed grey lines, and put it in an envelope.",
      y,
    ) + 4;
  y =
    text(
      "The blue dashed box (ADDRESS AREA) must show fully through the window, with paper to spare on every side.",
      y,
    ) + 4;
  y =
    text(
      "The black box is where the window falls when the letter rests at the bottom of the envelope; the red dashed box is everything the window can show when the letter slides. Letters print nothing but the address inside the red box.",
      y,
    ) + 4;
  text(
    "If the address area is cut off, change the envelope window in the template (inches: left, bottom, width, height).",
    y,
  );
}
