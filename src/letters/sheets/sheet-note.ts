// The note in a label sheet's top margin that says which labels on it are replacements. The label
// itself goes on an envelope and must say nothing of it; the sheet is the coordinator's, who needs to
// know which envelopes carry a second copy of the same codes (REDCap cannot revoke the first).

import { type DocFonts, drawLines } from "../draw.js";
import type { FontLibrary } from "../fonts.js";
import { PT_PER_IN } from "../geometry.js";
import { type Line, layoutText, linesHeight } from "../layout.js";
import { fillText } from "../template/fill.js";
import { positionsPerSheet, type SheetPreset } from "./presets.js";

const SIZE = 9;
const FLOOR = 7;
const GAP = 0.15;
/** Space kept above the first row of labels. */
const ABOVE_LABELS = 3;
/** Most printers cannot print the outer quarter inch; the note stays inside half an inch on the sides. */
const SIDE = 0.5 * PT_PER_IN;
const TOP = 0.2 * PT_PER_IN;

export interface SheetNote {
  readonly lines: readonly Line[];
  /** Whether it fits the margin above the labels (at the floor, on two lines at most). */
  readonly fits: boolean;
}

/** "1, 3, 5–8": runs of three or more as a range. */
export function positionList(positions: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < positions.length; ) {
    let j = i;
    while (positions[j + 1] === (positions[j] ?? 0) + 1) j++;
    const [first, last] = [positions[i], positions[j]];
    if (j - i >= 2) parts.push(`${first}–${last}`);
    else parts.push(...positions.slice(i, j + 1).map(String));
    i = j + 1;
  }
  return parts.join(", ");
}

/** The template's note with these positions, at the largest size that fits the sheet's top margin. */
export function layoutSheetNote(
  lib: FontLibrary,
  label: string,
  positions: readonly number[],
  preset: SheetPreset,
): SheetNote {
  const text = fillText(label, { positions: positionList(positions) });
  lib.prepare(text);
  const width = preset.paper.width - 2 * SIDE;
  const height = preset.top - ABOVE_LABELS - TOP;
  let lines: Line[] = [];
  for (let size = SIZE; size >= FLOOR; size -= 0.5) {
    lines = layoutText(lib, text, { style: "bold", size, width });
    if (lines.length <= 2 && linesHeight(lines, GAP) <= height) return { lines, fits: true };
  }
  return { lines, fits: false };
}

/** Draws the note centred above the first row of labels. */
export function drawSheetNote(fonts: DocFonts, note: SheetNote, preset: SheetPreset): void {
  const top = preset.top - ABOVE_LABELS - linesHeight(note.lines, GAP);
  const width = preset.paper.width - 2 * SIDE;
  drawLines(fonts, note.lines, SIDE, top, { gap: GAP, width, align: "center" });
}

/** Why the template's note cannot go on this sheet even with its longest list of positions. */
export function sheetNoteProblem(lib: FontLibrary, label: string, preset: SheetPreset): string | undefined {
  const every = positionsPerSheet(preset);
  const alternate = Array.from({ length: Math.ceil(every / 2) }, (_, i) => 2 * i + 1);
  return layoutSheetNote(lib, label, alternate, preset).fits
    ? undefined
    : `"labels.replacementLabels" is too long for the top margin of the ${preset.name} sheet, even in small type`;
}
