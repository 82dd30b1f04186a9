// A test page for a box of card or label sheets: every position outlined and numbered where the
// preset says it is. Print it on plain paper, lay it on a sheet and hold both against the light.

import { type DocFonts, drawLines } from "../draw.js";
import { paperTitle, unitPoints } from "../envelopes.js";
import type { FontLibrary } from "../fonts.js";
import { layoutText } from "../layout.js";
import { positionRect, positionsPerSheet, type SheetPreset } from "./presets.js";
import { drawCutMarks } from "./sheet-writer.js";

export function sheetAlignmentPage(fonts: DocFonts, lib: FontLibrary, p: SheetPreset): void {
  fonts.doc.addPage({ size: [p.paper.width, p.paper.height], margin: 0 });
  if (p.kind === "business cards") drawCutMarks(fonts, p);
  for (let n = 1; n <= positionsPerSheet(p); n++) {
    const r = positionRect(p, n);
    fonts.doc.save().lineWidth(0.75).strokeColor("#c00000").dash(4, { space: 3 });
    fonts.doc.rect(r.x, r.y, r.width, r.height).stroke().restore();
    const [number] = layoutText(lib, String(n), { style: "bold", size: 14, width: Infinity });
    if (number !== undefined) drawLines(fonts, [number], r.x + (r.width - number.width) / 2, r.y + 4);
    const text = n === 1 ? firstPositionText(p) : [];
    let y = r.y + 24;
    for (const line of text) {
      const lines = layoutText(lib, line, { style: "regular", size: 6.5, width: r.width - 12 });
      y = drawLines(fonts, lines, r.x + 6, y, { gap: 0.15 }) + 1;
    }
  }
}

/** The preset's numbers and what to do, inside position 1 (the margins are too narrow for text). */
function firstPositionText(p: SheetPreset): string[] {
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
