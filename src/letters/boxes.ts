// Where each part of a letter's first page goes, from the paper and window geometry: the letterhead,
// return address and date go above the window when there is room, else into the column to its right
// (DIN 5008's information block); the body flows below the window and the first fold.

import type { Rect } from "./geometry.js";
import type { EdgeMark, ReturnAddressBox } from "./letter-geometry.js";
import type { FlowArea } from "./page-flow.js";

export interface Margins {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

export interface WindowBoxes {
  readonly window: Rect;
  /** Where the address text may go. */
  readonly address: Rect;
  /** Everything the window can show: nothing but the address prints here. */
  readonly exposed: Rect;
}

export interface PageShape {
  readonly width: number;
  readonly height: number;
  readonly margins: Margins;
  readonly window: WindowBoxes | undefined;
  /** Fold lines (y) on the page. */
  readonly folds: readonly number[];
  /** Lowest y the body may start at on page 1. */
  readonly bodyTop: number;
  /** Top of the footer line on pages 2 and later. */
  readonly footerY: number;
  /** Where the geometry puts the return address; used when it is meant to show in the window (DIN 5008). */
  readonly returnAddress: ReturnAddressBox;
  /** Fold and punch-hole marks at the left edge of page 1. */
  readonly marks: readonly EdgeMark[];
}

export interface Spot {
  readonly x: number;
  readonly y: number;
}

export interface PageBoxes extends PageShape {
  readonly flow: FlowArea;
  /** Whether a block this tall fits above the window on the left (else it goes to the right column). */
  fitsLeft(height: number): boolean;
  /** Width of the column to the right of the window. */
  readonly columnWidth: number;
  /** Width left of that column, above the window: what a letterhead there may take. */
  readonly leftWidth: number;
  placeHeader(width: number, height: number): Spot;
  placeReturnAddress(width: number, height: number): Spot;
  placeDate(width: number, height: number): Spot;
}

const HEADER_TOP = 36;
const GAP = 6;

/** Boxes for one letter's first page (they fill up as parts are placed: make one per letter). */
export function pageBoxes(shape: PageShape): PageBoxes {
  const { margins, window } = shape;
  const limit = window === undefined ? Number.POSITIVE_INFINITY : window.exposed.y - GAP;
  const rightX =
    window === undefined
      ? shape.width / 2
      : Math.max(window.exposed.x + window.exposed.width + 18, shape.width * 0.55);
  const rightEdge = shape.width - margins.right;
  let leftY = HEADER_TOP;
  let rightY = HEADER_TOP;
  const column = (height: number): Spot => {
    const spot = { x: rightX, y: rightY };
    rightY += height + GAP + 2;
    return spot;
  };
  const leftOrColumn = (width: number, height: number): Spot => {
    if (leftY + height <= limit && margins.left + width <= rightX - 12) {
      const spot = { x: margins.left, y: leftY };
      leftY += height + GAP;
      return spot;
    }
    return column(height);
  };
  return {
    ...shape,
    flow: {
      width: shape.width,
      height: shape.height,
      top: margins.top,
      bottom: shape.height - margins.bottom,
      folds: shape.folds,
      windowBand:
        window === undefined ? undefined : [window.exposed.y, window.exposed.y + window.exposed.height],
    },
    fitsLeft: (height) => leftY + height <= limit,
    columnWidth: rightEdge - rightX,
    leftWidth: rightX - 12 - margins.left,
    placeHeader: leftOrColumn,
    placeReturnAddress: leftOrColumn,
    placeDate(width, height) {
      // Always in the right-hand column, right-aligned: beside the window, never above or in it.
      const x = Math.max(rightX, rightEdge - width);
      const y = rightY;
      rightY += height + GAP;
      return { x, y };
    },
  };
}
