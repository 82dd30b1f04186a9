// What the simulator saw, so tests can check a client's request count and its sliding window.

export interface RequestLogEntry {
  readonly at: number;
  readonly ip: string;
  readonly method: string;
  readonly path: string;
  /** The API `content` ("" for anything that is not an API POST). */
  readonly content: string;
  readonly record: string;
}

/** Long rehearsals must not grow memory without bound. */
const MAX_ENTRIES = 100_000;

export class SimulatorStats {
  #entries: RequestLogEntry[] = [];
  #total = 0;
  #byContent = new Map<string, number>();

  record(entry: RequestLogEntry): void {
    this.#total += 1;
    if (entry.content !== "")
      this.#byContent.set(entry.content, (this.#byContent.get(entry.content) ?? 0) + 1);
    this.#entries.push(entry);
    if (this.#entries.length > MAX_ENTRIES) this.#entries.splice(0, this.#entries.length - MAX_ENTRIES);
  }

  /** Every request that reached the server (API or not, banned or not). */
  get total(): number {
    return this.#total;
  }

  get byContent(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.#byContent);
  }

  count(content: string): number {
    return this.#byContent.get(content) ?? 0;
  }

  get requests(): readonly RequestLogEntry[] {
    return [...this.#entries];
  }

  get timestamps(): readonly number[] {
    return this.#entries.map((e) => e.at);
  }

  /** The most requests seen in any half-open window of `windowMs` (what REDCap's ban counts). */
  maxInWindow(windowMs: number): number {
    const times = this.timestamps;
    let best = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while ((times[start] ?? 0) <= (times[end] ?? 0) - windowMs) start++;
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  /**
   * How many requests arrived when the trailing half-open window of `windowMs` (themselves included)
   * already held more than `count`: each one is a request REDCap's ban would have counted over budget.
   * 0 means no window ever held more than `count`.
   */
  windowsOverBudget(count: number, windowMs: number): number {
    const times = this.timestamps;
    let over = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while ((times[start] ?? 0) <= (times[end] ?? 0) - windowMs) start++;
      if (end - start + 1 > count) over += 1;
    }
    return over;
  }

  reset(): void {
    this.#entries = [];
    this.#total = 0;
    this.#byContent = new Map();
  }
}
