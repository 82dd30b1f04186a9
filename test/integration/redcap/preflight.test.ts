import { describe, expect, it } from "vitest";
import { PreflightError, RedcapBannedError } from "../../../src/errors.js";
import { type PreflightInput, runPreflight } from "../../../src/redcap/preflight.js";
import {
  clientFor,
  closeAfterEach,
  EXPIRED_TOKEN,
  LONGITUDINAL_TOKEN,
  NO_EXPORT_TOKEN,
  NO_SURVEY_RIGHTS_TOKEN,
  type ProjectEdit,
  startFixture,
  UNKNOWN_TOKEN,
} from "./helpers.js";

const closeLater = closeAfterEach();

async function preflight(
  file: "demo-project.json" | "test-project-longitudinal.json",
  input: PreflightInput,
  options: { token?: string; edit?: ProjectEdit } = {},
) {
  const sim = await startFixture(file, {}, options.edit);
  closeLater(() => sim.close());
  const token = options.token ?? (file === "demo-project.json" ? undefined : LONGITUDINAL_TOKEN);
  const { client } = clientFor(sim, token === undefined ? {} : { token });
  closeLater(() => client.close());
  // The findings come back with the result; a test reads them as the error the check throws with them.
  const outcome = await runPreflight(client, input).then(
    (result) =>
      result.findings.length > 0
        ? { result: undefined, error: new PreflightError(result.findings) }
        : { result, error: undefined },
    (error: unknown) => ({ result: undefined, error }),
  );
  return { ...outcome, sim, client };
}

function findings(error: unknown) {
  expect(error).toBeInstanceOf(PreflightError);
  return (error as PreflightError).findings;
}

const classicRecords = [
  { recordId: "0001", event: undefined, lines: [2] },
  { recordId: "0002", event: undefined, lines: [3] },
  { recordId: "0999", event: undefined, lines: [4] },
];

