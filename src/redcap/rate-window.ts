import type { Clock, RateLimit } from "../types.js";

// REDCap bans an IP permanently for one request over its limit in any trailing 60 s, so the limit
// here is a hard sliding window (like p-queue's `interval` + `intervalCap` with `strict`), never a
// token bucket that allows bursts: at most `count` request starts in ANY span of `windowMs`.
//
// Why it holds under any concurrency: callers queue FIFO and only the head of the queue takes a
// slot. Taking a slot is synchronous — read the clock, compare with the start `count` places back,
// record — so no two callers can both see a free slot. Recorded starts are therefore ascending and
// start[i] - start[i - count] >= windowMs for every i, which is exactly "no window holds more than
// `count`". The request itself goes out right after acquire() resolves, so it can only be later
// than its recorded start. REDCap counts arrivals, not starts: if an earlier request travels longer
// than one `count` places later, both can land in one server window. The guard widens every window
// by a little time so that differences in network delay up to the guard can never do that.

/** The guard a client uses: 2 % of the window, at most one second (≥ 98 % of the budget stays usable). */
export function arrivalGuardMs(limit: RateLimit): number {
  return Math.min(1_000, Math.ceil(limit.windowMs * 0.02));
}

export class RateWindow {
  /** Recorded starts of the last `count` slots, oldest first. */
  private readonly starts: number[] = [];
  private tail: Promise<void> = Promise.resolve();
  private taken = 0;

  constructor(
    readonly limit: RateLimit,
    private readonly clock: Clock,
    /** Extra spacing between a start and the start `count` places later (see arrivalGuardMs). */
    private readonly guardMs = 0,
  ) {
    validateRateLimit(limit);
  }

  /** Slots handed out so far: every request the process has started through this window. */
  get acquired(): number {
    return this.taken;
  }

  /**
   * Resolves when a request may start now, with its slot already counted. Rejects (without taking
   * a slot) when `signal` aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.tail.then(() => this.takeSlot(signal));
    // The next caller waits for this one whether it succeeds or is aborted.
    this.tail = turn.catch(() => {});
    return signal === undefined ? turn : raceAbort(turn, signal);
  }

  private async takeSlot(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      const oldest = this.starts.length < this.limit.count ? undefined : this.starts[0];
      const spacing = this.limit.windowMs + this.guardMs;
      if (oldest === undefined || now - oldest >= spacing) {
        if (oldest !== undefined) this.starts.shift();
        this.starts.push(now);
        this.taken += 1;
        return;
      }
      await this.clock.sleep(oldest + spacing - now, signal);
    }
  }
}

/** Rejects as soon as the signal aborts, even while still queued behind others. */
function raceAbort(turn: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    turn.then(
      () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

export function validateRateLimit(limit: RateLimit): void {
  if (!Number.isSafeInteger(limit.count) || limit.count < 1) {
    throw new RangeError(`A rate limit needs a whole number of requests of at least 1 (got ${limit.count})`);
  }
  if (!Number.isFinite(limit.windowMs) || limit.windowMs <= 0) {
    throw new RangeError(`A rate limit needs a window longer than 0 ms (got ${limit.windowMs})`);
  }
}
