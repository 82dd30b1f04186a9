import type { Clock } from "../../src/types.js";

// Virtual time for the rate window, retry and ban tests: nothing waits in real time, and the client
// and the simulator can share one clock so the window is measured on the server's side.

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fire: () => void;
}

export class VirtualClock implements Clock {
  private time: number;
  private seq = 0;
  private timers: Timer[] = [];
  /** Every sleep asked for, in order. */
  readonly sleeps: number[] = [];

  constructor(start = 0) {
    this.time = start;
  }

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
        fire: () => {
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

  /** Fires the earliest timer (ties in creation order); false when there is none. */
  fireNext(): boolean {
    const next = this.timers.reduce<Timer | undefined>(
      (best, t) =>
        best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq) ? t : best,
      undefined,
    );
    if (next === undefined) return false;
    this.timers = this.timers.filter((t) => t !== next);
    this.time = Math.max(this.time, next.at);
    next.fire();
    return true;
  }

  /** Fires timers in time order until none is left, letting promises settle between. */
  async runAll(limit = 100_000): Promise<void> {
    await settle();
    for (let i = 0; i < limit; i += 1) {
      if (!this.fireNext()) return;
      await settle();
    }
    throw new Error("VirtualClock.runAll: too many timers");
  }

  /** Runs `work`, moving time forward whenever `idle()` says nothing is on the wire (real I/O in between). */
  async drive<T>(work: Promise<T>, idle: () => boolean): Promise<T> {
    let done = false;
    const watched = work.finally(() => {
      done = true;
    });
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (idle()) this.fireNext();
    }
    return watched;
  }
}

/** Lets every pending promise callback run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
