import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arrivalGuardMs, burstLimit, RateWindow } from "../../../src/redcap/rate-window.js";
import type { RateLimit } from "../../../src/types.js";
import { settle, VirtualClock } from "../../helpers/virtual-clock.js";

/** The most starts in any half-open window of `windowMs` (what REDCap's ban counts). */
function maxInWindow(starts: readonly number[], windowMs: number): number {
  const times = [...starts].sort((a, b) => a - b);
  let best = 0;
  let first = 0;
  for (let last = 0; last < times.length; last += 1) {
    while ((times[first] ?? 0) <= (times[last] ?? 0) - windowMs) first += 1;
    best = Math.max(best, last - first + 1);
  }
  return best;
}

describe("RateWindow", () => {
  it("lets `count` start at once, then the next exactly one window after the first", async () => {
    const clock = new VirtualClock();
    const window = new RateWindow({ count: 3, windowMs: 1000 }, clock);
    const starts: number[] = [];
    for (let i = 0; i < 7; i += 1) void window.acquire().then(() => starts.push(clock.now()));
    await clock.runAll();
    expect(starts).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
    expect(window.acquired).toBe(7);
  });

  it("an aborted waiter rejects at once and takes no slot", async () => {
    const clock = new VirtualClock();
    const window = new RateWindow({ count: 1, windowMs: 1000 }, clock);
    await window.acquire();
    const stop = new AbortController();
    const waiting = window.acquire(stop.signal);
    const queued = window.acquire(stop.signal);
    stop.abort(new Error("stopped"));
    await expect(waiting).rejects.toThrow("stopped");
    await expect(queued).rejects.toThrow("stopped");
    await clock.runAll();
    expect(window.acquired).toBe(1);
    // The window still works for others after the aborted ones.
    const later = window.acquire();
    await clock.runAll();
    await later;
    expect(window.acquired).toBe(2);
    expect(clock.now()).toBe(1000);
  });

  it.each([
    [{ count: 0, windowMs: 1000 }],
    [{ count: 1.5, windowMs: 1000 }],
    [{ count: 5, windowMs: 0 }],
    [{ count: 5, windowMs: Number.NaN }],
  ])("refuses the limit %o up front", (limit) => {
    expect(() => new RateWindow(limit, new VirtualClock())).toThrow(RangeError);
  });

  it("never lets any window hold more than `count` starts, and starts each as early as FIFO allows", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.array(fc.record({ gap: fc.nat({ max: 1500 }), abortAfter: fc.option(fc.nat({ max: 3000 })) }), {
          maxLength: 40,
          // Default sizes keep arrays near ten items: too few to fill a window several times over.
          size: "max",
        }),
        async (count, windowMs, arrivals) => {
          const clock = new VirtualClock();
          const window = new RateWindow({ count, windowMs }, clock);
          const starts: { index: number; at: number }[] = [];
          let at = 0;
          arrivals.forEach((arrival, index) => {
            at += arrival.gap;
            const stop = new AbortController();
            void clock.sleep(at).then(() => {
              if (arrival.abortAfter !== null) void clock.sleep(arrival.abortAfter).then(() => stop.abort());
              window.acquire(stop.signal).then(
                () => starts.push({ index, at: clock.now() }),
                () => {},
              );
            });
          });
          await clock.runAll();
          await settle();
          const times = starts.map((s) => s.at);
          expect(maxInWindow(times, windowMs)).toBeLessThanOrEqual(count);
          expect(window.acquired).toBe(starts.length);
          // Without aborts the schedule is exact: start_i = max(arrival_i, start_{i-1}, start_{i-count} + window).
          if (arrivals.every((a) => a.abortAfter === null)) {
            const expected: number[] = [];
            let arrival = 0;
            arrivals.forEach((a, i) => {
              arrival += a.gap;
              const previous = expected[i - 1] ?? 0;
              const windowBack = i >= count ? (expected[i - count] ?? 0) + windowMs : 0;
              expected.push(Math.max(arrival, previous, windowBack));
            });
            expect(starts.map((s) => s.index)).toEqual(arrivals.map((_, i) => i));
            expect(times).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the arrival guard", () => {
  it.each([
    [{ count: 300, windowMs: 60_000 }, 1_000],
    [{ count: 40, windowMs: 2_000 }, 40],
    [{ count: 1, windowMs: 10 }, 1],
  ])("for %o is %i ms", (limit, guard) => {
    expect(arrivalGuardMs(limit)).toBe(guard);
  });

  it("spaces a start and the one `count` places later by the window plus the guard", async () => {
    const clock = new VirtualClock();
    const window = new RateWindow({ count: 2, windowMs: 1000 }, clock, 50);
    const starts: number[] = [];
    for (let i = 0; i < 5; i += 1) void window.acquire().then(() => starts.push(clock.now()));
    await clock.runAll();
    expect(starts).toEqual([0, 0, 1050, 1050, 2100]);
  });
});

describe("pacing: the burst window", () => {
  it.each([
    [
      { count: 300, windowMs: 60_000 },
      { count: 10, windowMs: 2_000 },
    ],
    [
      { count: 50, windowMs: 60_000 },
      { count: 10, windowMs: 12_000 },
    ],
    [
      { count: 40, windowMs: 2_000 },
      { count: 10, windowMs: 500 },
    ],
    [
      { count: 7, windowMs: 60_000 },
      { count: 7, windowMs: 60_000 },
    ],
    [
      { count: 10, windowMs: 1_000 },
      { count: 10, windowMs: 1_000 },
    ],
    [
      { count: 1, windowMs: 500 },
      { count: 1, windowMs: 500 },
    ],
    // Rounded up: never faster than `count` per window in the long run.
    [
      { count: 30, windowMs: 1_000 },
      { count: 10, windowMs: 334 },
    ],
  ])("for %o is %o", (limit, burst) => {
    expect(burstLimit(limit)).toEqual(burst);
  });

  it("equals the limit itself whenever count ≤ 10 (so the window tests above are unaffected)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 3_600_000 }),
        (count, windowMs) => {
          expect(burstLimit({ count, windowMs })).toEqual({ count, windowMs });
        },
      ),
    );
  });

  it("refuses what RateWindow refuses", () => {
    expect(() => burstLimit({ count: 0, windowMs: 1000 })).toThrow(RangeError);
  });

  /** The client's order: burst window first, the main window (with its guard) last, then the send. */
  function pacedClient(limit: RateLimit, clock: VirtualClock) {
    const main = new RateWindow(limit, clock, arrivalGuardMs(limit));
    const burst = new RateWindow(burstLimit(limit), clock);
    return async (signal?: AbortSignal) => {
      await burst.acquire(signal);
      await main.acquire(signal);
    };
  }

  it("at 50/60s sends 10 at once, then 10 every 12 s", async () => {
    const clock = new VirtualClock();
    const acquire = pacedClient({ count: 50, windowMs: 60_000 }, clock);
    const starts: number[] = [];
    for (let i = 0; i < 30; i += 1) void acquire().then(() => starts.push(clock.now()));
    await clock.runAll();
    expect(starts).toEqual([...Array(10).fill(0), ...Array(10).fill(12_000), ...Array(10).fill(24_000)]);
  });

  it("no span of B × window / count holds more than B sends, no window more than count", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 100, max: 5_000 }),
        fc.array(
          fc.record({
            // Mostly crowded arrivals (what bursts are made of), some quiet stretches.
            gap: fc.oneof(fc.constant(0), fc.nat({ max: 50 }), fc.nat({ max: 2_000 })),
            abortAfter: fc.option(fc.nat({ max: 3000 }), { freq: 5 }),
          }),
          // "max": fast-check's default size would keep arrays to about ten arrivals, too few for bursts.
          { maxLength: 150, size: "max" },
        ),
        async (count, windowMs, arrivals) => {
          const limit = { count, windowMs };
          const burst = burstLimit(limit);
          const clock = new VirtualClock();
          const acquire = pacedClient(limit, clock);
          const starts: number[] = [];
          let at = 0;
          for (const arrival of arrivals) {
            at += arrival.gap;
            const stop = new AbortController();
            void clock.sleep(at).then(() => {
              if (arrival.abortAfter !== null) void clock.sleep(arrival.abortAfter).then(() => stop.abort());
              acquire(stop.signal).then(
                () => starts.push(clock.now()),
                () => {},
              );
            });
          }
          await clock.runAll();
          await settle();
          expect(burst.count).toBe(Math.min(count, 10));
          expect(burst.windowMs).toBe(Math.ceil((burst.count * windowMs) / count));
          expect(maxInWindow(starts, burst.windowMs)).toBeLessThanOrEqual(burst.count);
          expect(maxInWindow(starts, windowMs)).toBeLessThanOrEqual(count);
        },
      ),
      { numRuns: 200 },
    );
  });
});
