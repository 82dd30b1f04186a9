import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginUrl, resumeUrl } from "../../src/links.js";
import { packagePath } from "../../src/paths.js";
import { loadProjectFile, type RunningSimulator, startSimulator } from "../../src/simulator/index.js";
import { pdfQrCodes, pdfText } from "../helpers/pdf.js";
import { printedQrCodes } from "../helpers/printed.js";
import { runBuiltCli, tempDir } from "../helpers/run-cli.js";

// A longitudinal project with two arms, a repeating survey, and surveys served from another host
// than the API (the login URL must come from the survey link, never from the API URL).

const TOKEN = "11111111111111111111111111111111";
const HEADER =
  "record_id,instrument,event,repeat_instance,first_name,last_name,address_1,city,state,postal_code";

let sim: RunningSimulator;

beforeAll(async () => {
  const project = await loadProjectFile(packagePath("fixtures", "test-project-longitudinal.json"));
  sim = await startSimulator({ project, port: 0, seed: "longitudinal" });
});
afterAll(async () => {
  await sim.close();
});

async function rosterFile(lines: string[]): Promise<{ roster: string; out: string }> {
  const dir = await tempDir("long");
  const roster = join(dir, "visits.csv");
  await writeFile(roster, [HEADER, ...lines].join("\n"));
  return { roster, out: join(dir, "run") };
}

function generate(roster: string, out: string, extra: string[] = []) {
  return runBuiltCli(["generate", "--roster", roster, "--api-url", sim.apiUrl, "--out", out, ...extra], {
    env: { REDCAP_API_TOKEN: TOKEN },
  });
}

describe("a longitudinal project", () => {
  it("prints each row's codes for its own event and instance, and fails a record outside the event's arm", async () => {
    const { roster, out } = await rosterFile([
      "1002,baseline_survey,baseline_arm_1,,Ana,Lima,1 Main St,Miami,FL,33135",
      "2002,baseline_survey,baseline_arm_2,,Bo,Chen,2 Main St,Miami,FL,33135",
      "1002,diary_survey,baseline_arm_1,3,Ana,Lima,1 Main St,Miami,FL,33135",
      "2001,baseline_survey,baseline_arm_1,,Cy,Diaz,3 Main St,Miami,FL,33135",
      "7777,baseline_survey,baseline_arm_1,,Di,Eve,4 Main St,Miami,FL,33135",
    ]);
    const result = await generate(roster, out);
    expect(result.code).toBe(1);
    const rows = parse(await readFile(join(out, "manifest.csv")), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.map((r) => [r.record_id, r.event, r.repeat_instance, r.status])).toEqual([
      ["1002", "baseline_arm_1", "1", "ok"],
      ["2002", "baseline_arm_2", "1", "ok"],
      ["1002", "baseline_arm_1", "3", "ok"],
      ["2001", "baseline_arm_1", "1", "failed"],
      ["7777", "baseline_arm_1", "1", "failed"],
    ]);
    expect(rows[3]?.error).toMatch(/arm/);
    expect(rows[4]?.error).toMatch(/does not exist/);

    const expected: string[] = [];
    for (const row of rows.filter((r) => r.status === "ok")) {
      const ref = {
        recordId: row.record_id ?? "",
        instrument: row.instrument ?? "",
        event: row.event,
        repeatInstance: Number(row.repeat_instance),
      };
      const codes = sim.codesFor(ref);
      const pdf = await readFile(join(out, row.file ?? ""));
      expected.push(resumeUrl(codes.surveyLink, codes.returnCode));
      expect((await pdfQrCodes(pdf)).flat()).toEqual([expected.at(-1)]);
      const text = (await pdfText(pdf)).join("\n");
      expect(text).toContain(codes.accessCode);
      expect(loginUrl(codes.surveyLink)).toBe("https://surveys.example.edu/redcap/surveys/");
      expect(text).toContain("https://surveys.example.edu/redcap/surveys/");
    }
    // The print file is drawn again from the letters' data: the same links, in roster order.
    expect(await printedQrCodes(out)).toEqual([expected]);
  });

  it("stops before fetching any code when the surveys are set up wrong, listing every finding with its lines", async () => {
    const { roster, out } = await rosterFile([
      "1001,Baseline Survey,baseline_arm_1,,Ana,Lima,1 Main St,Miami,FL,33135",
      "1002,quick_poll,month_6_arm_2,,Bo,Chen,2 Main St,Miami,FL,33135",
      "1002,enrollment,baseline_arm_1,,Bo,Chen,2 Main St,Miami,FL,33135",
      "1003,followup_survey,month_6_arm_1,,Cy,Diaz,3 Main St,Miami,FL,33135",
    ]);
    const before = { ...sim.stats.byContent };
    const result = await generate(roster, out);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("4 problems");
    expect(result.stderr).toMatch(/did you mean "baseline_survey"\?.*line 2/);
    expect(result.stderr).toMatch(/quick_poll.*month_6_arm_2.*line 3/);
    expect(result.stderr).toMatch(/enrollment.*not.*survey.*line 4/);
    expect(result.stderr).toMatch(/Save & Return Later.*line 5/);
    const after = sim.stats.byContent;
    expect(after.surveyAccessCode ?? 0).toBe(before.surveyAccessCode ?? 0);
    expect(after.surveyLink ?? 0).toBe(before.surveyLink ?? 0);
    // At most one probe per distinct survey to learn "is a survey" and "Save & Return Later".
    expect((after.surveyReturnCode ?? 0) - (before.surveyReturnCode ?? 0)).toBeLessThanOrEqual(2);
  });
});
