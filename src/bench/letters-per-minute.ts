// Letters per minute at the default budget (300 requests per 60 s): the whole `generate` pipeline in
// this process against the naive client, both to the simulator at 50–150 ms latency. The simulator
// bans no one here; it counts, so the naive client's pace can be set against REDCap's ban threshold.

import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadLetterKit } from "../letters/index.js";
import { pickDisplayToken, startSimulator } from "../simulator/index.js";
import { benchIds, benchProject, writeBenchRoster } from "./bench-project.js";
import { BENCH_LATENCY } from "./budget.js";
import { generateInProcess } from "./generate-run.js";
import { naiveLetters } from "./naive-client.js";

const MINUTE = 60_000;

export interface RateFigures {
  readonly letters: number;
  readonly seconds: number;
  readonly lettersPerMinute: number;
  /** Every request the simulator received (preflight and lists included). */
  readonly requests: number;
  /** Most requests in any 60 s the simulator saw; from the run's rate when the run was shorter. */
  readonly mostPerMinute: number;
  readonly extrapolated: boolean;
}

/** A first `generate` run of `letters` letters at the default budget; `listed`: one request a letter. */
export function pipelineRate(letters: number, listed: boolean): Promise<RateFigures> {
  const ids = benchIds(letters);
  return inTempDir("rp-bench-pipeline-", async (dir) => {
    const project = await benchProject(ids, listed, "pipeline");
    const sim = await startSimulator({ project, port: 0, ...BENCH_LATENCY, ban: false });
    try {
      const roster = join(dir, "roster.csv");
      await writeBenchRoster(roster, ids);
      const started = performance.now();
      await generateInProcess(
        { roster, apiUrl: sim.apiUrl, out: join(dir, "run") },
        pickDisplayToken(project),
        dir,
      );
      return rate(letters, performance.now() - started, sim.stats.total, sim.stats.maxInWindow(MINUTE));
    } finally {
      await sim.close();
    }
  });
}

/** The naive client for `durationMs` (and the letter under way). */
export function naiveRate(durationMs: number): Promise<RateFigures> {
  const ids = benchIds(1_000);
  return inTempDir("rp-bench-naive-", async (dir) => {
    const project = await benchProject(ids, false, "naive");
    const sim = await startSimulator({ project, port: 0, ...BENCH_LATENCY, ban: false });
    try {
      const target = { apiUrl: sim.apiUrl, token: pickDisplayToken(project), ids, dir: join(dir, "letters") };
      await mkdir(target.dir);
      const started = performance.now();
      const kit = await loadLetterKit();
      const letters = await naiveLetters(kit, target, durationMs);
      return rate(letters, performance.now() - started, sim.stats.total, sim.stats.maxInWindow(MINUTE));
    } finally {
      await sim.close();
    }
  });
}

function rate(letters: number, ms: number, requests: number, mostInWindow: number): RateFigures {
  const extrapolated = ms < MINUTE;
  return {
    letters,
    seconds: ms / 1000,
    lettersPerMinute: (letters * MINUTE) / ms,
    requests,
    mostPerMinute: extrapolated ? (requests * MINUTE) / ms : mostInWindow,
    extrapolated,
  };
}

async function inTempDir<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
