import { describe, expect, it } from "vitest";
import { collectGarbage } from "../../../src/run/memory.js";

// The long-run memory bound rests on asking V8 for a full collection; if a Node version stops
// allowing it, this says so (the run itself would go on, with a higher peak).

describe("collectGarbage", () => {
  it("can ask this Node for a full collection, and frees what nothing holds", () => {
    const before = process.memoryUsage().heapUsed;
    let garbage: number[][] | undefined = Array.from({ length: 200 }, () => Array(10_000).fill(1));
    expect(garbage.length).toBe(200);
    const full = process.memoryUsage().heapUsed;
    garbage = undefined;
    expect(collectGarbage()).toBe(true);
    // About 16 MB were allocated; most of it must be gone.
    expect(full - before).toBeGreaterThan(10_000_000);
    expect(process.memoryUsage().heapUsed).toBeLessThan(full - 10_000_000);
  });
});
