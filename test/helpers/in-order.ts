import { expect } from "vitest";

/**
 * Each piece found in `text`, in this order, searched one after another, so a missing piece is named.
 * (One regex of the pieces joined by `[\s\S]*` backtracks for ever when one is missing.)
 */
export function expectInOrder(text: string, pieces: readonly string[]): void {
  let at = 0;
  for (const piece of pieces) {
    const found = text.indexOf(piece, at);
    expect(found, piece).toBeGreaterThanOrEqual(at);
    at = found + piece.length;
  }
}
