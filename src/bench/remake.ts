// One packet now, whole process, each in a fresh node process of the built CLI at 50–150 ms latency:
// `generate --records <id> --force` on a run folder that keeps the codes (a preflight, no survey
// request); `reprint --out <run> <id>` (no request, no token); and `generate --records <id>` for a
// participant the folder has never seen. What a front desk waits for.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pickDisplayToken, startSimulator } from "../simulator/index.js";
import { benchIds, benchProject, writeBenchRoster } from "./bench-project.js";
import { BENCH_LATENCY } from "./budget.js";
import { commandProcess, generateInProcess, generateProcess } from "./generate-run.js";
import { surveyRequests } from "./requests.js";

export interface RemakeFigures {
  readonly runs: number;
  /** Median wall time of one process, start to exit. */
  readonly medianSeconds: number;
  /** `reprint --out <run> <id>`: from run.json and the kept codes, no request at all. */
  readonly reprintSeconds: number;
  readonly reprintRequests: number;
  /** `generate --records <id>` for a participant the folder has no codes for (preflight, list, return code). */
  readonly newPacketSeconds: number;
  /** Requests per remake (preflight), and of them survey requests (0 with the codes kept). */
  readonly requests: number;
  readonly surveyRequests: number;
}

export async function measureRemake(runs: number, rows: number): Promise<RemakeFigures> {
  const dir = await mkdtemp(join(tmpdir(), "rp-bench-remake-"));
  const ids = benchIds(rows);
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
    const requests = (sim.stats.total - total) / runs;
    const surveys = (surveyRequests(sim) - survey) / runs;

    const beforeReprint = sim.stats.total;
    const reprints: number[] = [];
    for (let i = 0; i < runs; i++) {
      // No token at all: a reprint from kept codes needs none.
      reprints.push(
        await commandProcess(["reprint", "--out", run.out, ids[1] ?? ""], { token: "", cwd: dir }),
      );
    }
    const reprintRequests = (sim.stats.total - beforeReprint) / runs;

    // A participant the folder has never seen: a fresh folder each time, so every run fetches.
    const fresh: number[] = [];
    for (let i = 0; i < runs; i++) {
      const first = { ...run, out: join(dir, `new-${i}`), extra: ["--records", ids[2] ?? ""] };
      fresh.push(await generateProcess(first, { token, cwd: dir }));
    }
    return {
      runs,
      medianSeconds: median(times) / 1000,
      reprintSeconds: median(reprints) / 1000,
      reprintRequests,
      newPacketSeconds: median(fresh) / 1000,
      requests,
      surveyRequests: surveys,
    };
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
