import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exitCodeOfRun } from "../../../src/cli/exit-codes.js";
import { settingsFiles } from "../../../src/cli/io.js";
import { resolveGenerateSettings } from "../../../src/config/index.js";
import { resumeUrl } from "../../../src/links.js";
import { packagePath } from "../../../src/paths.js";
import { runGenerate } from "../../../src/run/run.js";
import {
  parseProject,
  pickDisplayToken,
  type RunningSimulator,
  type SimProject,
  startSimulator,
} from "../../../src/simulator/index.js";
import type { Clock, ProgressEvent, RunSummary } from "../../../src/types.js";
import { PRINT_QR_DPI } from "../../helpers/demo.js";
import { printFileQrCodes } from "../../helpers/printed.js";

// The whole pipeline in this process: a stop by the server, Ctrl-C and a print file that cannot be
// written, each followed by the run that finishes the job. The clock is injected (print-file names,
// the history's times); the REDCap is the simulator on loopback.

const SURVEY_METHODS = ["surveyAccessCode", "surveyLink", "surveyReturnCode", "participantList"];
const IDS = Array.from({ length: 12 }, (_, i) => `P${String(i + 1).padStart(3, "0")}`);
const START = Date.UTC(2026, 11, 1, 9, 0, 0);

let dir: string;
let project: SimProject;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rp-pipeline-"));
  const demo = JSON.parse(await readFile(packagePath("fixtures", "demo-project.json"), "utf8")) as object;
  project = parseProject({ ...demo, records: IDS.map((id) => ({ id, identifier: `ID-${id}` })) }, "pipeline");
  const lines = IDS.map((id) => `${id},Ana,Silva,1 Main St,Miami,FL,33135`);
  await writeFile(
    join(dir, "roster.csv"),
    ["record_id,first_name,last_name,address_1,city,state,postal_code", ...lines].join("\n"),
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  readonly summary: RunSummary;
  readonly events: ProgressEvent[];
}

async function generate(
  sim: RunningSimulator,
  options: {
    signal?: AbortSignal;
    onRow?: (done: number) => void;
    onEvent?: (event: ProgressEvent) => void;
    flags?: Record<string, string | boolean>;
  } = {},
): Promise<Run> {
  const settings = await resolveGenerateSettings({
    flags: {
      roster: join(dir, "roster.csv"),
      apiUrl: sim.apiUrl,
      instrument: "baseline_survey",
      out: join(dir, "run"),
      rateLimit: "6000/60s",
      concurrency: "2",
      ...options.flags,
    },
    env: { REDCAP_API_TOKEN: pickDisplayToken(project) },
    cwd: dir,
    ...settingsFiles,
    platform: process.platform,
  });
  const events: ProgressEvent[] = [];
  let rows = 0;
  const summary = await runGenerate(settings, {
    clock: startingAt(START),
    owner: { pid: process.pid, isAlive: () => true },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onProgress: (event) => {
      events.push(event);
      options.onEvent?.(event);
      if (event.type === "row") options.onRow?.(++rows);
    },
  });
  return { summary, events };
}

/** Real time running from `start`: the client's pacing waits for real, the run's dates are fixed. */
function startingAt(start: number): Clock {
  const origin = performance.now();
  return {
    now: () => start + (performance.now() - origin),
    sleep: (ms, signal) => delay(Math.max(0, ms), undefined, signal === undefined ? {} : { signal }),
  };
}

async function manifest(): Promise<Record<string, string>[]> {
  return parse(await readFile(join(dir, "run", "manifest.csv")), { columns: true }) as Record<
    string,
    string
  >[];
}

/**
 * Reads back the print files the run folder gained since the last call (`seen`), each against the
 * resume links of the rows the manifest says it printed, in roster order, from the oracle of `sim`,
 * the server whose codes they carry. Each file is decoded once. Returns how many QR codes were read, so that
 * a caller can tell "all printed as the manifest says" from "nothing printed, and the manifest agrees".
 */
