import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import type { Clock } from "./types.js";

/**
 * Real time for real runs; tests pass their own Clock. Monotonic: the rate window must not release
 * slots early when the system clock is stepped forward (an NTP correction, a hand-set time), or a
 * run could exceed REDCap's ban threshold. It still reads as milliseconds since the epoch.
 */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: async (ms, signal) => {
    await delay(Math.max(0, ms), undefined, signal === undefined ? {} : { signal });
  },
};
