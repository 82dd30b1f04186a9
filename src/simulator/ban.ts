// REDCap's only limiter: all requests from one IP over the trailing window; one over the threshold
// and the IP is banned for good (until an administrator lifts it, i.e. the life of the simulator).
import type { Clock, RateLimit } from "../types.js";

export const DEFAULT_BAN: RateLimit = { count: 600, windowMs: 60_000 };

export function banMessage(ip: string): string {
  return `Your IP address (${ip}) has been banned due to suspected abuse.`;
}

export class BanList {
  readonly #hits = new Map<string, number[]>();
  readonly #banned = new Set<string>();

  constructor(
    readonly limit: RateLimit | false,
    private readonly clock: Pick<Clock, "now">,
  ) {}

  /**
   * Count one request and say whether it may proceed. The window is half-open: a request exactly
   * `windowMs` old no longer counts, so `count` requests per `windowMs` (as a client's sliding
   * window measures them) never trip it. The request that crosses the threshold is still answered:
   * REDCap records the ban while serving it, and refuses from the next request on.
   */
  admit(ip: string): boolean {
    if (this.#banned.has(ip)) return false;
    if (this.limit === false) return true;
    const now = this.clock.now();
    const since = now - this.limit.windowMs;
    const hits = this.#hits.get(ip) ?? [];
    while (hits[0] !== undefined && hits[0] <= since) hits.shift();
    hits.push(now);
    this.#hits.set(ip, hits);
    if (hits.length > this.limit.count) {
      this.#banned.add(ip);
      this.#hits.delete(ip);
    }
    return true;
  }

  isBanned(ip: string): boolean {
    return this.#banned.has(ip);
  }

  get bannedIps(): readonly string[] {
    return [...this.#banned];
  }

  /** What an administrator does by hand on a real server. */
  lift(ip: string): void {
    this.#banned.delete(ip);
  }
}
