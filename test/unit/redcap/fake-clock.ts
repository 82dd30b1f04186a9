import type { Clock } from "../../../src/types.js";

// Virtual time for the rate window and retry tests: nothing waits in real time.

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

export class FakeClock implements Clock {
  private time = 0;
  private seq = 0;
  private timers: Timer[] = [];
  readonly sleeps: number[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer: Timer = {
        at: this.time + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Fires timers in time order (ties in creation order) until none is left, letting promises settle between. */
  async runAll(limit = 100_000): Promise<void> {
    await settle();
    for (let i = 0; i < limit; i += 1) {
      const next = this.timers.reduce<Timer | undefined>(
        (best, t) =>
          best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq) ? t : best,
        undefined,
      );
      if (next === undefined) return;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = Math.max(this.time, next.at);
      next.resolve();
      await settle();
    }
    throw new Error("FakeClock.runAll: too many timers");
  }
}

/** Lets every pending promise callback run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
