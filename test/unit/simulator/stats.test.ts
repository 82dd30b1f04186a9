import { describe, expect, it } from "vitest";
import { SimulatorStats } from "../../../src/simulator/index.js";

function statsAt(times: readonly number[]): SimulatorStats {
  const stats = new SimulatorStats();
  for (const at of times)
    stats.record({ at, ip: "127.0.0.1", method: "POST", path: "/api/", content: "x", record: "" });
  return stats;
}

describe("the simulator's count of windows over budget", () => {
  it.each([
    { name: "no request", times: [], over: 0 },
    { name: "exactly the budget in one window", times: [0, 1, 2], over: 0 },
    { name: "one over: the fourth request", times: [0, 1, 2, 3], over: 1 },
    { name: "every request past the budget counts", times: [0, 1, 2, 3, 4, 5], over: 3 },
    // Half-open, as the ban counts: a request exactly one window old has left it.
    { name: "a request exactly windowMs old no longer counts", times: [0, 1, 2, 1000], over: 0 },
    { name: "one ms earlier it does", times: [0, 1, 2, 999], over: 1 },
    {
      name: "the budget in each of several windows",
      times: [0, 1, 2, 1000, 1001, 1002, 2000, 2001, 2002],
      over: 0,
    },
  ])("$name", ({ times, over }) => {
    expect(statsAt(times).windowsOverBudget(3, 1000)).toBe(over);
  });

  it("agrees with the most in any window", () => {
    const stats = statsAt([0, 10, 20, 30, 40, 1035, 1041]);
    expect(stats.maxInWindow(1000)).toBe(5);
    expect(stats.windowsOverBudget(5, 1000)).toBe(0);
    // Only the request at 40 completes a window of five; by 1035 the first four have left it.
    expect(stats.windowsOverBudget(4, 1000)).toBe(1);
  });
});
