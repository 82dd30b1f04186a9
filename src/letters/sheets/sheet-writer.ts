// Tiles (cards, labels) onto sheets, in order, from the start position on the first sheet; a new
// sheet when one is full. Card sheets get cut marks in the margins, for plain paper cut by hand; a
// sheet with replacement tiles may get a note of their positions (label sheets: see sheet-note.ts).

import { type DocFonts, strokeLine } from "../draw.js";
import { PT_PER_MM } from "../geometry.js";
import { placement, positionRect, type SheetPreset } from "./presets.js";

export interface Tile {
  /** Draws the tile with its top-left corner at (x, y); it must stay inside the position's size. */
  draw(fonts: DocFonts, x: number, y: number): void;
  /** Made again for one made before (the sheet's note lists these positions). */
  readonly replacement?: boolean;
}

/** Draws a finished sheet's note of the positions of its replacement tiles (in order). */
export type ReplacementNote = (fonts: DocFonts, positions: readonly number[]) => void;

export class SheetWriter {
  #placed = 0;
  #sheets = 0;
  /** Positions of the replacement tiles on the sheet being filled. */
  #replaced: number[] = [];

  constructor(
    readonly fonts: DocFonts,
    readonly preset: SheetPreset,
    readonly startAt: number,
    readonly cutMarks: boolean,
    readonly note?: ReplacementNote,
  ) {}

  add(tile: Tile): void {
    const { sheet, position } = placement(this.preset, this.#placed++, this.startAt);
    while (this.#sheets <= sheet) this.#newSheet();
    const r = positionRect(this.preset, position);
    tile.draw(this.fonts, r.x, r.y);
    if (tile.replacement === true) this.#replaced.push(position);
  }

  /** Ends the last sheet (its note, if it has one): call before the document ends. */
  finish(): void {
    this.#endSheet();
  }

  /** Sheets begun so far. */
  get sheets(): number {
    return this.#sheets;
  }

  // The note is drawn once the sheet is full: pdfkit keeps drawing on the page until the next one begins.
  #endSheet(): void {
    if (this.#replaced.length > 0) this.note?.(this.fonts, this.#replaced);
    this.#replaced = [];
  }

  #newSheet(): void {
    this.#endSheet();
    const { paper } = this.preset;
    this.fonts.doc.addPage({ size: [paper.width, paper.height], margin: 0 });
    this.#sheets++;
    if (this.cutMarks) drawCutMarks(this.fonts, this.preset);
  }
}

const MARK_GAP = 2 * PT_PER_MM;
const MARK_LENGTH = 5 * PT_PER_MM;

/** Short lines in the margins, in line with every edge of the grid: never on a card. */
export function drawCutMarks(fonts: DocFonts, p: SheetPreset): void {
  const xs = edges(p.left, p.pitchX, p.width, p.columns);
  const ys = edges(p.top, p.pitchY, p.height, p.rows);
  const [top, bottom] = [ys[0] ?? 0, ys[ys.length - 1] ?? 0];
  const [left, right] = [xs[0] ?? 0, xs[xs.length - 1] ?? 0];
  const style = { width: 0.5, color: "#000000" };
  for (const x of xs) {
    strokeLine(fonts, [x, top - MARK_GAP - MARK_LENGTH], [x, top - MARK_GAP], style);
    strokeLine(fonts, [x, bottom + MARK_GAP], [x, bottom + MARK_GAP + MARK_LENGTH], style);
  }
  for (const y of ys) {
    strokeLine(fonts, [left - MARK_GAP - MARK_LENGTH, y], [left - MARK_GAP, y], style);
    strokeLine(fonts, [right + MARK_GAP, y], [right + MARK_GAP + MARK_LENGTH, y], style);
  }
}

/** Every distinct edge of a row or column of positions (abutting positions share one). */
function edges(start: number, pitch: number, size: number, count: number): number[] {
  const all = Array.from({ length: count }, (_, i) => [start + i * pitch, start + i * pitch + size]).flat();
  return [...new Set(all.map((v) => Math.round(v * 100) / 100))].sort((a, b) => a - b);
}
