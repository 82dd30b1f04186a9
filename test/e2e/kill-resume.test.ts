import type { ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { packagePath } from "../../src/paths.js";
import {
  parseProject,
  pickDisplayToken,
  type RequestLogEntry,
  startSimulator,
} from "../../src/simulator/index.js";
import { baselineResume, DEMO_ROSTER, type Demo, generateRoster, PRINT_QR_DPI } from "../helpers/demo.js";
import { pdfQrCodes, pdfText } from "../helpers/pdf.js";
import { type CliResult, tempDir } from "../helpers/run-cli.js";

// Issue 7's acceptance: "SIGKILL at random points, then a re-run: the same letter files (same
// bytes) and the same manifest (apart from print-file names, which may carry the time) as an
// uninterrupted run, and no code fetched twice — letters a killed run made but never printed go
// into the next print file without a request."
//
// A run folder made without interruption is the reference. Another gets the same command, killed
// at seeded random points (before any letter, mid-run, in the print stage) and run again after each
// kill, then once to the end. KILL_SEED=<n> (in the test names) replays the kill points; where
// exactly a kill lands within its stage still depends on timing. (Letters carry the date: both
// folders are made within the same half minute.)

const SEED = Number(process.env.KILL_SEED ?? randomInt(1, 1_000_000));
const LETTERS = 20;
const CONCURRENCY = 3;
// The default --rate-limit paces requests to 5 a second; the pace here is the simulator's latency.
const ARGS = ["--concurrency", String(CONCURRENCY), "--rate-limit", "6000/60s"];
/** Requests for a letter's codes (the participant list has no record). */
const CODE_METHODS = ["surveyAccessCode", "surveyLink", "surveyReturnCode"];
const SURVEY_METHODS = [...CODE_METHODS, "participantList"];

type Row = Record<string, string>;

let dir: string;
let keepDir = false;
let roster: string;
/** The simulator the killed runs use: slow enough (60–100 ms a request) to kill at a chosen point. */
let slow: Demo;
let reference: {
  manifest: Row[];
  /** The same command once more on the finished folder: every letter kept as already printed. */
  rerunManifest: Row[];
  letters: Map<string, Buffer>;
  code: number | null;
};

beforeAll(async () => {
  dir = await tempDir("kill-resume");
  // The demo project's participants: 17 not in the participant list (three requests a letter), 3
  // listed by email or identifier (one request). Survey links on a fixed host, so that two
  // simulators (a fast one for the reference) hand out the same codes.
  const json = JSON.parse(await readFile(packagePath("fixtures", "demo-project.json"), "utf8")) as {
    project: object;
    records: object[];
  };
  const added = ["0019", "0020", "0021"];
  json.project = { ...json.project, survey_base_url: "https://redcap.example.edu/" };
  json.records.push(
    ...added.map((id) => ({
      id,
      data: { first_name: "Ana", last_name: `Silva ${id}` },
      ...(id === "0020" ? { identifier: `P-${id}` } : {}),
    })),
  );
  const project = parseProject(json, "kill-resume project");
  const token = pickDisplayToken(project);
  roster = join(dir, "roster.csv");
  await writeFile(
    roster,
    [
      (await readFile(DEMO_ROSTER, "utf8")).trimEnd(),
      "0016,Tomás,Rivera,2 Main St,,Miami,FL,33135,es",
      "0017,Priya,Raman,3 Main St,,Miami,FL,33135,en",
      "0018,Wei,Zhang,4 Main St,,Miami,FL,33135,en",
      ...added.map((id) => `${id},Ana,Silva ${id},${id} Main St,,Miami,FL,33135,en`),
      "",
    ].join("\n"),
  );

  const fast = await startSimulator({ project, port: 0 });
  try {
    const out = join(dir, "reference");
    const once = await generateRoster({ sim: fast, project, token }, roster, out, ARGS);
    expect(once.code, once.stderr).toBe(0);
    const manifest = await manifestRows(out);
    const letters = await letterBytes(out);
    const again = await generateRoster({ sim: fast, project, token }, roster, out, ARGS);
    expect(again.code, again.stderr).toBe(0);
    reference = { manifest, rerunManifest: await manifestRows(out), letters, code: once.code };
    expect(manifest.filter((r) => r.status === "ok")).toHaveLength(LETTERS);
    expect(letters.size).toBe(LETTERS);
    // The killed runs' letters are held to these bytes, so reading each reference letter's QR once
    // reads every letter they made (the slow simulator hands out the same codes).
    const fastDemo = { sim: fast, project, token };
    for (const [file, pdf] of letters) {
      const record = manifest.find((r) => r.file === file)?.record_id ?? "(no manifest row)";
      const urls = (await pdfQrCodes(pdf, PRINT_QR_DPI)).flat();
      expect(urls, `${file}, record ${record}`).toEqual([baselineResume(fastDemo, record)]);
    }
  } finally {
    await fast.close();
  }
  const sim = await startSimulator({ project, port: 0, latencyMs: 60, latencyJitterMs: 40 });
  slow = { sim, project, token };
});

afterAll(async () => {
  await slow?.sim.close();
  if (!keepDir) await rm(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Kill points

type Trigger =
  /** The run's n-th request reached REDCap: the preflight or the participant list, no letter yet. */
  | { readonly kind: "requests"; readonly n: number }
  /** k more letters than the run found. */
  | { readonly kind: "letters"; readonly k: number }
  /** The run's n-th request for a letter's codes reached REDCap: requests in flight. */
  | { readonly kind: "fetches"; readonly n: number }
  /** The print file is being written (a file not yet a PDF in print/). */
  | { readonly kind: "printing" }
  /** The print file has its name. */
  | { readonly kind: "printed" };

function describeTrigger(t: Trigger): string {
  switch (t.kind) {
    case "requests":
      return `at request ${t.n}`;
    case "letters":
      return `after ${t.k} more letter(s)`;
    case "fetches":
      return `at code request ${t.n}`;
    case "printing":
      return "while the print file is written";
    case "printed":
      return "once the print file is in place";
  }
}

/** mulberry32: a small seeded generator. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A kill before any letter, one or two mid-run (at most ~16 of the 20 letters made), one in the print stage. */
function killPlan(seed: number, printStage: "printing" | "printed"): Trigger[] {
  const random = seeded(seed);
  const pick = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const mid = Array.from(
    { length: pick(1, 2) },
    (): Trigger =>
      random() < 0.5 ? { kind: "letters", k: pick(1, 5) } : { kind: "fetches", n: pick(1, 12) },
  );
  return [{ kind: "requests", n: pick(1, 7) }, ...mid, { kind: printStage }];
}

// ---------------------------------------------------------------------------------------------
// Runs

interface Run {
  readonly label: string;
  readonly result: CliResult;
  /** Ended by the SIGKILL, not on its own. */
  readonly killed: boolean;
  readonly lettersBefore: ReadonlySet<string>;
  readonly lettersAfter: ReadonlySet<string>;
  readonly printAfter: readonly string[];
  /** What REDCap saw of this run, in order. */
  readonly requests: readonly RequestLogEntry[];
}

async function run(out: string, label: string, trigger?: Trigger): Promise<Run> {
  const { sim } = slow;
  const lettersBefore = await letterFiles(out);
  const printBefore = await listing(join(out, "print"));
  const start = sim.stats.requests.length;
  const reached = async (t: Trigger): Promise<boolean> => {
    switch (t.kind) {
      case "requests":
        return sim.stats.requests.length - start >= t.n;
      case "fetches":
        return codeRequests(sim.stats.requests.slice(start)).length >= t.n;
      case "letters":
        return [...(await letterFiles(out))].filter((f) => !lettersBefore.has(f)).length >= t.k;
      case "printing":
        return (await listing(join(out, "print"))).some((f) => !f.endsWith(".pdf"));
      case "printed":
        return (await listing(join(out, "print"))).some(
          (f) => f.endsWith(".pdf") && !printBefore.includes(f),
        );
    }
  };
  const result = await generateRoster(slow, roster, out, ARGS, {
    onStart: (child) => {
      if (trigger !== undefined) void killWhen(child, () => reached(trigger));
    },
  });
  // Let the simulator read what the killed process sent before it died: it belongs to this run.
  await delay(50);
  return {
    label,
    result,
    killed: result.code === null,
    lettersBefore,
    lettersAfter: await letterFiles(out),
    printAfter: await listing(join(out, "print")),
    requests: sim.stats.requests.slice(start),
  };
}

async function killWhen(child: ChildProcess, reached: () => Promise<boolean>): Promise<void> {
  while (child.exitCode === null && child.signalCode === null) {
    if (await reached()) {
      child.kill("SIGKILL");
      return;
    }
    await delay(5);
  }
}

/**
 * Survey requests sent before the run's participant list are the preflight's probe (one
 * surveyReturnCode, in each run that still needs codes): a check of the survey's settings that
 * fetches no letter's codes. The ones after it fetch codes for letters.
 */
function splitAtParticipantList(requests: readonly RequestLogEntry[]) {
  const list = requests.findIndex((r) => r.content === "participantList");
  const codes = (part: readonly RequestLogEntry[]) => part.filter((r) => CODE_METHODS.includes(r.content));
  return list < 0
    ? { probes: codes(requests), fetches: [] }
    : { probes: codes(requests.slice(0, list)), fetches: codes(requests.slice(list)) };
}

const codeRequests = (requests: readonly RequestLogEntry[]) => splitAtParticipantList(requests).fetches;

// ---------------------------------------------------------------------------------------------
// The run folder

async function listing(folder: string): Promise<string[]> {
  return (await readdir(folder).catch(() => [] as string[])).sort();
}

async function letterFiles(out: string): Promise<Set<string>> {
  const names = (await listing(join(out, "letters"))).filter((f) => f.endsWith(".pdf") && !f.startsWith("."));
  return new Set(names.map((f) => `letters/${f}`));
}

async function letterBytes(out: string): Promise<Map<string, Buffer>> {
  const bytes = new Map<string, Buffer>();
  for (const file of await letterFiles(out)) bytes.set(file, await readFile(join(out, file)));
  return bytes;
}

async function manifestRows(out: string): Promise<Row[]> {
  return parse(await readFile(join(out, "manifest.csv")), { columns: true }) as Row[];
}

const withoutPrintFile = (rows: readonly Row[]) => rows.map(({ print_file: _, ...rest }) => rest);

/** Why a letter differs from the reference's, when it does. */
async function letterDifference(pdf: Buffer, want: Buffer | undefined): Promise<string | undefined> {
  if (want === undefined) return "the reference has no such letter";
  if (pdf.equals(want)) return undefined;
  const sameText = JSON.stringify(await pdfText(pdf)) === JSON.stringify(await pdfText(want));
  return sameText ? "different bytes, same text" : "different text";
}

// ---------------------------------------------------------------------------------------------
// The checks

/** Every letter printed exactly once in all, in the print file its manifest row names. */
async function expectPrintedOnce(out: string, manifest: readonly Row[], context: string): Promise<void> {
  const printedIn = new Map<string, string[]>();
  for (const name of await listing(join(out, "print"))) {
    const urls = (await pdfQrCodes(await readFile(join(out, "print", name)), PRINT_QR_DPI)).flat();
    for (const url of urls) printedIn.set(url, [...(printedIn.get(url) ?? []), `print/${name}`]);
  }
  for (const row of manifest) {
    const url = baselineResume(slow, row.record_id ?? "");
    expect(printedIn.get(url), `record ${row.record_id} printed in\n${context}`).toEqual([row.print_file]);
    printedIn.delete(url);
  }
  expect([...printedIn.keys()], `printed, but for no row\n${context}`).toEqual([]);
}

/**
 * No code fetched twice: a record's codes are asked for again only when a kill cut off its row
 * while they were in flight (at most one row per worker), never for a letter already made.
 */
function expectNoCodeFetchedTwice(
  runs: readonly Run[],
  fileOf: ReadonlyMap<string, string>,
  context: string,
): void {
  const fetchedIn = new Map<string, Run[]>();
  for (const r of runs) {
    const { probes, fetches } = splitAtParticipantList(r.requests);
    const probe = probes.map((p) => p.content);
    expect(probe.length <= 1 && probe.every((c) => c === "surveyReturnCode"), `${r.label}\n${context}`).toBe(
      true,
    );
    const byRecord = new Map<string, string[]>();
    for (const q of fetches) byRecord.set(q.record, [...(byRecord.get(q.record) ?? []), q.content]);
    for (const [record, methods] of byRecord) {
      const where = `record ${record}: ${methods} in ${r.label}\n${context}`;
      // Each code once in a run; none for a letter already made (printed or not): its codes are kept.
      expect(new Set(methods).size, where).toBe(methods.length);
      expect(r.lettersBefore.has(fileOf.get(record) ?? ""), where).toBe(false);
      fetchedIn.set(record, [...(fetchedIn.get(record) ?? []), r]);
    }
    // The rows a kill cut off after their codes were asked for: at most one per worker.
    const cutOff = [...byRecord.keys()].filter((rec) => !r.lettersAfter.has(fileOf.get(rec) ?? ""));
    if (r.killed)
      expect(cutOff.length, `cut off: ${cutOff} by ${r.label}\n${context}`).toBeLessThanOrEqual(CONCURRENCY);
  }
  expect([...fetchedIn.keys()].sort(), context).toEqual([...fileOf.keys()].sort());
  for (const [record, fetching] of fetchedIn) {
    // Asked again only after a kill landed while its codes were in flight (no letter yet).
    for (const earlier of fetching.slice(0, -1)) {
      expect(
        earlier.killed && !earlier.lettersAfter.has(fileOf.get(record) ?? ""),
        `record ${record} fetched in ${fetching.map((r) => r.label).join(" and ")}\n${context}`,
      ).toBe(true);
    }
  }
}

// ---------------------------------------------------------------------------------------------

const CASES = (["printing", "printed"] as const).map((printStage, i) => {
  const plan = killPlan(SEED + i, printStage);
  return { printStage, plan, title: `SIGKILL ${plan.map(describeTrigger).join(", ")} (KILL_SEED=${SEED})` };
});

describe("SIGKILL at random points, then a re-run: the uninterrupted run's letters and manifest", () => {
  for (const { printStage, plan, title } of CASES) {
    it(title, async () => {
      onTestFailed(() => {
        keepDir = true;
      });
      const out = join(dir, `killed-${printStage}`);
      const runs: Run[] = [];
      for (const [i, trigger] of plan.entries()) {
        runs.push(await run(out, `run ${i + 1} (killed ${describeTrigger(trigger)})`, trigger));
      }
      const final = await run(out, `run ${plan.length + 1} (to the end)`);
      runs.push(final);
      const context = [
        title,
        ...runs.map(
          (r) =>
            `${r.label}: exit ${r.result.code}, ${r.lettersAfter.size} letters, print/ [${r.printAfter}]`,
        ),
        `run folder: ${out}`,
      ].join("\n");
      const fileOf = new Map(reference.manifest.map((r) => [r.record_id ?? "", r.file ?? ""]));

      // The kills landed where planned: the first before any letter, the mid-run ones before the
      // run ended, the print-stage one with every letter made. (Killed "once the print file is in
      // place", the run may have ended a moment before: the print file counts either way.)
      const printRun = runs[plan.length - 1];
      expect(runs[0]?.killed && runs[0].lettersAfter.size === 0, context).toBe(true);
      expect(
        runs.slice(1, plan.length - 1).every((r) => r.killed),
        context,
      ).toBe(true);
      expect(printRun?.lettersAfter.size, context).toBe(LETTERS);
      const printedBeforeFinal = (printRun?.printAfter ?? []).filter((f) => f.endsWith(".pdf"));
      expect(printedBeforeFinal, context).toHaveLength(printStage === "printing" ? 0 : 1);
      if (printStage === "printing") expect(printRun?.killed, context).toBe(true);

      // The same letter files, byte for byte; and no letter on disk ever differed from them.
      for (const r of runs) {
        for (const file of r.lettersAfter) {
          const pdf = await readFile(join(out, file));
          const difference = await letterDifference(pdf, reference.letters.get(file));
          expect(difference, `${file} after ${r.label}\n${context}`).toBeUndefined();
        }
      }
      expect([...(await letterFiles(out))], context).toEqual([...reference.letters.keys()]);

      // The last run finished the job and left nothing half-written behind.
      expect(final.result.code, `${final.result.stderr}\n${context}`).toBe(reference.code);
      for (const folder of ["letters", "print", "codes"]) {
        const hidden = (await listing(join(out, folder))).filter((f) => f.startsWith("."));
        expect(hidden, `${folder}/\n${context}`).toEqual([]);
      }
      expect(await listing(out), context).not.toContain(".redcap-packets.lock");

      // The manifest is the uninterrupted run's, print-file names apart. A run killed once its
      // print file was in place has printed (the file counts even if the run never recorded it as
      // done), so the next run keeps its letters as "already made and printed in an earlier run":
      // what the same command says again on the uninterrupted folder, the manifest to match then.
      const manifest = await manifestRows(out);
      const expected = printedBeforeFinal.length > 0 ? reference.rerunManifest : reference.manifest;
      expect(withoutPrintFile(manifest), context).toEqual(withoutPrintFile(expected));

      await expectPrintedOnce(out, manifest, context);
      expectNoCodeFetchedTwice(runs, fileOf, context);

      // Letters the killed runs made but never printed went into the next print file without a
      // request. Killed while printing, the last run made all of them again; either way it asked
      // REDCap for nothing.
      if (printStage === "printing") {
        expect(final.lettersBefore.size, context).toBe(LETTERS);
        expect(
          manifest.filter((r) => r.status === "ok" && r.print_file !== ""),
          context,
        ).toHaveLength(LETTERS);
      }
      const asked = final.requests.filter((q) => SURVEY_METHODS.includes(q.content));
      expect(asked, `survey requests from ${final.label}\n${context}`).toEqual([]);
    });
  }
});
