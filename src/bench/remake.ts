// One packet made again, whole process: `generate --records <id> --force` of the built CLI in a fresh
// node process, on a run folder that keeps the codes already (no survey request), at 50–150 ms latency.
// What a user waits for when one letter was lost.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pickDisplayToken, startSimulator } from "../simulator/index.js";
import { benchIds, benchProject, writeBenchRoster } from "./bench-project.js";
import { BENCH_LATENCY } from "./budget.js";
import { generateInProcess, generateProcess } from "./generate-run.js";
import { surveyRequests } from "./requests.js";

export interface RemakeFigures {
  readonly runs: number;
  /** Median wall time of one process, start to exit. */
  readonly medianSeconds: number;
  /** Requests per remake (preflight), and of them survey requests (0 with the codes kept). */
  readonly requests: number;
  readonly surveyRequests: number;
}

export async function measureRemake(runs: number): Promise<RemakeFigures> {
  const dir = await mkdtemp(join(tmpdir(), "rp-bench-remake-"));
  const ids = benchIds(20);
  const project = await benchProject(ids, true, "remake");
  const token = pickDisplayToken(project);
  const sim = await startSimulator({ project, port: 0, ...BENCH_LATENCY, ban: false });
  try {
    const roster = join(dir, "roster.csv");
    await writeBenchRoster(roster, ids);
    const run = { roster, apiUrl: sim.apiUrl, out: join(dir, "run") };
    await generateInProcess(run, token, dir);
    const [total, survey] = [sim.stats.total, surveyRequests(sim)];
    const times: number[] = [];
    const again = { ...run, extra: ["--records", ids[0] ?? "", "--force"] };
    for (let i = 0; i < runs; i++) times.push(await generateProcess(again, { token, cwd: dir }));
    times.sort((a, b) => a - b);
    return {
      runs,
      medianSeconds: (times[Math.floor(runs / 2)] ?? Number.NaN) / 1000,
      requests: (sim.stats.total - total) / runs,
      surveyRequests: (surveyRequests(sim) - survey) / runs,
    };
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