describe("preflight, classic project", () => {
  it("passes a good plan in 7 requests and returns labels and row problems", async () => {
    const {
      result,
      error,
      sim: s,
    } = await preflight("demo-project.json", {
      surveys: [
        { instrument: "baseline_survey", event: undefined, lines: [2, 3, 4] },
        { instrument: "followup_survey", event: undefined, lines: [2, 3, 4] },
      ],
      records: classicRecords,
    });
    expect(error).toBeUndefined();
    expect(result?.version).toBe("15.7.6");
    expect(result?.project).toEqual({
      id: 1234,
      title: "Community Health Survey (demo)",
      isLongitudinal: false,
      surveysEnabled: true,
    });
    expect(result?.recordIdField).toBe("record_id");
    expect(result?.labels.get("baseline_survey")).toBe("Baseline Survey");
    expect([...(result?.rowProblems ?? [])]).toEqual([
      [
        4,
        {
          kind: "missing-record",
          message: 'Record "0999" does not exist in this REDCap project (column "record_id")',
        },
      ],
    ]);
    expect(result?.warnings).toEqual([]);
    expect(s.stats.byContent).toEqual({
      version: 1,
      project: 1,
      instrument: 1,
      metadata: 1,
      record: 1,
      surveyReturnCode: 2,
    });
  });

  it("collects every stopping finding, each with its roster lines", async () => {
    const { error, sim: s } = await preflight("demo-project.json", {
      surveys: [
        { instrument: "Baseline Survey", event: undefined, lines: [2] },
        { instrument: "consent_form", event: undefined, lines: [3] },
        { instrument: "followup_survey", event: "baseline_arm_1", lines: [4] },
        { instrument: "diet_log", event: undefined, lines: [5] },
      ],
      records: classicRecords,
    });
    expect(findings(error)).toEqual([
      {
        message:
          'Instrument "Baseline Survey" is not a unique instrument name; did you mean "baseline_survey"?',
        lines: [2],
      },
      {
        message:
          'Event "baseline_arm_1" was given, but this project is not longitudinal (it has no events): leave out --event and the "event" column',
        lines: [4],
      },
      {
        message:
          'Instrument "diet_log" does not exist in this project (check --instrument or the "instrument" column); ' +
          "its instruments are: baseline_survey, followup_survey, consent_form, visit_notes",
        lines: [5],
      },
      {
        message: 'Instrument "consent_form" is not enabled as a survey (Online Designer: "Enable as survey")',
        lines: [3],
      },
    ]);
    expect(s.stats.count("surveyAccessCode")).toBe(0);
    expect(s.stats.count("surveyLink")).toBe(0);
  });

  it("a refused token stops the run as a finding", async () => {
    const { error, sim: s } = await preflight(
      "demo-project.json",
      { surveys: [], records: [] },
      { token: UNKNOWN_TOKEN },
    );
    expect(findings(error)[0]?.message).toBe(
      "REDCap refused the API token: it is mistyped, belongs to another REDCap server, or was deleted or regenerated " +
        `(REDCap said: "You do not have permissions to use the API"). Check REDCAP_API_TOKEN or the file given to --token-file; the project's "API" page shows the user's current token`,
    );
    expect(s.stats.total).toBe(1);
  });

  it("an expired user's token stops the run, naming the date and not the API Export right", async () => {
    const { error } = await preflight(
      "demo-project.json",
      { surveys: [], records: [] },
      { token: EXPIRED_TOKEN },
    );
    expect(findings(error)).toEqual([
      {
        message:
          `REDCap refused the API token: the token's user's rights in this project expired on 2024-06-30 (REDCap said: "You do not have API rights because your privileges have expired for this project as of 2024-06-30"). ` +
          "The token itself is fine: someone with User Rights access in the project can extend or clear that user's expiration date (User Rights)",
        lines: [],
      },
    ]);
  });

  it("a token without export rights stops the run", async () => {
    const { error } = await preflight(
      "demo-project.json",
      { surveys: [], records: [] },
      { token: NO_EXPORT_TOKEN },
    );
    expect(findings(error)[0]?.message).toContain("You do not have API Export privileges");
  });

  it("a token without Manage Survey Participants is one finding", async () => {
    const { error } = await preflight(
      "demo-project.json",
      {
        surveys: [
          { instrument: "baseline_survey", event: undefined, lines: [2] },
          { instrument: "followup_survey", event: undefined, lines: [2] },
        ],
        records: classicRecords,
      },
      { token: NO_SURVEY_RIGHTS_TOKEN },
    );
    const list = findings(error);
    expect(list).toHaveLength(1);
    expect(list[0]?.message).toBe(
      `Asking for a return code, REDCap refused the API token: the token's user lacks the "Manage Survey Participants" right that survey links and codes need ` +
        `(REDCap said: "The API request cannot complete because currently you do not have "Manage Survey Participants" privileges, which are required for this operation"). ` +
        'Someone with User Rights access in the project can grant it (User Rights, "Survey Distribution Tools")',
    );
  });

  it("without Manage Survey Participants, asks for one return code only, however many surveys", async () => {
    // Four instruments (two of them not surveys: the right is checked before that) and a concurrency
    // of 4: before the fix every probe went out and each got its own 403.
    const surveys = ["baseline_survey", "followup_survey", "consent_form", "visit_notes"].map(
      (instrument, i) => ({
        instrument,
        event: undefined,
        lines: [i + 2],
      }),
    );
    const { error, sim: s } = await preflight(
      "demo-project.json",
      { surveys, records: classicRecords },
      { token: NO_SURVEY_RIGHTS_TOKEN },
    );
    const list = findings(error);
    expect(list).toHaveLength(1);
    expect(list[0]?.message).toContain('lacks the "Manage Survey Participants" right');
    expect(list[0]?.message).toContain("User Rights");
    expect(s.stats.count("surveyReturnCode")).toBe(1);
  });

  it("with the right, probes every survey once (the first alone, then the rest)", async () => {
    const surveys = ["baseline_survey", "followup_survey", "consent_form"].map((instrument, i) => ({
      instrument,
      event: undefined,
      lines: [i + 2],
    }));
    const { error, sim: s } = await preflight("demo-project.json", { surveys, records: classicRecords });
    expect(findings(error).map((f) => f.message)).toEqual([
      'Instrument "consent_form" is not enabled as a survey (Online Designer: "Enable as survey")',
    ]);
    expect(s.stats.count("surveyReturnCode")).toBe(3);
  });

  it("an old server and surveys turned off are both reported", async () => {
    const { error, sim: s } = await preflight(
      "demo-project.json",
      { surveys: [{ instrument: "baseline_survey", event: undefined, lines: [2] }], records: classicRecords },
      {
        edit: (p) => {
          Object.assign(p.project as object, { version: "10.8.2", surveys_enabled: false });
        },
      },
    );
    expect(findings(error).map((f) => f.message)).toEqual([
      "This REDCap (version 10.8.2) is too old to give survey access codes through its API; ask its administrator about an upgrade",
      'Surveys are not enabled in this REDCap project (Project Setup: "Use surveys in this project")',
    ]);
    // The probe for access codes asked without a record; with surveys off no survey is probed.
    expect(s.stats.count("surveyAccessCode")).toBe(1);
    expect(s.stats.count("surveyReturnCode")).toBe(0);
  });

  it("warns when no record of a survey exists to check it with", async () => {
    const { result } = await preflight("demo-project.json", {
      surveys: [{ instrument: "baseline_survey", event: undefined, lines: [4] }],
      records: [{ recordId: "0999", event: undefined, lines: [4] }],
    });
    expect(result?.warnings).toEqual([
      'Could not check that "baseline_survey" is a survey with Save & Return Later: none of its roster records exists in REDCap',
    ]);
  });

  it("a ban during preflight is not a finding: it stops the run as a ban", async () => {
    const sim = await startFixture("demo-project.json", { ban: { count: 2, windowMs: 60_000 } });
    closeLater(() => sim.close());
    const { client } = clientFor(sim, { concurrency: 1 });
    closeLater(() => client.close());
    await expect(runPreflight(client, { surveys: [], records: classicRecords })).rejects.toBeInstanceOf(
      RedcapBannedError,
    );
  });
});

