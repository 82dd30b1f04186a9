import { describe, expect, it } from "vitest";
import {
  formatDuration,
  mostPerMinute,
  parseDuration,
  parseRateLimit,
} from "../../../src/config/duration.js";
import { UsageError } from "../../../src/errors.js";

const HINT = 'expected a number and a unit (ms, s, m or h), e.g. "30s", "500ms", "1.5s" or "1m"';

describe("parseDuration", () => {
  it.each([
    ["30s", 30_000],
    ["1m", 60_000],
    ["500ms", 500],
    ["2s", 2_000],
    ["1.5s", 1_500],
    ["0s", 0],
    ["1h", 3_600_000],
    [" 45s ", 45_000],
  ])("%j is %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ["30", `"30" is not a duration; ${HINT}`],
    ["30 s", `"30 s" is not a duration; ${HINT}`],
    ["-1s", `"-1s" is not a duration; ${HINT}`],
    ["1.5ms", `"1.5ms" is not a whole number of milliseconds up to about 24 days; ${HINT}`],
    ["30d", `"30d" is not a duration; ${HINT}`],
    ["", `"" is not a duration; ${HINT}`],
    ["1000h", `"1000h" is not a whole number of milliseconds up to about 24 days; ${HINT}`],
  ])("%j is refused", (text, message) => {
    expect(() => parseDuration(text)).toThrow(new UsageError(message));
  });

  it.each([
    [60_000, "1m"],
    [1_500, "1500ms"],
    [30_000, "30s"],
    [0, "0ms"],
  ])("formats %d as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("parseRateLimit", () => {
  it.each([
    ["300/60s", 300, 60_000],
    ["300/1m", 300, 60_000],
    ["10/2s", 10, 2_000],
    [" 5 / 500ms ", 5, 500],
  ])("%j", (text, count, windowMs) => {
    expect(parseRateLimit(text)).toEqual({ count, windowMs });
  });

  it.each([
    ["300", '"300" is not a rate limit; expected COUNT/DURATION, e.g. "300/60s" or "300/1m"'],
    ["300/60", '"300/60" is not a rate limit; expected COUNT/DURATION, e.g. "300/60s" or "300/1m"'],
    ["1.5/1s", '"1.5/1s" is not a rate limit; expected COUNT/DURATION, e.g. "300/60s" or "300/1m"'],
    ["a/b/c", '"a/b/c" is not a rate limit; expected COUNT/DURATION, e.g. "300/60s" or "300/1m"'],
    [
      "0/60s",
      '"0/60s" allows no request at all; expected a count of 1 or more and a duration longer than 0, e.g. "300/60s"',
    ],
    [
      "5/0s",
      '"5/0s" allows no request at all; expected a count of 1 or more and a duration longer than 0, e.g. "300/60s"',
    ],
  ])("%j is refused", (text, message) => {
    expect(() => parseRateLimit(text)).toThrow(new UsageError(message));
  });

  it.each([
    [{ count: 300, windowMs: 60_000 }, 300],
    [{ count: 10, windowMs: 1_000 }, 600],
    [{ count: 7, windowMs: 25_000 }, 21],
    [{ count: 1000, windowMs: 3_600_000 }, 1000],
  ])("%j allows at most %d requests in a minute", (limit, most) => {
    expect(mostPerMinute(limit)).toBe(most);
  });
});
