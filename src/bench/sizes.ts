// How big each benchmark runs: the full sizes, or the quick ones (`--quick`, BENCH_QUICK=1) that make
// every figure in well under a minute, for CI, where times prove nothing. Each size can be set by an
// environment variable.

import { parseRateLimit } from "../config/index.js";
import type { RateLimit } from "../types.js";

export interface BenchSizes {
  readonly quick: boolean;
  /** Letters per separate-file render trial; a merged file has five times as many. */
  readonly renderLetters: number;
  readonly renderRounds: number;
  readonly requestLetters: number;
  /** A scaled budget, so that several windows pass in seconds. */
  readonly budget: RateLimit;
  readonly budgetWindows: number;
  /** Letters of the pipeline runs at the default budget: listed (one request each) and not. */
  readonly listedLetters: number;
  readonly unlistedLetters: number;
  readonly naiveMs: number;
  readonly rssRows: readonly number[];
  readonly remakeRuns: number;
  /** Rows of the run folder a packet is made again in (at least 3: three of its records are used). */
  readonly remakeRows: number;
}

const FULL = {
  BENCH_LETTERS: "60",
  BENCH_ROUNDS: "3",
  BENCH_REQUEST_LETTERS: "100",
  BENCH_BUDGET: "60/10s",
  BENCH_BUDGET_WINDOWS: "3",
  BENCH_LISTED_LETTERS: "290",
  BENCH_UNLISTED_LETTERS: "98",
  BENCH_NAIVE_SECONDS: "60",
  BENCH_RSS_ROWS: "1000,10000,50000",
  BENCH_REMAKE_RUNS: "5",
  BENCH_REMAKE_ROWS: "20",
};
type SizeName = keyof typeof FULL;

const QUICK: Record<SizeName, string> = {
  BENCH_LETTERS: "2",
  BENCH_ROUNDS: "1",
  BENCH_REQUEST_LETTERS: "2",
  // A 1 s window is within a loaded machine's scheduling noise (the client's arrival guard is 20 ms):
  // quick mode's ban figure is printed, not judged.
  BENCH_BUDGET: "10/1s",
  BENCH_BUDGET_WINDOWS: "3",
  BENCH_LISTED_LETTERS: "2",
  BENCH_UNLISTED_LETTERS: "1",
  BENCH_NAIVE_SECONDS: "1",
  BENCH_RSS_ROWS: "5,10",
  BENCH_REMAKE_RUNS: "1",
  BENCH_REMAKE_ROWS: "3",
};

export function benchSizes(
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[],
): BenchSizes {
  const quick = argv.includes("--quick") || env.BENCH_QUICK === "1";
  const text = (name: SizeName) => env[name] ?? (quick ? QUICK : FULL)[name];
  const count = (name: SizeName) => positive(name, Number(text(name)));
  return {
    quick,
    renderLetters: count("BENCH_LETTERS"),
    renderRounds: count("BENCH_ROUNDS"),
    requestLetters: count("BENCH_REQUEST_LETTERS"),
    budget: parseRateLimit(text("BENCH_BUDGET")),
    budgetWindows: count("BENCH_BUDGET_WINDOWS"),
    listedLetters: count("BENCH_LISTED_LETTERS"),
    unlistedLetters: count("BENCH_UNLISTED_LETTERS"),
    naiveMs: count("BENCH_NAIVE_SECONDS") * 1000,
    rssRows: text("BENCH_RSS_ROWS")
      .split(",")
      .map((rows) => positive("BENCH_RSS_ROWS", Number(rows))),
    remakeRuns: count("BENCH_REMAKE_RUNS"),
    remakeRows: Math.max(3, count("BENCH_REMAKE_ROWS")),
  };
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name} must be a whole number of at least 1`);
  return value;
}
