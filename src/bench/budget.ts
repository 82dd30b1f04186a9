// Budget utilization: our REDCap client sending survey requests as fast as its rate limit allows, to
// the simulator over real HTTP with 50–150 ms latency, for several windows. The server's side decides:
// its arrival times give the rate, and its count of requests over budget must stay 0.

import { createRedcapClient, type RedcapClient } from "../redcap/client.js";
import { pickDisplayToken, type RunningSimulator, startSimulator } from "../simulator/index.js";
import type { RateLimit } from "../types.js";
import { BENCH_INSTRUMENT, benchIds, benchProject } from "./bench-project.js";

/** The simulator's latency: 50 ms plus up to 100 ms of jitter. */
export const BENCH_LATENCY = { latencyMs: 50, latencyJitterMs: 100 } as const;
/** What `generate` uses by default. */
const CONCURRENCY = 4;

export interface BudgetFigures {
  readonly budget: RateLimit;
  /** Requests that arrived from the first one up to (not including) the first after `windows` windows. */
  readonly requests: number;
  /** That span, in windows (at least the number asked for). */
  readonly windowsElapsed: number;
  /** requests / (budget.count × windowsElapsed); 1 is the most a sliding window allows. */
  readonly utilization: number;
  /** The simulator's count of requests that completed a window holding more than the budget. */
  readonly overBudget: number;
  readonly banned: boolean;
}

export async function measureBudget(budget: RateLimit, windows: number): Promise<BudgetFigures> {
  const ids = benchIds(20);
  const project = await benchProject(ids, true, "budget");
  // The ban at the budget itself: one request over it and the run stops, as on a real server.
  const sim = await startSimulator({ project, port: 0, ...BENCH_LATENCY, ban: budget });
  const client = createRedcapClient({
    apiUrl: sim.apiUrl,
    token: pickDisplayToken(project),
    rateLimit: budget,
    concurrency: CONCURRENCY,
    timeoutMs: 30_000,
  });
  try {
    const spanned = () => arrivalSpan(sim.stats.timestamps) >= windows * budget.windowMs;
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => sendUntil(client, ids, w, spanned)));
    return figures(sim, budget, windows);
  } finally {
    client.close();
    await sim.close();
  }
}

/** One of `CONCURRENCY` loops: the client's limiter paces them; a ban ends them all. */
async function sendUntil(client: RedcapClient, ids: readonly string[], worker: number, done: () => boolean) {
  for (let i = worker; !done() && !client.stopped; i += CONCURRENCY) {
    const recordId = ids[i % ids.length] ?? "";
    await client
      .surveyReturnCode({ recordId, instrument: BENCH_INSTRUMENT, event: undefined, repeatInstance: 1 })
      .catch((error: unknown) => {
        if (!client.stopped) throw error;
      });
  }
}

function arrivalSpan(times: readonly number[]): number {
  return (times.at(-1) ?? 0) - (times[0] ?? 0);
}

// The span ends at an arrival, not at a clock time: a span cut in a pause between bursts would read
// high or low by up to a burst.
function figures(sim: RunningSimulator, budget: RateLimit, windows: number): BudgetFigures {
  const times = sim.stats.timestamps;
  const first = times[0] ?? 0;
  const end = times.findIndex((t) => t - first >= windows * budget.windowMs);
  const last = end < 0 ? times.length - 1 : end;
  const windowsElapsed = ((times[last] ?? first) - first) / budget.windowMs;
  return {
    budget,
    requests: last,
    windowsElapsed,
    utilization: last / (budget.count * windowsElapsed),
    overBudget: sim.stats.windowsOverBudget(budget.count, budget.windowMs),
    banned: sim.bans.bannedIps.length > 0,
  };
}