describe("preflight, longitudinal project", () => {
  const records = [
    { recordId: "1001", event: "baseline_arm_1", lines: [2] },
    { recordId: "2001", event: "baseline_arm_1", lines: [3] },
    { recordId: "1002", event: "month_6_arm_1", lines: [4] },
  ];

  it("finds events missing, unknown, undesignated and Save & Return Later off", async () => {
    const { error } = await preflight("test-project-longitudinal.json", {
      surveys: [
        { instrument: "baseline_survey", event: "baseline_arm_1", lines: [2, 3] },
        { instrument: "followup_survey", event: "month_6_arm_1", lines: [4] },
        { instrument: "baseline_survey", event: undefined, lines: [5] },
        { instrument: "baseline_survey", event: "Month 6", lines: [6] },
        { instrument: "quick_poll", event: "baseline_arm_1", lines: [7] },
      ],
      records,
    });
    expect(findings(error)).toEqual([
      {
        message:
          'This project is longitudinal: give the event of survey "baseline_survey" with --event or an "event" column ' +
          "(its events: baseline_arm_1, month_6_arm_1, weekly_arm_1, baseline_arm_2, month_6_arm_2)",
        lines: [5],
      },
      { message: 'Event "Month 6" is not a unique event name; did you mean "month_6_arm_1"?', lines: [6] },
      {
        message:
          'Instrument "quick_poll" is not designated for event "baseline_arm_1" (it is designated for: month_6_arm_1, weekly_arm_1)',
        lines: [7],
      },
      {
        message:
          'Survey "followup_survey" does not have Save & Return Later turned on (Survey Settings), so REDCap gives it no return codes for the letters',
        lines: [4],
      },
    ]);
  });

  it("fails only the rows whose record is in another arm", async () => {
    const {
      result,
      error,
      sim: s,
    } = await preflight("test-project-longitudinal.json", {
      surveys: [{ instrument: "baseline_survey", event: "baseline_arm_1", lines: [2, 3] }],
      records: records.slice(0, 2),
    });
    expect(error).toBeUndefined();
    expect([...(result?.rowProblems ?? [])]).toEqual([
      [
        3,
        {
          kind: "other-arm",
          message:
            'Record "2001" is in arm 2, not in arm 1 where event "baseline_arm_1" is; check the "event" column or --event',
        },
      ],
    ]);
    expect(result?.project.isLongitudinal).toBe(true);
    expect(s.stats.byContent).toMatchObject({
      event: 1,
      formEventMapping: 1,
      record: 1,
      surveyReturnCode: 1,
    });
    expect(s.stats.requests.find((r) => r.content === "surveyReturnCode")?.record).toBe("1001");
  });
});
