// Pages of one packet, laid out before anything is drawn: a footer says "page 2 of 3", so the count
// must be known first. Blocks are placed top to bottom; the first page's keep-out bands (folds, the
// envelope window) are skipped by blocks that must not cross them.

import { RowError } from "../errors.js";
import type { DocFonts } from "./draw.js";

export type DrawOp = (fonts: DocFonts) => void;

export interface FlowArea {
  readonly width: number;
  readonly height: number;
  readonly top: number;
  readonly bottom: number;
  /** Fold lines (the whole packet is folded): no QR code or code may sit on one. */
  readonly folds: readonly number[];
  /** What the envelope window can show on page 1 (from, to): only the address may print there. */
  readonly windowBand: readonly [number, number] | undefined;
}

const FOLD_MARGIN = 10;

export const TOO_TALL =
  "a survey panel is too tall to fit between the folds and the envelope window (a very long survey label or " +
  "survey address): shorten the instrument's label in REDCap, or use a template with shorter panel texts";

export class PageFlow {
  y: number;
  readonly #pages: DrawOp[][] = [[]];

  constructor(
    readonly area: FlowArea,
    /** Where the body starts on page 1 (below the letterhead and the window). */
    firstTop: number,
  ) {
    this.y = firstTop;
  }

  get count(): number {
    return this.#pages.length;
  }

  get pageIndex(): number {
    return this.#pages.length - 1;
  }

  /** Draws `op` on the current page. */
  add(op: DrawOp): void {
    this.#pages[this.#pages.length - 1]?.push(op);
  }

  /** Adds to page `index` (the header of page 1, drawn whatever the flow has reached). */
  addTo(index: number, op: DrawOp): void {
    this.#pages[index]?.push(op);
  }

  /**
   * Top y for a block of `height` from the current position, else on a new page. With `keep`, the
   * block stays out of page 1's window band, and its part `keep` (offset and height within the block:
   * the QR code and the codes) off the fold lines.
   */
  fit(height: number, keep?: { offset: number; height: number }, tooTall = TOO_TALL): number {
    const { top, bottom } = this.area;
    if (height > bottom - top) throw new RowError(tooTall);
    let newPages = 0;
    for (;;) {
      const band = keep === undefined ? undefined : this.#crossed(height, keep);
      if (band !== undefined) this.y = band;
      else if (this.y + height <= bottom) return this.y;
      // A fresh page is the most room a block can get: if it did not fit there, it never will.
      else if (++newPages > 1) throw new RowError(tooTall);
      else this.newPage();
    }
  }

  /** The y past the first band the block would cross, or undefined when it crosses none. */
  #crossed(height: number, keep: { offset: number; height: number }): number | undefined {
    // Only page 1 faces the window; every page of the packet is folded.
    const w = this.pageIndex === 0 ? this.area.windowBand : undefined;
    if (w !== undefined && this.y < w[1] && this.y + height > w[0]) return w[1];
    const from = this.y + keep.offset;
    for (const fold of this.area.folds) {
      const [a, b] = [fold - FOLD_MARGIN, fold + FOLD_MARGIN];
      if (from < b && from + keep.height > a) return b - keep.offset;
    }
    return undefined;
  }

  newPage(): void {
    this.#pages.push([]);
    this.y = this.area.top;
  }

  /** Adds the pages to the document, each with its ops, then `footer` on every page after the first. */
  draw(fonts: DocFonts, footer: (page: number, pages: number) => DrawOp | undefined): number {
    const pages = this.#pages.length;
    for (const [i, ops] of this.#pages.entries()) {
      fonts.doc.addPage({ size: [this.area.width, this.area.height], margin: 0 });
      for (const op of ops) op(fonts);
      if (i > 0) footer(i + 1, pages)?.(fonts);
    }
    return pages;
  }
}
