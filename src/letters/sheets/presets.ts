// Card and label sheets: where each position is, from the maker's numbers (label size; top and left
// margin to the first label's corner; pitch, the distance between the same corner of neighbours).
// Positions are numbered as the makers number them: across the first row, then the next row down.

import type { PaperName } from "../envelopes.js";
import { PAPER, type PaperSize, PT_PER_IN, PT_PER_MM, type Rect } from "../geometry.js";

export type SheetLayout = "cards" | "labels";

export interface SheetPreset {
  /** The maker's name for the sheet, e.g. "Avery 5371/8371". */
  readonly name: string;
  /** What is on it, e.g. "business cards". */
  readonly kind: string;
  readonly paperName: PaperName;
  readonly paper: PaperSize;
  readonly columns: number;
  readonly rows: number;
  /** The unit the maker gives its numbers in (for the alignment page). */
  readonly unit: "in" | "mm";
  /** All in points: one position's size, the first position's corner, and the pitch. */
  readonly width: number;
  readonly height: number;
  readonly top: number;
  readonly left: number;
  readonly pitchX: number;
  readonly pitchY: number;
}

const inch = (v: number) => v * PT_PER_IN;
const mm = (v: number) => v * PT_PER_MM;

/** The numbers of the shared spec's letters.md, table "Hand-out cards / label sheets". */
const PRESETS: Readonly<Record<SheetLayout, Readonly<Record<PaperName, SheetPreset>>>> = {
  cards: {
    letter: {
      name: "Avery 5371/8371",
      kind: "business cards",
      paperName: "letter",
      paper: PAPER.letter,
      columns: 2,
      rows: 5,
      unit: "in",
      width: inch(3.5),
      height: inch(2),
      top: inch(0.5),
      left: inch(0.75),
      pitchX: inch(3.5),
      pitchY: inch(2),
    },
    a4: {
      name: "A4 business cards (Avery C32011 class)",
      kind: "business cards",
      paperName: "a4",
      paper: PAPER.a4,
      columns: 2,
      rows: 5,
      unit: "mm",
      width: mm(85),
      height: mm(54),
      top: mm(13.5),
      left: mm(15),
      pitchX: mm(95),
      pitchY: mm(54),
    },
  },
  labels: {
    letter: {
      name: "Avery 5160/8160",
      kind: "address labels",
      paperName: "letter",
      paper: PAPER.letter,
      columns: 3,
      rows: 10,
      unit: "in",
      width: inch(2.625),
      height: inch(1),
      top: inch(0.5),
      left: inch(0.1875),
      pitchX: inch(2.75),
      pitchY: inch(1),
    },
    a4: {
      name: "Avery L7160",
      kind: "address labels",
      paperName: "a4",
      paper: PAPER.a4,
      columns: 3,
      rows: 7,
      unit: "mm",
      width: mm(63.5),
      height: mm(38.1),
      top: mm(15.15),
      left: mm(7.2),
      pitchX: mm(66.04),
      pitchY: mm(38.1),
    },
  },
};

/** The sheet for a layout on a paper: cards or labels on Letter or A4. */
export function sheetPreset(layout: SheetLayout, paper: PaperName): SheetPreset {
  return PRESETS[layout][paper];
}

export function positionsPerSheet(preset: SheetPreset): number {
  return preset.columns * preset.rows;
}

/** Position `n` (1-based, across then down) on a sheet. */
export function positionRect(preset: SheetPreset, n: number): Rect {
  const index = n - 1;
  const column = index % preset.columns;
  const row = Math.floor(index / preset.columns);
  return {
    x: preset.left + column * preset.pitchX,
    y: preset.top + row * preset.pitchY,
    width: preset.width,
    height: preset.height,
  };
}

/** Where the `index`th item (0-based) of a print job goes when the first sheet starts at `startAt`. */
export function placement(
  preset: SheetPreset,
  index: number,
  startAt: number,
): { sheet: number; position: number } {
  const slot = startAt - 1 + index;
  const per = positionsPerSheet(preset);
  return { sheet: Math.floor(slot / per), position: (slot % per) + 1 };
}
