import { copyFile, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resumeUrl } from "../../../src/links.js";
import { packagePath } from "../../../src/paths.js";
import { loadProjectFile, type RunningSimulator, startSimulator } from "../../../src/simulator/index.js";
import { expectInOrder } from "../../helpers/in-order.js";
import { runCliInProcess } from "../../helpers/in-process-cli.js";
import { printedQrCodes } from "../../helpers/printed.js";

// The check before the first code, through the command in this process, against the longitudinal
// project on the simulator: every finding in one report, the same in a real run and a dry run, and
// no participant's code asked for (only the one probe per survey that tells a survey with Save &
// Return Later from the rest).

const TOKEN = "11111111111111111111111111111111";
/** The fixture's token whose user lacks the Manage Survey Participants right. */
const NO_SURVEY_RIGHTS = "33333333333333333333333333333333";
const SURVEY_METHODS = ["surveyAccessCode", "surveyLink", "surveyReturnCode", "participantList"];

let sim: RunningSimulator;
let dir: string;
beforeAll(async () => {
  const project = await loadProjectFile(packagePath("fixtures", "test-project-longitudinal.json"));
  sim = await startSimulator({ project, port: 0 });
  dir = await mkdtemp(join(tmpdir(), "rp-check-report-"));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => sim.stats.reset());

async function generate(roster: string, extra: readonly string[] = [], token = TOKEN) {
  const file = join(dir, "roster.csv");
  await writeFile(file, roster);
  const argv = ["generate", "--roster", file, "--api-url", sim.apiUrl, "--out", join(dir, "run"), ...extra];
  return { ...(await runCliInProcess(argv, { env: { REDCAP_API_TOKEN: token }, cwd: dir })), file };
}

/** The survey requests the simulator saw, as "content record". */
const surveyRequests = () =>
  sim.stats.requests.filter((r) => SURVEY_METHODS.includes(r.content)).map((r) => `${r.content} ${r.record}`);

// No address columns; then a label, a non-survey, a survey without Save & Return Later, and a record
// in arm 2 asked for in an arm 1 event.
const FIVE = [
  "record_id,first_name,last_name,instrument,event",
  "1002,Ana,Silva,baseline_survey,baseline_arm_1",
  "1003,Ben,Ray,Baseline Survey,baseline_arm_1",
  "1002,Ana,Silva,enrollment,baseline_arm_1",
  "1001,Cy,Po,followup_survey,month_6_arm_1",
  "2001,Di,Lu,baseline_survey,baseline_arm_1",
].join("\n");

const FIVE_REPORT = (roster: string) =>
  [
    "error: The check before fetching codes found 4 problems to fix and 1 row that would fail.",
    "Stops the run (no letter was made; each of these would fail every letter it touches):",
    `  - ${roster} lacks columns the letter template uses: ${packagePath("templates", "letter.md")} needs ` +
      '"address_1", "city", "state", "postal_code". Add the columns to the roster, name the roster column ' +
      "that holds each with --columns (e.g. --columns postal_code=zip), or give a --template that does not " +
      "use them (roster lines 2, 3, 4, 5, 6)",
    '  - Instrument "Baseline Survey" is not a unique instrument name; did you mean "baseline_survey"? (roster line 3)',
    '  - Instrument "enrollment" is not enabled as a survey (Online Designer: "Enable as survey") (roster line 4)',
    '  - Survey "followup_survey" does not have Save & Return Later turned on (Survey Settings), so REDCap ' +
      "gives it no return codes for the letters (roster line 5)",
    "Rows that would fail (the batch goes on without them; 1 row):",
    "  - records in another arm than their event's: 1 row",
    '      roster line 6 (record 2001): Record "2001" is in arm 2, not in arm 1 where event "baseline_arm_1" ' +
      'is; check the "event" column or --event',
    "",
  ].join("\n");

describe("one report of everything found before the first code", () => {
  it("a real run and a dry run both report all five findings at once, exit 2, and fetch no participant's code", async () => {
    for (const extra of [[], ["--dry-run"]]) {
      sim.stats.reset();
      const result = await generate(FIVE, extra);
      expect(result.code).toBe(2);
      expect(result.stderr.slice(result.stderr.indexOf("error: "))).toBe(FIVE_REPORT(result.file));
      expect(result.stdout).toBe("");
      // One probe per survey good enough to ask about, each with a record of the roster in its arm.
      expect(surveyRequests().sort()).toEqual([
        "surveyReturnCode 1001",
        "surveyReturnCode 1002",
        "surveyReturnCode 1002",
      ]);
      expect(sim.stats.requests.filter((r) => r.content === "surveyReturnCode").length).toBe(3);
      await expect(readdir(join(dir, "run"))).rejects.toThrow();
    }
  });

  it("a token without the right to survey codes is reported with the roster's missing columns, after one probe", async () => {
    const roster = ["record_id,first_name", "1002,Ana", "1001,Cy"].join("\n");
    const extra = ["--instrument", "baseline_survey,diary_survey", "--event", "baseline_arm_1", "--dry-run"];
    const result = await generate(roster, extra, NO_SURVEY_RIGHTS);
    expect(result.code).toBe(2);
    const pieces = [
      "error: The check before fetching codes found 2 problems to fix.",
      "lacks columns the letter template uses: ",
      '"last_name", "address_1", "city", "state", "postal_code"',
      "(roster lines 2, 3)",
      'lacks the "Manage Survey Participants" right',
    ];
    expectInOrder(result.stderr, pieces);
    expect(result.stderr).not.toContain(NO_SURVEY_RIGHTS);
    // The first probe's refusal settles it for every survey: no second one is sent.
    expect(surveyRequests()).toEqual(["surveyReturnCode 1002"]);
  });

  it("a template that cannot be used (its pictures are missing) is reported with the project's findings", async () => {
    const template = join(dir, "letter.md");
    await copyFile(packagePath("templates", "letter.md"), template);
    const roster = [
      "record_id,first_name,last_name,address_1,city,state,postal_code",
      "1002,Ana,Silva,1 Main St,Miami,FL,33135",
    ].join("\n");
    const extra = ["--instrument", "Baseline Survey", "--event", "baseline_arm_1", "--template", template];
    const result = await generate(roster, [...extra, "--dry-run"]);
    expect(result.code).toBe(2);
    const pieces = [
      "error: The check before fetching codes found 2 problems to fix.",
      `  - ${template}: the letter template has 2 problems:`,
      '      - line 11: "letterhead.image": there is no such file beside the template',
      '      - line 37: "signature.image": there is no such file beside the template',
      '  - Instrument "Baseline Survey" is not a unique instrument name; did you mean "baseline_survey"? (roster line 2)',
    ];
    expectInOrder(result.stderr, pieces);
  });

  it("a dry run whose set-up is in order lists the rows that would fail, grouped by kind (roster, duplicate, missing record, other arm, unprintable name), and exits 1", async () => {
    const roster = [
      "record_id,first_name,last_name,address_1,city,state,postal_code,event",
      "1002,Ana,Silva,1 Main St,Miami,FL,33135,baseline_arm_1",
      "2001,Di,Lu,2 Main St,Miami,FL,33135,baseline_arm_1",
      "9999,Ed,Wu,3 Main St,Miami,FL,33135,baseline_arm_1",
      "1002,Ana,Silva,1 Main St,Miami,FL,33135,baseline_arm_1",
      "2002,Fa,Do,4 Main St,Miami,FL,33135,baseline_arm_1",
      "1003,प्रिया,Sharma,5 Main St,Miami,FL,33135,baseline_arm_1",
      ",No,Id,6 Main St,Miami,FL,33135,baseline_arm_1",
    ].join("\n");
    const result = await generate(roster, ["--instrument", "baseline_survey", "--dry-run"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        "Dry run: the set-up is in order (settings, token, template, project, surveys); no participant's code was fetched, no letter written.",
        "Would make 1 letter(s); 0 row(s) skipped, 6 row(s) would fail.",
        "Rows that would fail (the batch goes on without them; 6 rows):",
        "  - rows the roster itself gets wrong: 1 row",
        '      roster line 8 (no record id): column "record_id": record_id is empty: every row needs the participant\'s REDCap record ID',
        "  - duplicate rows: 1 row",
        "      roster line 5 (record 1002): duplicate of roster line 2 (same record, survey, event and instance)",
        "  - records that do not exist in this REDCap project: 1 row",
        '      roster line 4 (record 9999): Record "9999" does not exist in this REDCap project (column "record_id")',
        "  - records in another arm than their event's: 2 rows",
        '      roster line 3 (record 2001): Record "2001" is in arm 2, not in arm 1 where event "baseline_arm_1" is; check the "event" column or --event',
        '      roster line 6 (record 2002): Record "2002" is in arm 2, not in arm 1 where event "baseline_arm_1" is; check the "event" column or --event',
        "  - rows whose values the letter cannot print: 1 row",
        '      roster line 7 (record 1003): column "first_name" is written in Devanagari script, which the letters cannot print correctly (no right-to-left or complex shaping): use a transliteration or print this letter by hand',
        "",
      ].join("\n"),
    );
    expect(surveyRequests()).toEqual(["surveyReturnCode 1002"]);
  });

  it("a real run lists its failed rows grouped as the check found them, and makes and prints the others (exit 1)", async () => {
    const roster = [
      "record_id,first_name,last_name,address_1,city,state,postal_code,event",
      "1002,Ana,Silva,1 Main St,Miami,FL,33135,baseline_arm_1",
      "2001,Di,Lu,2 Main St,Miami,FL,33135,baseline_arm_1",
    ].join("\n");
    const out = join(dir, "real");
    const result = await generate(roster, ["--instrument", "baseline_survey", "--out", out]);
    const printed = await printedQrCodes(out);
    await rm(out, { recursive: true, force: true });
    expect(result.code).toBe(1);
    // The one letter made is printed with its own record's resume link.
    const codes = sim.codesFor({ recordId: "1002", instrument: "baseline_survey", event: "baseline_arm_1" });
    expect(printed).toEqual([[resumeUrl(codes.surveyLink, codes.returnCode)]]);
    const pieces = [
      "Made 1 letter(s), skipped 0, failed 1",
      "Failed rows (1 row; all of them are in manifest.csv):",
      "  - records in another arm than their event's: 1 row",
      '      roster line 3 (record 2001): Record "2001" is in arm 2, not in arm 1',
    ];
    expectInOrder(result.stdout, pieces);
  });
});
