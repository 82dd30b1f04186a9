import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resumeUrl } from "../../src/links.js";
import type { FaultSpec } from "../../src/simulator/index.js";
import { type Demo, generateDemo, startDemo } from "../helpers/demo.js";
import { pdfQrCodes } from "../helpers/pdf.js";
import { printedQrCodes } from "../helpers/printed.js";
import { tempDir } from "../helpers/run-cli.js";

// What real servers and the networks in front of them do: proxy error pages, resets, requests that
// never answer, and status-200 HTML pages (a database outage, a single-sign-on login). Transient
// faults are retried into correct letters; anything that is not a code fails only its row, and
// never ends up printed as a code.

const FAULTS: FaultSpec[] = [
  { kind: "proxy-502", times: 2, match: { content: "surveyLink", record: "0003" } },
  { kind: "reset", match: { content: "surveyAccessCode", record: "0004" } },
  { kind: "hang", match: { content: "surveyReturnCode", record: "0005" } },
  { kind: "proxy-504", match: { content: "surveyReturnCode", record: "0009" } },
  { kind: "database-error", match: { content: "surveyReturnCode", record: "0006" } },
  { kind: "sso-login", match: { content: "surveyLink", record: "0007" } },
  { kind: "out-of-memory", match: { content: "surveyAccessCode", record: "0008" } },
];

let demo: Demo;

beforeAll(async () => {
  demo = await startDemo({ latencyMs: 5, faults: FAULTS });
});
afterAll(async () => {
  await demo.sim.close();
});

describe("generate against a faulty server", () => {
  it("retries transient faults into correct letters and fails only the rows that got a non-code", async () => {
    const out = join(await tempDir("faults"), "run");
    const result = await generateDemo(demo, out, ["--timeout", "1s"]);
    expect(result.code).toBe(1);
    expect(demo.sim.faults.pending).toBe(0);
    const rows = parse(await readFile(join(out, "manifest.csv")), { columns: true }) as Record<
      string,
      string
    >[];
    const failed = Object.fromEntries(
      rows.filter((r) => r.status === "failed").map((r) => [r.record_id, r.error]),
    );
    expect(Object.keys(failed).sort()).toEqual(["0006", "0007", "0008"]);
    expect(failed["0006"]).toMatch(/HTML page/);
    expect(failed["0007"]).toMatch(/HTML page/);
    expect(failed["0008"]).toMatch(/500/);
    for (const error of Object.values(failed)) expect(error).not.toMatch(/<|>/);

    const expected: string[] = [];
    for (const row of rows.filter((r) => r.status === "ok")) {
      const recordId = row.record_id ?? "";
      const codes = demo.sim.codesFor({
        recordId,
        instrument: "baseline_survey",
        event: undefined,
        repeatInstance: 1,
      });
      const pdf = await readFile(join(out, row.file ?? ""));
      expected.push(resumeUrl(codes.surveyLink, codes.returnCode));
      expect((await pdfQrCodes(pdf)).flat(), recordId).toEqual([expected.at(-1)]);
    }
    // What goes to the printer (drawn again from the letters' data): the ok rows' links, in roster
    // order, and nothing from a failed row.
    expect(await printedQrCodes(out)).toEqual([expected]);
    expect(rows.filter((r) => r.status === "ok").map((r) => r.record_id)).toEqual(
      expect.arrayContaining(["0003", "0004", "0005", "0009"]),
    );
  });
});
