import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { resumeUrl } from "../../src/links.js";
import { packagePath } from "../../src/paths.js";
import {
  loadProjectFile,
  pickDisplayToken,
  type RunningSimulator,
  type SimProject,
  type SimulatorOptions,
  startSimulator,
} from "../../src/simulator/index.js";
import { type CliResult, runBuiltCli } from "./run-cli.js";

// The demo project on the simulator, and the demo roster run through the built command: the
// set-up most end-to-end tests share.

export const DEMO_ROSTER = packagePath("fixtures", "demo-roster.csv");

export interface Demo {
  readonly sim: RunningSimulator;
  readonly project: SimProject;
  readonly token: string;
}

/**
 * The rate the end-to-end runs ask for: far above REDCap's default ban, so that the pace is the
 * simulator's (as in kill-resume and the in-process pipeline). Even 500/60s, the most that draws no
 * warning, paced a demo run's ~50 requests over five seconds, half of each run's time. The pacing
 * has tests of its own (the rate window's, the long run's, the ban's), and so has the warning this
 * rate draws on stderr (test/unit/config/generate-settings.test.ts).
 */
export const TEST_RATE_LIMIT = ["--rate-limit", "6000/60s"];
/**
 * The resolution end-to-end tests decode the bundled letter's QR symbols at. Its symbols are drawn
 * about 30 mm wide (modules of 0.7–0.8 mm for a resume link), so they read at 100 dpi (3 pixels a
 * module) and at its ⅔ fallback alike: every symbol of five seeded demo runs, letters and print
 * files, read even at 60 dpi. In half the time of the helper's 150 dpi, which the smaller symbols
 * (cards, sheets) keep.
 */
export const LETTER_QR_DPI = 100;
/**
 * The resolution for reading many pages of the bundled letter (print files of dozens of letters):
 * 72 dpi, read again at 48 when a symbol is missed, reads its symbols (about 2 pixels a module) in
 * about half the time a page of 100 dpi takes.
 */
export const PRINT_QR_DPI = 72;

/**
 * The demo server's ban, far above the tests' runs: a file's runs, one after another, each start with
 * a burst of their own. (Tests of the ban start a server with theirs.)
 */
export const TEST_BAN = { count: 100_000, windowMs: 60_000 };

export async function startDemo(options: Omit<SimulatorOptions, "project"> = {}): Promise<Demo> {
  const project = await loadProjectFile(packagePath("fixtures", "demo-project.json"));
  const sim = await startSimulator({ project, port: 0, ban: TEST_BAN, ...options });
  return { sim, project, token: pickDisplayToken(project) };
}

/** `generate` for the demo roster's baseline survey into `out`. */
export function generateDemo(
  demo: Demo,
  out: string,
  extra: readonly string[] = [],
  options: Parameters<typeof runBuiltCli>[1] = {},
): Promise<CliResult> {
  return generateRoster(demo, DEMO_ROSTER, out, extra, options);
}

/** `generate` for a roster's baseline survey on the demo server into `out`. */
export function generateRoster(
  demo: Demo,
  roster: string,
  out: string,
  extra: readonly string[] = [],
  options: Parameters<typeof runBuiltCli>[1] = {},
): Promise<CliResult> {
  const args = [
    "generate",
    "--roster",
    roster,
    "--api-url",
    demo.sim.apiUrl,
    "--instrument",
    "baseline_survey",
  ];
  const rate = extra.includes("--rate-limit") ? [] : TEST_RATE_LIMIT;
  return runBuiltCli([...args, "--out", out, ...rate, ...extra], {
    ...options,
    env: { REDCAP_API_TOKEN: demo.token, ...options.env },
  });
}

/** The resume link (what the QR must decode to) of a record's baseline survey on the demo server. */
export function baselineResume(demo: Demo, recordId: string): string {
  const ref = { recordId, instrument: "baseline_survey", event: undefined, repeatInstance: 1 };
  const codes = demo.sim.codesFor(ref);
  return resumeUrl(codes.surveyLink, codes.returnCode);
}

/**
 * Resolves once at least `count` letters are in the run folder (gives up after about 30 s: a test
 * that stops a run at its first letters waits for them on a busy machine too).
 */
export async function lettersMade(out: string, count = 1): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const made = await readdir(join(out, "letters")).catch(() => []);
    if (made.filter((f) => f.endsWith(".pdf")).length >= count) return;
    await delay(25);
  }
}
