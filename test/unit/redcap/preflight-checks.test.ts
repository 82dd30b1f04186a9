import { describe, expect, it } from "vitest";
import {
  checkRecords,
  checkSurveyUses,
  Findings,
  type ProjectModel,
  probeRecord,
} from "../../../src/redcap/preflight-checks.js";
import { editDistance, suggestName } from "../../../src/redcap/suggest.js";

const instruments = [
  { instrument_name: "consent_form", instrument_label: "Consent Form" },
  { instrument_name: "baseline_survey", instrument_label: "Baseline Survey" },
  { instrument_name: "followup_survey", instrument_label: "Follow-up Survey" },
];
const classic: ProjectModel = { isLongitudinal: false, instruments, events: [], mapping: [] };
const longitudinal: ProjectModel = {
  isLongitudinal: true,
  instruments,
  events: [
    { event_name: "Baseline", arm_num: 1, unique_event_name: "baseline_arm_1" },
    { event_name: "Month 6", arm_num: 1, unique_event_name: "month_6_arm_1" },
    { event_name: "Baseline", arm_num: 2, unique_event_name: "baseline_arm_2" },
  ],
  mapping: [
    { arm_num: 1, unique_event_name: "baseline_arm_1", form: "baseline_survey" },
    { arm_num: 1, unique_event_name: "month_6_arm_1", form: "followup_survey" },
    { arm_num: 2, unique_event_name: "baseline_arm_2", form: "baseline_survey" },
  ],
};

function findingsFor(model: ProjectModel, instrument: string, event: string | undefined) {
  const findings = new Findings();
  const good = checkSurveyUses(model, [{ instrument, event, lines: [2, 3] }], findings);
  return { good: good.length, findings: findings.list() };
}

describe("checkSurveyUses", () => {
  it.each([
    [classic, "baseline_survey", undefined, []],
    [
      classic,
      "Baseline Survey",
      undefined,
      ['Instrument "Baseline Survey" is not a unique instrument name; did you mean "baseline_survey"?'],
    ],
    [
      classic,
      "baseline_survy",
      undefined,
      ['Instrument "baseline_survy" does not exist in this project; did you mean "baseline_survey"?'],
    ],
    [
      classic,
      "Baseline-Survey",
      undefined,
      ['Instrument "Baseline-Survey" does not exist in this project; did you mean "baseline_survey"?'],
    ],
    [
      classic,
      "diet_log",
      undefined,
      [
        'Instrument "diet_log" does not exist in this project (check --instrument or the "instrument" column); ' +
          "its instruments are: consent_form, baseline_survey, followup_survey",
      ],
    ],
    [
      classic,
      "baseline_survey",
      "baseline_arm_1",
      [
        'Event "baseline_arm_1" was given, but this project is not longitudinal (it has no events): ' +
          'leave out --event and the "event" column',
      ],
    ],
    [longitudinal, "baseline_survey", "baseline_arm_1", []],
    [
      longitudinal,
      "baseline_survey",
      undefined,
      [
        'This project is longitudinal: give the event of survey "baseline_survey" with --event or an "event" column ' +
          "(its events: baseline_arm_1, month_6_arm_1, baseline_arm_2)",
      ],
    ],
    [
      longitudinal,
      "baseline_survey",
      "Month 6",
      ['Event "Month 6" is not a unique event name; did you mean "month_6_arm_1"?'],
    ],
    [
      longitudinal,
      "baseline_survey",
      "month_6_arm_1",
      [
        'Instrument "baseline_survey" is not designated for event "month_6_arm_1" (it is designated for: baseline_arm_1, baseline_arm_2)',
      ],
    ],
    [
      longitudinal,
      "consent_form",
      "baseline_arm_1",
      [
        'Instrument "consent_form" is not designated for event "baseline_arm_1" (it is designated for no event)',
      ],
    ],
  ])("%#: %s / %s", (model, instrument, event, messages) => {
    const result = findingsFor(model, instrument, event);
    expect(result.findings).toEqual(messages.map((message) => ({ message, lines: [2, 3] })));
    expect(result.good).toBe(messages.length === 0 ? 1 : 0);
  });

  it("merges the same finding from several uses into one with every line", () => {
    const findings = new Findings();
    checkSurveyUses(
      classic,
      [
        { instrument: "Baseline Survey", event: undefined, lines: [7, 5] },
        { instrument: "Baseline Survey", event: undefined, lines: [2] },
      ],
      findings,
    );
    expect(findings.list()).toEqual([
      {
        message:
          'Instrument "Baseline Survey" is not a unique instrument name; did you mean "baseline_survey"?',
        lines: [2, 5, 7],
      },
    ]);
  });
});

describe("checkRecords", () => {
  const existing = new Map([
    ["1001", new Set(["baseline_arm_1"])],
    ["2001", new Set(["baseline_arm_2"])],
    ["3001", new Set<string>()],
  ]);
  it("reports missing records and records in another arm, per line", () => {
    const problems = checkRecords(
      longitudinal,
      [
        { recordId: "1001", event: "baseline_arm_1", lines: [2] },
        { recordId: "2001", event: "month_6_arm_1", lines: [3, 4] },
        { recordId: "9999", event: "baseline_arm_1", lines: [5] },
        { recordId: "3001", event: "baseline_arm_1", lines: [6] },
      ],
      existing,
    );
    const otherArm = {
      kind: "other-arm",
      message:
        'Record "2001" is in arm 2, not in arm 1 where event "month_6_arm_1" is; check the "event" column or --event',
    };
    expect([...problems]).toEqual([
      [3, otherArm],
      [4, otherArm],
      [
        5,
        {
          kind: "missing-record",
          message: 'Record "9999" does not exist in this REDCap project (column "record_id")',
        },
      ],
    ]);
  });

  it("picks a probe record that exists, in the survey's event, without row problems", () => {
    const records = [
      { recordId: "9999", event: "baseline_arm_1", lines: [2] },
      { recordId: "2001", event: "baseline_arm_1", lines: [3] },
      { recordId: "1001", event: "baseline_arm_1", lines: [4] },
    ];
    const problems = new Map([[3, "wrong arm"]]);
    const use = { instrument: "baseline_survey", event: "baseline_arm_1", lines: [2, 3, 4] };
    expect(probeRecord(use, records, existing, problems)).toBe("1001");
    expect(probeRecord({ ...use, event: "month_6_arm_1" }, records, existing, problems)).toBeUndefined();
  });
});

describe("suggestName", () => {
  const known = instruments.map((i) => ({ name: i.instrument_name, label: i.instrument_label }));
  it.each([
    ["Baseline Survey", { kind: "label", name: "baseline_survey" }],
    ["  baseline   survey ", { kind: "label", name: "baseline_survey" }],
    ["BASELINE_SURVEY", { kind: "near", name: "baseline_survey" }],
    ["followup survey", { kind: "near", name: "followup_survey" }],
    ["folowup_survey", { kind: "near", name: "followup_survey" }],
    ["weekly_diary", undefined],
    ["", undefined],
  ])("%j → %o", (typed, suggestion) => {
    expect(suggestName(typed, known)).toEqual(suggestion);
  });

  it.each([
    ["", "", 0],
    ["abc", "abc", 0],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("editDistance(%j, %j) = %i", (a, b, d) => expect(editDistance(a, b)).toBe(d));
});
