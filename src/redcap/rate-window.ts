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

// Pacing (why a second, short window): the window above is per process and starts empty, so on its
// own every run may send its whole budget at once. REDCap counts every process behind the address,
// and a state file shared between runs is not an option (a run writes nothing outside its folder),
// so back-to-back runs (a shell loop) would each add a full burst of `count` to one server window:
// three runs at 50/60s can put up to 150 requests in one minute. The client therefore also takes a
// slot in a burst window of B = min(count, 10) requests per B × windowMs / count: the same long-run
// rate, but never more than B at once. A run's requests in any span L then number at most B × (⌊L / burst
// window⌋ + 1), so runs started one after another add at most ~B per run boundary to any server
// window (count + B for two runs in one window, count + 2B for three …) instead of a whole budget.
// What remains per process: two runs started at the same moment (two terminals, two users behind
// one NAT) each have their own budget, and together may send 2 × count in one window.

/**
 * The burst window that paces a client: B = min(count, 10) requests per ⌈B × windowMs / count⌉ ms,
 * so at most B requests go out at once while the long-run rate stays `count` per `windowMs`. With
 * count ≤ 10 it equals `limit` (and adds nothing).
 */
export function burstLimit(limit: RateLimit): RateLimit {
  validateRateLimit(limit);
  const count = Math.min(limit.count, 10);
  return { count, windowMs: Math.ceil((count * limit.windowMs) / limit.count) };
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
