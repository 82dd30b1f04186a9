// Peak RSS of a whole `generate` run of the built CLI, in its own process, at a given roster size:
// every participant listed (one request a letter), the budget and the ban out of the way, so the
// run is as fast as rendering allows and memory is what grows with the roster.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { packagePath } from "../paths.js";
import { pickDisplayToken, startSimulator } from "../simulator/index.js";
import { benchIds, benchProject, writeBenchRoster } from "./bench-project.js";
import { generateProcess } from "./generate-run.js";

export interface RssFigure {
  readonly rows: number;
  /** Peak resident set in MiB (1,048,576 bytes). */
  readonly peakMiB: number;
  readonly seconds: number;
}

export async function measurePeakRss(rows: number): Promise<RssFigure> {
  const dir = await mkdtemp(join(tmpdir(), "rp-bench-rss-"));
  const ids = benchIds(rows);
  const project = await benchProject(ids, true, "rss");
  const sim = await startSimulator({ project, port: 0, ban: false });
  try {
    const roster = join(dir, "roster.csv");
    await writeBenchRoster(roster, ids);
    const rssFile = join(dir, "max-rss");
    const preload = pathToFileURL(packagePath("dist", "bench", "rss-preload.js")).href;
    const run = { roster, apiUrl: sim.apiUrl, out: join(dir, "run"), rateLimit: "100000/60s" };
    const ms = await generateProcess(run, {
      token: pickDisplayToken(project),
      cwd: dir,
      nodeArgs: ["--import", preload],
      env: { BENCH_RSS_FILE: rssFile },
    });
    const kB = Number(await readFile(rssFile, "utf8"));
    return { rows, peakMiB: kB / 1024, seconds: ms / 1000 };
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