async function expectPrintedAsManifest(sim: RunningSimulator, seen: Set<string>): Promise<number> {
  const expected = new Map<string, string[]>();
  for (const row of await manifest()) {
    if (row.print_file === "" || row.print_file === undefined || seen.has(row.print_file)) continue;
    // A packet's row names its surveys "a,b": one QR each, in that order.
    const urls = (row.instrument ?? "").split(",").map((instrument) => {
      const ref = { recordId: row.record_id ?? "", instrument, event: row.event || undefined };
      const codes = sim.codesFor({ ...ref, repeatInstance: Number(row.repeat_instance || 1) });
      return resumeUrl(codes.surveyLink, codes.returnCode);
    });
    expected.set(row.print_file, [...(expected.get(row.print_file) ?? []), ...urls]);
  }
  const printed = await printFileQrCodes(join(dir, "run"), { dpi: PRINT_QR_DPI, seen });
  expect(printed).toEqual(expected);
  return [...printed.values()].flat().length;
}

const surveyRequests = (sim: RunningSimulator) => SURVEY_METHODS.reduce((n, m) => n + sim.stats.count(m), 0);

describe("the generate pipeline, in process", () => {
  it("a ban mid-run stops it (exit 3) with every row accounted for; the next run makes only the rest", async () => {
    // The participant list, the probe and a few return codes, then REDCap bans the address. Threshold
    // 11: REDCap still answers the 12th request (the one that crosses it) and refuses from the 13th.
    const banned = await startSimulator({ project, port: 0, ban: { count: 11, windowMs: 60_000 } });
    let first: Run;
    try {
      first = await generate(banned);
      expect(first.summary.stop?.kind).toBe("server");
      expect(exitCodeOfRun(first.summary)).toBe(3);
      // Nothing is sent after the 429 but what was already on its way (two requests in flight at most).
      expect(banned.stats.total).toBeLessThanOrEqual(12 + 2);
    } finally {
      await banned.close();
    }
    const rows = await manifest();
    expect(rows).toHaveLength(12);
    const made = rows.filter((r) => r.status === "ok");
    expect(made.length).toBeGreaterThan(0);
    expect(made.length).toBe(first.summary.ok);
    for (const row of rows.filter((r) => r.status !== "ok")) {
      expect(row.status).toBe("failed");
      expect(row.error).toMatch(
        /banned this computer's IP address|not made: the server banned this IP address/,
      );
    }
    expect(made.every((r) => r.print_file !== "")).toBe(true);
    const seen = new Set<string>();
    expect(await expectPrintedAsManifest(banned, seen)).toBe(made.length);

    const server = await startSimulator({ project, port: 0 });
    try {
      const second = await generate(server);
      expect(exitCodeOfRun(second.summary)).toBe(0);
      expect(second.summary.ok).toBe(12 - made.length);
      // One list and one return code per letter still missing; no probe (preflight) beyond the usual one.
      expect(server.stats.count("surveyReturnCode")).toBe(12 - made.length + 1);
      const after = await manifest();
      expect(after.filter((r) => r.status === "skipped").map((r) => r.record_id)).toEqual(
        made.map((r) => r.record_id),
      );
      expect(new Set(after.map((r) => r.print_file)).size).toBe(2);
      expect(await expectPrintedAsManifest(server, seen)).toBe(12 - made.length);
    } finally {
      await server.close();
    }
  });

  it("Ctrl-C stops scheduling letters (exit 1); the letters in flight finish and the next run makes the rest", async () => {
    const server = await startSimulator({ project, port: 0 });
    try {
      const controller = new AbortController();
      const first = await generate(server, {
        signal: controller.signal,
        onRow: (done) => {
          if (done === 3) controller.abort();
        },
      });
      expect(first.summary.stop?.kind).toBe("interrupted");
      expect(exitCodeOfRun(first.summary)).toBe(1);
      const rows = await manifest();
      const made = rows.filter((r) => r.status === "ok").length;
      // Two workers: the third letter's worker and the other one finish what they hold.
      expect(made).toBeGreaterThanOrEqual(3);
      expect(made).toBeLessThanOrEqual(4);
      expect(rows.filter((r) => r.status === "failed").map((r) => r.error)).toEqual(
        Array(12 - made).fill("not made: the run was interrupted before this row"),
      );
      // The letters that finished after the stop are printed with their own codes. (The next run's
      // print file, the rest made afresh, is not read, to keep this file's decoding short: the ban's
      // case reads its own.)
      expect(await expectPrintedAsManifest(server, new Set())).toBe(made);
      const requestsBefore = surveyRequests(server);

      const second = await generate(server);
      expect(exitCodeOfRun(second.summary)).toBe(0);
      expect(second.summary.ok).toBe(12 - made);
      // The letters already made cost nothing again: one return code per missing letter, and the list.
      expect(surveyRequests(server) - requestsBefore).toBe(12 - made + 2);
    } finally {
      await server.close();
    }
  });

  it("Ctrl-C as the codes begin (the participant list) makes no letter, says it was interrupted, and the bar counts no failure", async () => {
    const server = await startSimulator({ project, port: 0 });
    try {
      const controller = new AbortController();
      const first = await generate(server, {
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === "stage" && event.stage === "fetch") controller.abort();
        },
      });
      expect(first.summary.stop?.kind).toBe("interrupted");
      expect(exitCodeOfRun(first.summary)).toBe(1);
      expect(first.summary.ok).toBe(0);
      const rowEvents = first.events.filter((e) => e.type === "row");
      expect(rowEvents).toHaveLength(12);
      expect(rowEvents.every((e) => e.type === "row" && !e.begun)).toBe(true);
      // Only the check's probe of the survey: no letter's code was asked for.
      expect(server.stats.count("surveyReturnCode")).toBe(1);
      // No print file, and no row that says it was printed. (The next run is an ordinary whole run.)
      expect(await expectPrintedAsManifest(server, new Set())).toBe(0);
      const second = await generate(server);
      expect(second.summary.ok).toBe(12);
    } finally {
      await server.close();
    }
  });

  it("a print file that cannot be written keeps the letters; the next run prints them without a request", async () => {
    const server = await startSimulator({ project, port: 0 });
    try {
      await mkdir(join(dir, "run"), { recursive: true });
      // A file where the print folder should be.
      await writeFile(join(dir, "run", "print"), "");
      const first = await generate(server);
      expect(first.summary.stop?.kind).toBe("error");
      expect(first.summary.stop?.advice).toContain("the print file could not be written");
      expect(exitCodeOfRun(first.summary)).toBe(1);
      expect(first.summary.ok).toBe(12);
      expect((await manifest()).every((r) => r.status === "ok" && r.print_file === "")).toBe(true);
      const letters = await readdir(join(dir, "run", "letters"));
      expect(letters).toHaveLength(12);

      await rm(join(dir, "run", "print"));
      const requestsBefore = surveyRequests(server);
      const second = await generate(server);
      expect(exitCodeOfRun(second.summary)).toBe(0);
      expect(second.summary.printFiles).toHaveLength(1);
      expect(surveyRequests(server)).toBe(requestsBefore);
      expect((await manifest()).every((r) => r.status === "ok" && r.print_file !== "")).toBe(true);
      // (Not read back here, to keep this file's decoding short: the kept-codes case below prints the
      // same way, from the codes a run that could not print kept, and reads its print file.)
      // The history knows them as printed now: a third run keeps them.
      const third = await generate(server);
      expect(third.summary.ok).toBe(0);
      expect(third.summary.skipped).toBe(12);
    } finally {
      await server.close();
    }
  });

  it("after REDCap stops a run, the letters whose codes the folder keeps are still made and printed, each with its own record's codes", async () => {
    const server = await startSimulator({ project, port: 0 });
    // The same API URL later: codes are kept for the server they came from.
    const port = Number(new URL(server.apiUrl).port);
    try {
      // A first run makes its letters but cannot print them.
      await mkdir(join(dir, "run"), { recursive: true });
      await writeFile(join(dir, "run", "print"), "");
      expect((await generate(server)).summary.ok).toBe(12);
      await rm(join(dir, "run", "print"));
    } finally {
      await server.close();
    }
    // The roster gains a row whose codes must be fetched, and REDCap stops the run at its participant list.
    const roster = await readFile(join(dir, "roster.csv"), "utf8");
    await writeFile(join(dir, "roster.csv"), `${roster}\nP013,Ana,Silva,1 Main St,Miami,FL,33135`);
    const grown = parseProject(
      {
        ...JSON.parse(await readFile(packagePath("fixtures", "demo-project.json"), "utf8")),
        records: [...IDS, "P013"].map((id) => ({ id })),
      },
      "pipeline grown",
    );
    project = grown;
    const stopping = await startSimulator({
      project: grown,
      port,
      faults: [{ kind: "redirect", match: { content: "participantList" } }],
    });
    try {
      const second = await generate(stopping);
      expect(second.summary.stop?.kind).toBe("server");
      expect(exitCodeOfRun(second.summary)).toBe(3);
      expect(second.summary.ok).toBe(12);
      expect(second.summary.printFiles).toHaveLength(1);
      const rows = await manifest();
      expect(rows.find((r) => r.record_id === "P013")).toMatchObject({
        status: "failed",
        error: "not made: the API URL redirects",
      });
      expect(rows.filter((r) => r.status === "ok" && r.print_file !== "")).toHaveLength(12);
      // Every letter printed with its own record's codes (those the first server gave: the second,
      // on the same project and seed, would give the same, so this cannot tell the two apart).
      expect(await expectPrintedAsManifest(server, new Set())).toBe(12);
    } finally {
      await stopping.close();
    }
  });

  it("a dry run checks everything, says what it would make, and writes nothing", async () => {
    const server = await startSimulator({ project, port: 0 });
    try {
      const run = await generate(server, { flags: { dryRun: true } });
      expect(run.summary.planned).toBe(12);
      expect(run.summary.manifest).toBe("");
      // The one probe of the survey's settings a real run sends too, and no participant's code.
      expect(server.stats.count("surveyReturnCode")).toBe(1);
      expect(surveyRequests(server)).toBe(1);
      await expect(readdir(join(dir, "run"))).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  it("two packets of one record share a survey: the list's entry is kept until both are done, and each packet prints its own surveys' links", async () => {
    // Record P002's baseline letter was made and printed; the roster then gains a second packet of
    // P002 (baseline and follow-up). Made again with --force, the first packet uses its kept codes,
    // and the second takes link and access code from the participant lists, however the letters
    // finish: no per-record call for either survey.
    const header = "record_id,instrument,first_name,last_name,address_1,city,state,postal_code";
    const values = "Ana,Silva,1 Main St,Miami,FL,33135";
    const roster = (...rows: string[]) =>
      writeFile(join(dir, "roster.csv"), [header, ...rows.map((r) => `${r},${values}`)].join("\n"));
    const server = await startSimulator({ project, port: 0 });
    try {
      await roster("P002,baseline_survey");
      expect(exitCodeOfRun((await generate(server)).summary)).toBe(0);
      const seen = new Set<string>();
      expect(await expectPrintedAsManifest(server, seen)).toBe(1);
      await roster("P002,baseline_survey", 'P002,"baseline_survey,followup_survey"');
      const before = { code: server.stats.count("surveyAccessCode"), link: server.stats.count("surveyLink") };
      const again = await generate(server, { flags: { force: true, concurrency: "1" } });
      expect(exitCodeOfRun(again.summary)).toBe(0);
      expect(again.summary.ok).toBe(2);
      expect(server.stats.count("surveyAccessCode") - before.code).toBe(0);
      expect(server.stats.count("surveyLink") - before.link).toBe(0);
      // The first packet with its baseline's link, the second with its baseline's and its follow-up's.
      expect(await expectPrintedAsManifest(server, seen)).toBe(3);
    } finally {
      await server.close();
    }
  });
});
