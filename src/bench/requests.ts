// Survey requests per letter, counted by the simulator for a whole `generate` run in this process:
// participants the participant list ties to a record, participants it does not, and a re-render of
// the same run folder. Counts, not times: the same on every machine.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { runCli } from "../cli/program.js";
import { packagePath } from "../paths.js";
import { parseProject, pickDisplayToken, startSimulator } from "../simulator/index.js";

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
  const demo = JSON.parse(await readFile(packagePath("fixtures", "demo-project.json"), "utf8")) as {
    records: unknown[];
  };
  const ids = Array.from({ length: letters }, (_, i) => `B${String(i + 1).padStart(5, "0")}`);
  const records = ids.map((id) => ({ id, ...(listed ? { identifier: `P-${id}` } : {}) }));
  const project = parseProject({ ...demo, records }, `bench ${name}`);
  // A ban threshold out of the way: this counts requests, it does not pace them.
  const sim = await startSimulator({ project, port: 0, ban: { count: 1_000_000, windowMs: 60_000 } });
  try {
    const roster = join(dir, `${name}.csv`);
    const header = "record_id,first_name,last_name,address_1,city,state,postal_code";
    await writeFile(
      roster,
      [header, ...ids.map((id) => `${id},Ana,Silva,1 Main St,Miami,FL,33135`)].join("\n"),
    );
    const survey = () => SURVEY_METHODS.reduce((n, m) => n + sim.stats.count(m), 0);
    const run = async (extra: string[]) => {
      const before = survey();
      const argv = [
        "generate",
        "--roster",
        roster,
        "--api-url",
        sim.apiUrl,
        "--instrument",
        "baseline_survey",
      ];
      const code = await runCli({
        argv: [...argv, "--out", join(dir, name), "--rate-limit", "6000/60s", ...extra],
        env: { REDCAP_API_TOKEN: pickDisplayToken(project) },
        cwd: dir,
        platform: process.platform,
        stdout: silent(),
        stderr: silent(),
        signal: new AbortController().signal,
        owner: { pid: process.pid, isAlive: () => true },
      });
      if (code !== 0) throw new Error(`the ${name} benchmark run exited ${code}`);
      return (survey() - before) / letters;
    };
    return { first: await run([]), rerender: await run(["--rerender"]) };
  } finally {
    await sim.close();
  }
}

function silent(): Writable {
  return new Writable({ write: (_chunk, _enc, done) => done() });
}
