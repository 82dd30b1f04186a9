// A test page for a box of card or label sheets: every position outlined and numbered where the
// preset says it is. Print it on plain paper, lay it on a sheet and hold both against the light.

import { type DocFonts, drawLines } from "../draw.js";
import { paperTitle, unitPoints } from "../envelopes.js";
import type { FontLibrary } from "../fonts.js";
import type { Rect } from "../geometry.js";
import { layoutText, linesHeight } from "../layout.js";
import { positionRect, positionsPerSheet, type SheetPreset } from "./presets.js";
import { drawCutMarks } from "./sheet-writer.js";

export function sheetAlignmentPage(fonts: DocFonts, lib: FontLibrary, p: SheetPreset): void {
  fonts.doc.addPage({ size: [p.paper.width, p.paper.height], margin: 0 });
  if (p.kind === "business cards") drawCutMarks(fonts, p);
  const paragraphs = presetText(p);
  for (let n = 1; n <= positionsPerSheet(p); n++) {
    const r = positionRect(p, n);
    fonts.doc.save().lineWidth(0.75).strokeColor("#c00000").dash(4, { space: 3 });
    fonts.doc.rect(r.x, r.y, r.width, r.height).stroke().restore();
    const [number] = layoutText(lib, String(n), { style: "bold", size: 14, width: Infinity });
    if (number !== undefined) drawLines(fonts, [number], r.x + (r.width - number.width) / 2, r.y + 4);
    // The margins are too narrow for text: the first positions carry it, a paragraph each.
    const paragraph = paragraphs[n - 1];
    if (paragraph !== undefined)
      writeInside(fonts, lib, paragraph, { ...r, y: r.y + 24, height: r.height - 26 });
  }
}

/** `text` in the box, in the largest size from 7 pt down that fits it (an address label is small). */
function writeInside(fonts: DocFonts, lib: FontLibrary, text: string, box: Rect): void {
  const width = box.width - 12;
  for (let size = 7; size >= 4; size -= 0.5) {
    const lines = layoutText(lib, text, { style: "regular", size, width });
    if (linesHeight(lines, 0.15) <= box.height || size <= 4) {
      fonts.doc.save().rect(box.x, box.y, box.width, box.height).clip();
      drawLines(fonts, lines, box.x + 6, box.y, { gap: 0.15 });
      fonts.doc.restore();
      return;
    }
  }
}

/** The preset's numbers, and what to do with the page. */
function presetText(p: SheetPreset): string[] {
  // The maker's numbers as the maker gives them (15.15 mm, 0.1875 in), not rounded as a ruler reads.
  const len = (pt: number) =>
    `${Number((pt / unitPoints(p.unit)).toFixed(p.unit === "mm" ? 2 : 4))} ${p.unit}`;
  return [
    `${p.name} ${p.kind}, ${paperTitle(p.paperName)}: ${p.columns} × ${p.rows} of ${len(p.width)} × ${len(p.height)}; ` +
      `first corner ${len(p.top)} from the top, ${len(p.left)} from the left; pitch ${len(p.pitchX)} across, ${len(p.pitchY)} down.`,
    "Print at 100 % (no “fit to page”) on plain paper, lay it on a sheet and hold both against the light: " +
      "each red outline must sit on a card or label. Positions count across, then down (--start-at).",
  ];
}
