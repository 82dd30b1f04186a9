// One address label: the address alone (no study name, no code: the label is on the outside of the
// envelope), centred top to bottom, shrunk to a floor and then wrapped, never over the label's edge.

import { RowError } from "../../errors.js";
import { ADDRESS_GAP, layoutAddress } from "../address.js";
import { type DocFonts, drawLines } from "../draw.js";
import type { FontLibrary } from "../fonts.js";
import { PT_PER_IN } from "../geometry.js";
import { linesHeight } from "../layout.js";

/** Label printers drift about a millimetre: keep the text well inside the die cut. */
const PAD_X = 0.15 * PT_PER_IN;
const PAD_Y = 0.08 * PT_PER_IN;

export interface AddressLabel {
  draw(fonts: DocFonts, x: number, y: number): void;
}

/** Why these address lines cannot go on a label this size; undefined when they can. */
export function labelAddressProblem(
  lib: FontLibrary,
  address: readonly string[],
  size: { readonly width: number; readonly height: number },
): string | undefined {
  return layoutAddress(lib, address, inner(size)) === undefined
    ? "the address is too long to fit on an address label, even in small type"
    : undefined;
}

export function layoutLabel(
  lib: FontLibrary,
  address: readonly string[],
  size: { readonly width: number; readonly height: number },
): AddressLabel {
  const box = inner(size);
  const laid = layoutAddress(lib, address, box);
  if (laid === undefined) {
    throw new RowError(
      `The label cannot be printed: ${labelAddressProblem(lib, address, size) ?? "the address does not fit"}`,
    );
  }
  const height = linesHeight(laid.lines, ADDRESS_GAP);
  return {
    draw(fonts, x, y) {
      fonts.doc.save().rect(x, y, size.width, size.height).clip();
      drawLines(fonts, laid.lines, x + box.x, y + box.y + (box.height - height) / 2, { gap: ADDRESS_GAP });
      fonts.doc.restore();
    },
  };
}

function inner(size: { readonly width: number; readonly height: number }) {
  return { x: PAD_X, y: PAD_Y, width: size.width - 2 * PAD_X, height: size.height - 2 * PAD_Y };
}
