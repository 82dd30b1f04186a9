import { UsageError } from "../errors.js";
import type { RateLimit } from "../types.js";
import { echo } from "./problems.js";

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

export const DURATION_HINT =
  'expected a number and a unit (ms, s, m or h), e.g. "30s", "500ms", "1.5s" or "1m"';
export const RATE_HINT = 'expected COUNT/DURATION, e.g. "300/60s" or "300/1m"';

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

/** A duration such as `30s`, `500ms`, `1.5s`, `1m` in whole milliseconds (0 allowed). */
export function readDuration(text: string): Parsed<number> {
  const match = DURATION.exec(text.trim());
  const unit = UNIT_MS[match?.[2] ?? ""];
  if (match === null || unit === undefined) {
    return { ok: false, message: `${echo(text)} is not a duration; ${DURATION_HINT}` };
  }
  const ms = Number(match[1]) * unit;
  if (!Number.isInteger(ms) || ms > 2_147_483_647) {
    return {
      ok: false,
      message: `${echo(text)} is not a whole number of milliseconds up to about 24 days; ${DURATION_HINT}`,
    };
  }
  return { ok: true, value: ms };
}

/** `N/DURATION`: never more than N requests in any sliding window of DURATION. */
export function readRateLimit(text: string): Parsed<RateLimit> {
  const parts = text.trim().split("/");
  const count = parts[0]?.trim() ?? "";
  const window = parts.length === 2 ? readDuration(parts[1] ?? "") : undefined;
  if (!/^\d+$/.test(count) || window === undefined || !window.ok) {
    return { ok: false, message: `${echo(text)} is not a rate limit; ${RATE_HINT}` };
  }
  if (Number(count) < 1 || window.value < 1) {
    return {
      ok: false,
      message: `${echo(text)} allows no request at all; expected a count of 1 or more and a duration longer than 0, e.g. "300/60s"`,
    };
  }
  return { ok: true, value: { count: Number(count), windowMs: window.value } };
}

/** Throws a UsageError naming the value and an example. */
export function parseDuration(text: string): number {
  const parsed = readDuration(text);
  if (!parsed.ok) throw new UsageError(parsed.message);
  return parsed.value;
}

export function parseRateLimit(text: string): RateLimit {
  const parsed = readRateLimit(text);
  if (!parsed.ok) throw new UsageError(parsed.message);
  return parsed.value;
}

/** Most requests the limit lets through in some 60-second stretch (REDCap's ban counts per trailing 60 s). */
export function mostPerMinute(limit: RateLimit): number {
  return limit.count * Math.ceil(60_000 / Math.min(limit.windowMs, 60_000));
}

/** 60000 → "1m", 1500 → "1500ms", 30000 → "30s": the shortest exact form. */
export function formatDuration(ms: number): string {
  if (ms !== 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms !== 0 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
