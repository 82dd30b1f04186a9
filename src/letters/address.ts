// The address block must sit wholly inside the envelope window: shrink to a floor, then wrap, never overflow.

import type { FontLibrary } from "./fonts.js";
import type { Rect } from "./geometry.js";
import { type Line, layoutText, linesHeight } from "./layout.js";

const START_SIZE = 11;
const FLOOR_SIZE = 8;
const STEP = 0.5;
export const ADDRESS_GAP = 0.1;

export interface AddressLayout {
  readonly lines: readonly Line[];
  readonly size: number;
}

/** The address laid out to fit `box`, or undefined when even wrapped at the floor size it does not fit. */
export function layoutAddress(
  lib: FontLibrary,
  address: readonly string[],
  box: Rect,
): AddressLayout | undefined {
  for (let size = START_SIZE; size >= FLOOR_SIZE; size -= STEP) {
    const lines = address.flatMap((a) => layoutText(lib, a, { style: "regular", size, width: Infinity }));
    if (fits(lines, box)) return { lines, size };
  }
  const lines = address.flatMap((a) =>
    layoutText(lib, a, { style: "regular", size: FLOOR_SIZE, width: box.width }),
  );
  return fits(lines, box) ? { lines, size: FLOOR_SIZE } : undefined;
}

function fits(lines: readonly Line[], box: Rect): boolean {
  return lines.every((l) => l.width <= box.width) && linesHeight(lines, ADDRESS_GAP) <= box.height;
}
