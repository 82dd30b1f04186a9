import { describe, expect, it } from "vitest";
import { PAPER, PT_PER_IN, US_10, windowGeometry } from "../../../src/letters/geometry.js";

const inches = (r: { x: number; y: number; width: number; height: number }) =>
  [r.x, r.y, r.width, r.height].map((v) => Math.round((v / PT_PER_IN) * 1000) / 1000);

describe("US #10 window on a tri-folded letter", () => {
  const g = windowGeometry(PAPER.letter, US_10);

  it("puts the window 2.042″ down when the folded letter rests on the envelope bottom", () => {
    // 4⅛″ envelope, 3⅔″ panel: the panel sits 0.458″ low; window top 4.125 − 0.5 − 1.125 = 2.5″ in the envelope.
    expect(inches(g.window)).toEqual([0.375, 2.042, 4.5, 1.125]);
  });

  it("keeps the address where the window is however the letter slides sideways, ⅛″ clear", () => {
    expect(inches(g.address)).toEqual([1, 2.167, 3.25, 0.875]);
  });

  it("marks everything the window can expose, so nothing else prints there", () => {
    expect(inches(g.exposed)).toEqual([-0.25, 1.917, 5.75, 1.833]);
    expect((g.exposed.y + g.exposed.height) / PT_PER_IN).toBeCloseTo(3.75);
  });
});
