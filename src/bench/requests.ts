// Survey requests per letter, counted by the simulator for a whole `generate` run in this process:
// participants the participant list ties to a record, participants it does not, and a re-render of
// the same run folder. Counts, not times: the same on every machine.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pickDisplayToken, type RunningSimulator, startSimulator } from "../simulator/index.js";
import { benchIds, benchProject, writeBenchRoster } from "./bench-project.js";
import { generateInProcess } from "./generate-run.js";

const SURVEY_METHODS = ["surveyAccessCode", "surveyLink", "surveyReturnCode", "participantList"];

export interface RequestFigures {
  readonly letters: number;
  /** Survey requests per letter on a first run, every participant listed with an identifier. */
  readonly mapped: number;
  /** The same with no participant tied to a record: the three per-record calls. */
  readonly unmapped: number;
  /** `--rerender` of the mapped run folder. */
  readonly rerender: number;
}

export async function measureRequests(letters: number): Promise<RequestFigures> {
  const dir = await mkdtemp(join(tmpdir(), "rp-bench-requests-"));
  try {
    const mapped = await firstRunAndRerender(dir, "mapped", letters, true);
    const unmapped = await firstRunAndRerender(dir, "unmapped", letters, false);
    return { letters, mapped: mapped.first, unmapped: unmapped.first, rerender: mapped.rerender };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function firstRunAndRerender(dir: string, name: string, letters: number, listed: boolean) {
  const ids = benchIds(letters);
  const project = await benchProject(ids, listed, name);
  // A ban threshold out of the way: this counts requests, it does not pace them.
  const sim = await startSimulator({ project, port: 0, ban: { count: 1_000_000, windowMs: 60_000 } });
  try {
    const roster = join(dir, `${name}.csv`);
    await writeBenchRoster(roster, ids);
    const run = async (extra: string[]) => {
      const before = surveyRequests(sim);
      const args = { roster, apiUrl: sim.apiUrl, out: join(dir, name), rateLimit: "6000/60s", extra };
      await generateInProcess(args, pickDisplayToken(project), dir);
      return (surveyRequests(sim) - before) / letters;
    };
    return { first: await run([]), rerender: await run(["--rerender"]) };
  } finally {
    await sim.close();
  }
}

export function surveyRequests(sim: RunningSimulator): number {
  return SURVEY_METHODS.reduce((n, m) => n + sim.stats.count(m), 0);
}
