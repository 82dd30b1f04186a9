import { setTimeout as delay } from "node:timers/promises";
import type { Clock } from "../types.js";

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    await delay(ms, undefined, signal === undefined ? undefined : { signal });
  },
};
