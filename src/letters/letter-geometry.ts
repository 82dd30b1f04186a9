// Everything a letter layout needs to know about the page, from the paper and the envelope: the window and
// the address box, what the window can expose, folds and their marks, where the return address and the
// date go, the body's margins and start, the bands survey panels may not cross, and the footer.
// All in PDF points, origin at the top-left of the page.

import {
  type CustomEnvelope,
  type EnvelopeChoice,
  type EnvelopePreset,
  envelopeModel,
  envelopeTitle,
  type PaperName,
  presetEnvelope,
} from "./envelopes.js";
import {
  PAPER,
  type PaperSize,
  PT_PER_IN,
  PT_PER_MM,
  placeWindow,
  type Rect,
  type WindowGeometry,
} from "./geometry.js";

export interface Margins {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** A band of page 1, from `top` to `bottom` (y), that survey panels may not cross. */
export type Band = readonly [top: number, bottom: number];

export interface ReturnAddressBox {
  readonly box: Rect;
  /**
   * True on DIN 5008 letters: the return address is the "Rücksendeangabe", meant to show through the
   * window so an undeliverable letter comes back unopened. It must then be as neutral as the envelope.
   */
  readonly inWindow: boolean;
  /** DIN 5008 gives it one line (the lines joined with ", "), in 8 pt (never under 6 pt). */
  readonly oneLine: boolean;
  /** "bottom": DIN 5008 fills this zone from the bottom up, so the line sits right above the address. */
  readonly align: "top" | "bottom";
}

/** A short line printed at the left edge: a fold mark, or the punch-hole mark (DIN 5008). */
export interface EdgeMark {
  readonly kind: "fold" | "hole";
  readonly y: number;
  readonly x: number;
  readonly length: number;
}

export interface LetterGeometry {
  readonly paperName: PaperName;
  readonly paper: PaperSize;
  /** The envelope chosen: the preset (undefined for custom numbers), a few words, and its numbers. */
  readonly envelope: {
    readonly preset: EnvelopePreset | undefined;
    readonly title: string;
    readonly numbers: CustomEnvelope | undefined;
  };
  /** The window, the address box and the exposed area; undefined for "none". */
  readonly window: WindowGeometry | undefined;
  /** DIN 5008's address field (85 × 45 mm at 20 mm from the left) on DIN presets, for reference. */
  readonly addressField: Rect | undefined;
  /** Fold lines (y), top first. */
  readonly folds: readonly number[];
  /** Marks to print at the left edge (A4 letters in window envelopes). */
  readonly marks: readonly EdgeMark[];
  readonly returnAddress: ReturnAddressBox;
  /** The date, and on DIN 5008 letters the information block. */
  readonly info: Rect;
  /** Body margins on every page. */
  readonly margins: Margins;
  /** The lowest y the body may start at on page 1. */
  readonly bodyTop: number;
  /** Page-1 bands survey panels may not cross: the folds (± 10 pt) and the exposed area. */
  readonly bands: readonly Band[];
  /** Bands of every later page: the folds only (the whole packet is folded, but only page 1 faces the window). */
  readonly laterBands: readonly Band[];
  /** The footer line of pages 2 and later ("record 0042 · page 2 of 3"). */
  readonly footer: Rect;
}

const mm = (v: number) => v * PT_PER_MM;
/** A QR code or a panel edge on a fold is creased and hard to scan. */
const FOLD_MARGIN = 10;
/** Between the exposed area (or the first fold) and the first line of the body. */
const BODY_GAP = 14;
/** Return address and date start ½ in down: inside every printer's printable area. */
const HEADER_TOP = 36;
/** On "none" the header has no window below it: room for a few lines. */
const HEADER_HEIGHT = PT_PER_IN;

// US letters as today; A4 after DIN 5008: left 25 mm, right 20 mm; top and bottom 20 mm are our choice,
// room for the footer inside every printer's printable area.
const US_MARGINS: Margins = { left: 72, right: 54, top: 54, bottom: 54 };
const A4_MARGINS: Margins = { left: mm(25), right: mm(20), top: mm(20), bottom: mm(20) };

const NOT_IN_WINDOW = { inWindow: false, oneLine: false, align: "top" } as const;

/** DIN 5008 form A / B: top of the address field. */
const DIN_FIELD_TOP: Partial<Record<EnvelopePreset, number>> = { din5008a: mm(27), din5008b: mm(45) };

export function letterGeometry(paper: PaperName, choice: EnvelopeChoice): LetterGeometry {
  const size = PAPER[paper];
  const preset = typeof choice === "string" ? choice : undefined;
  const numbers = typeof choice === "string" ? presetEnvelope(choice) : choice;
  const margins = paper === "a4" ? A4_MARGINS : US_MARGINS;
  const envelope = { preset, title: envelopeTitle(choice), numbers };
  const fieldTop = preset === undefined ? undefined : DIN_FIELD_TOP[preset];
  if (numbers === undefined) return withoutWindow(paper, margins, envelope);
  const placed = placeWindow(size, envelopeModel(numbers));
  const din = fieldTop === undefined ? undefined : din5008(placed, fieldTop, size, margins);
  const window = din?.window ?? placed;
  return {
    paperName: paper,
    paper: size,
    envelope,
    window,
    addressField: din?.field,
    folds: window.folds,
    marks: paper === "a4" ? edgeMarks(window.folds, size) : [],
    returnAddress: din?.returnAddress ?? { box: headerBox(window, size, margins, "left"), ...NOT_IN_WINDOW },
    info: din?.info ?? headerBox(window, size, margins, "right"),
    margins,
    bodyTop: Math.max(margins.top, bottomOf(window.exposed), window.folds[0] ?? 0) + BODY_GAP,
    bands: merge([...foldBands(window.folds), [window.exposed.y, bottomOf(window.exposed)]]),
    laterBands: foldBands(window.folds),
    footer: footerBox(size, margins),
  };
}

function withoutWindow(
  paper: PaperName,
  margins: Margins,
  envelope: LetterGeometry["envelope"],
): LetterGeometry {
  const size = PAPER[paper];
  const header = (x: number, right: number) => ({
    x,
    y: margins.top,
    width: right - x,
    height: HEADER_HEIGHT,
  });
  return {
    paperName: paper,
    paper: size,
    envelope,
    window: undefined,
    addressField: undefined,
    folds: [],
    marks: [],
    returnAddress: { box: header(margins.left, size.width / 2), ...NOT_IN_WINDOW },
    info: header(size.width / 2 + 18, size.width - margins.right),
    margins,
    // Hand-outs are not mailed: the body starts at the top margin, below whatever letterhead is drawn.
    bodyTop: margins.top,
    bands: [],
    laterBands: [],
    footer: footerBox(size, margins),
  };
}

/**
 * Return address (left) or date (right) at the top of the page, down to the first thing in the way: the
 * exposed area if the box is beside it, else the first fold's band.
 */
function headerBox(w: WindowGeometry, size: PaperSize, margins: Margins, side: "left" | "right"): Rect {
  const x = side === "left" ? margins.left : size.width / 2 + 18;
  const right = side === "left" ? size.width / 2 : size.width - margins.right;
  const besideWindow = x < w.exposed.x + w.exposed.width && w.exposed.x < right;
  const foldTop = (w.folds[0] ?? size.height) - FOLD_MARGIN;
  const bottom = besideWindow ? Math.min(w.exposed.y, foldTop) : foldTop;
  return { x, y: HEADER_TOP, width: right - x, height: Math.max(0, bottom - HEADER_TOP) };
}

/**
 * DIN 5008 places the address field 20 mm from the left (85 × 45 mm): a 17.7 mm zone for the return line
 * and postal notes above a 27.3 mm address zone; address text starts at the 25 mm alignment line. We keep
 * both inside the part of the window that shows at every position, so the address zone's last millimetres
 * (down to 86.8 mm on form B, not 90) go unused, and only the zone's lowest line or two shows the return
 * address. The information block stands 125 mm from the left, 5 mm below the field's top.
 */
function din5008(placed: WindowGeometry, fieldTop: number, size: PaperSize, margins: Margins) {
  const seen = placed.address;
  const addressTop = Math.max(seen.y, fieldTop + mm(17.7));
  const x = Math.max(seen.x, mm(25));
  const right = seen.x + seen.width;
  const address = { x, y: addressTop, width: right - x, height: bottomOf(seen) - addressTop };
  const returnBox = { x, y: seen.y, width: right - x, height: Math.max(0, addressTop - seen.y) };
  const infoTop = fieldTop + mm(5);
  const infoBottom = (placed.folds[0] ?? size.height) - FOLD_MARGIN;
  return {
    window: { ...placed, address },
    field: { x: mm(20), y: fieldTop, width: mm(85), height: mm(45) },
    returnAddress: { box: returnBox, inWindow: true, oneLine: true, align: "bottom" } as const,
    info: {
      x: mm(125),
      y: infoTop,
      width: size.width - margins.right - mm(125),
      height: infoBottom - infoTop,
    },
  };
}

/**
 * DIN 5008 marks the folds with short lines at the left edge, and the middle of the sheet for the hole
 * punch (ISO 838: two holes 80 mm apart, centred). 5 mm in: most printers cannot print closer to the edge.
 */
function edgeMarks(folds: readonly number[], size: PaperSize): EdgeMark[] {
  const marks: EdgeMark[] = folds.map((y) => ({ kind: "fold", y, x: mm(5), length: mm(5) }));
  marks.push({ kind: "hole", y: size.height / 2, x: mm(5), length: mm(8) });
  return marks.sort((a, b) => a.y - b.y);
}

function foldBands(folds: readonly number[]): Band[] {
  return folds.map((f) => [f - FOLD_MARGIN, f + FOLD_MARGIN]);
}

/** Overlapping bands as one, top to bottom. */
function merge(bands: readonly Band[]): Band[] {
  const out: [number, number][] = [];
  for (const [top, bottom] of [...bands].sort((a, b) => a[0] - b[0])) {
    const last = out.at(-1);
    if (last !== undefined && top <= last[1]) last[1] = Math.max(last[1], bottom);
    else out.push([top, bottom]);
  }
  return out;
}

/** One line of small type centred in the bottom margin, across the body's width. */
function footerBox(size: PaperSize, margins: Margins): Rect {
  const height = 12;
  return {
    x: margins.left,
    y: size.height - margins.bottom / 2 - height / 2,
    width: size.width - margins.left - margins.right,
    height,
  };
}

const bottomOf = (r: Rect) => r.y + r.height;
