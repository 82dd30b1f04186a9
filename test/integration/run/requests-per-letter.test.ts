import { describe, expect, it } from "vitest";
import { measureRequests } from "../../../src/bench/requests.js";

// The benchmark's request counts, pinned: counts are the same on every machine (no timing here).

describe("survey requests per letter, whole generate run", () => {
  it("about one for listed participants, three for the others, none for a re-render", async () => {
    const figures = await measureRequests(40);
    // 40 return codes, one participant list and one probe of the survey.
    expect(figures.mapped).toBeCloseTo((40 + 2) / 40, 5);
    expect(figures.mapped).toBeLessThanOrEqual(1.1);
    // 3 × 40, the list (which ties no one to a record here) and the probe.
    expect(figures.unmapped).toBeCloseTo((3 * 40 + 2) / 40, 5);
    expect(figures.rerender).toBe(0);
  }, 60_000);
});
