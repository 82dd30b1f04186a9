import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
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
import type { Clock } from "../../../src/types.js";
import { PRINT_QR_DPI } from "../../helpers/demo.js";
import { printedQrCodes } from "../../helpers/printed.js";

// The participant-list path of a whole run against projects the list does and does not tie to their
// records. REDCap names a row's record only for a participant identifier or an email from the
// designated email field; every other row costs its letter the three per-record calls.

const IDS = ["A001", "A002", "A003", "A004", "A005", "A006"];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "rp-participant-list-"));
  const lines = IDS.map((id) => `${id},Ana,Silva,1 Main St,Miami,FL,33135`);
  await writeFile(
    join(dir, "roster.csv"),
    ["record_id,first_name,last_name,address_1,city,state,postal_code", ...lines].join("\n"),
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function demoWith(records: object[], designated: boolean): Promise<SimProject> {
  const demo = JSON.parse(await readFile(packagePath("fixtures", "demo-project.json"), "utf8")) as {
    project: Record<string, unknown>;
  };
  const { designated_email_field: _field, ...info } = demo.project;
  const project = designated ? { ...info, designated_email_field: "email" } : info;
  return parseProject({ ...demo, project, records }, designated ? "designated" : "hand-typed");
}

async function generate(sim: RunningSimulator, project: SimProject) {
  const settings = await resolveGenerateSettings({
    flags: {
      roster: join(dir, "roster.csv"),
      apiUrl: sim.apiUrl,
      instrument: "baseline_survey",
      out: join(dir, "run"),
      rateLimit: "6000/60s",
      concurrency: "2",
    },
    env: { REDCAP_API_TOKEN: pickDisplayToken(project) },
    cwd: dir,
    ...settingsFiles,
    platform: process.platform,
  });
  const origin = performance.now();
  const clock: Clock = {
    now: () => Date.UTC(2026, 11, 1, 9) + (performance.now() - origin),
    sleep: (ms, signal) => delay(Math.max(0, ms), undefined, signal === undefined ? {} : { signal }),
  };
  return runGenerate(settings, { clock, owner: { pid: process.pid, isAlive: () => true } });
}

async function runAgainst(project: SimProject) {
  const sim = await startSimulator({ project, port: 0 });
  try {
    const summary = await generate(sim, project);
    const rows = parse(await readFile(join(dir, "run", "manifest.csv")), { columns: true }) as Record<
      string,
      string
    >[];
    const count = (method: string) => sim.stats.count(method);
    // The print file's QR codes in roster order, and each record's own resume link: a list entry tied
    // to the wrong record would print another participant's link.
    const printed = await printedQrCodes(join(dir, "run"), { dpi: PRINT_QR_DPI });
    const expected = IDS.map((recordId) => {
      const codes = sim.codesFor({ recordId, instrument: "baseline_survey" });
      return resumeUrl(codes.surveyLink, codes.returnCode);
    });
    return {
      summary,
      rows,
      printed,
      expected,
      calls: {
        list: count("participantList"),
        access: count("surveyAccessCode"),
        link: count("surveyLink"),
        returnCode: count("surveyReturnCode"),
      },
    };
  } finally {
    await sim.close();
  }
}

describe("the participant-list path of a run", () => {
  it("no identifiers, no designated email field: the list maps no row, every letter makes three calls and prints its own record's link", async () => {
    // Emails typed into the participant list by hand: REDCap does not show their records.
    const records = IDS.map((id) => ({ id, email: `${id.toLowerCase()}@example.org` }));
    const { summary, rows, calls, printed, expected } = await runAgainst(await demoWith(records, false));
    expect(exitCodeOfRun(summary)).toBe(0);
    expect(rows.map((r) => r.status)).toEqual(IDS.map(() => "ok"));
    expect(printed).toEqual([expected]);
    // One list, then access code, link and return code per letter, and the survey probe's return code.
    expect(calls).toEqual({ list: 1, access: 6, link: 6, returnCode: 6 + 1 });
  });

  it("a designated email field: rows with its email are mapped (one call a letter), the others fall back, each letter with its own record's link", async () => {
    const records = IDS.map((id, i) =>
      i < 4 ? { id, data: { email: `${id.toLowerCase()}@example.org` } } : { id, email: `${id}@example.org` },
    );
    const { summary, rows, calls, printed, expected } = await runAgainst(await demoWith(records, true));
    expect(exitCodeOfRun(summary)).toBe(0);
    expect(rows.map((r) => r.status)).toEqual(IDS.map(() => "ok"));
    // Mapped or not, every letter carries its own record's codes.
    expect(printed).toEqual([expected]);
    // A005 and A006 (hand-typed emails) ask for all three; A001–A004 only for their return code.
    expect(calls).toEqual({ list: 1, access: 2, link: 2, returnCode: 6 + 1 });
  });
});
