import { describe, expect, it } from "vitest";
import { SimulatorState } from "../../../src/simulator/index.js";
import { callApi, DEMO_TOKEN, demo, demoWith, LONG_TOKEN, longitudinal, SURVEY_BASE } from "./setup.js";

const json = { format: "json", returnFormat: "json" };
const demoCall = (params: Record<string, string | readonly string[]>, state?: SimulatorState) =>
  callApi(demo, { ...json, token: DEMO_TOKEN, ...params }, state);
const longCall = (params: Record<string, string | readonly string[]>, state?: SimulatorState) =>
  callApi(longitudinal, { ...json, token: LONG_TOKEN, ...params }, state);
const parse = (body: string) => JSON.parse(body) as Record<string, unknown>[];

describe("survey methods answer bare text", () => {
  const survey = { record: "0001", instrument: "baseline_survey" };
  it.each([
    ["surveyAccessCode", /^[34789ACDEFHJKLMNPRTWXY]{9}$/],
    ["surveyReturnCode", /^[34789ACDEFHJKLMNPRTWXY]{8}$/],
    ["surveyLink", /^https:\/\/redcap\.example\.edu\/redcap\/surveys\/\?s=[A-Za-z0-9]{16}$/],
  ])("%s", (content, shape) => {
    const res = demoCall({ content, ...survey });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe("text/html; charset=UTF-8");
    expect(res.body).toMatch(shape);
  });

  it("is stable across calls and states with the same seed, and differs by record", () => {
    const a = demoCall({ content: "surveyAccessCode", ...survey });
    const b = demoCall(
      { content: "surveyAccessCode", ...survey },
      new SimulatorState("test-seed", SURVEY_BASE),
    );
    const c = demoCall({ content: "surveyAccessCode", ...survey, record: "0002" });
    const d = demoCall(
      { content: "surveyAccessCode", ...survey },
      new SimulatorState("other-seed", SURVEY_BASE),
    );
    expect(b.body).toBe(a.body);
    expect(c.body).not.toBe(a.body);
    expect(d.body).not.toBe(a.body);
  });

  it("creates the participant row once", () => {
    const state = new SimulatorState("s", SURVEY_BASE);
    demoCall({ content: "surveyLink", ...survey }, state);
    demoCall({ content: "surveyAccessCode", ...survey }, state);
    demoCall({ content: "surveyReturnCode", ...survey }, state);
    expect(state.participantCount).toBe(1);
    demoCall({ content: "surveyLink", ...survey, instrument: "followup_survey" }, state);
    expect(state.participantCount).toBe(2);
  });

  it("record ids are trimmed like REDCap trims them", () => {
    expect(demoCall({ content: "surveyAccessCode", ...survey, record: " 0001 " }).body).toBe(
      demoCall({ content: "surveyAccessCode", ...survey }).body,
    );
  });
});

describe("repeat_instance", () => {
  const diary = {
    content: "surveyAccessCode",
    record: "1001",
    instrument: "diary_survey",
    event: "baseline_arm_1",
  };
  const one = longCall(diary).body;
  it.each(["", "1", "abc", "0", "-2", "1.5"])("%j on a repeating survey means instance 1", (instance) => {
    expect(longCall({ ...diary, repeat_instance: instance }).body).toBe(one);
  });
  it("any positive instance of a repeating survey gets its own code", () => {
    const two = longCall({ ...diary, repeat_instance: "2" }).body;
    const many = longCall({ ...diary, repeat_instance: "57" }).body;
    expect(new Set([one, two, many]).size).toBe(3);
  });
  it("a repeating event makes its surveys repeat", () => {
    const poll = { content: "surveyLink", record: "1001", instrument: "quick_poll", event: "weekly_arm_1" };
    expect(longCall({ ...poll, repeat_instance: "3" }).body).not.toBe(longCall(poll).body);
  });
  it("is ignored on a survey that does not repeat", () => {
    const base = { content: "surveyAccessCode", record: "0001", instrument: "baseline_survey" };
    expect(demoCall({ ...base, repeat_instance: "5" }).body).toBe(demoCall(base).body);
    const poll = { content: "surveyLink", record: "1001", instrument: "quick_poll", event: "month_6_arm_1" };
    expect(longCall({ ...poll, repeat_instance: "3" }).body).toBe(longCall(poll).body);
  });
});

describe("preflight methods", () => {
  it.each([{ format: "json" }, { format: "csv" }, { format: "xml" }, { format: "odm" }, {}])(
    "version is the bare number, always sent as csv (%j)",
    (format) => {
      expect(callApi(demo, { token: DEMO_TOKEN, content: "version", ...format })).toEqual({
        status: 200,
        body: "15.7.6",
        contentType: "text/csv; charset=utf-8",
      });
    },
  );

  it("project has REDCap 15's 26 keys with JSON ints", () => {
    const info = JSON.parse(demoCall({ content: "project" }).body) as Record<string, unknown>;
    expect(Object.keys(info)).toHaveLength(26);
    expect(info).toMatchObject({
      project_id: 1234,
      is_longitudinal: 0,
      surveys_enabled: 1,
      has_repeating_instruments_or_events: 0,
    });
    const long = JSON.parse(longCall({ content: "project" }).body) as Record<string, unknown>;
    expect(long).toMatchObject({
      project_id: 5678,
      is_longitudinal: 1,
      has_repeating_instruments_or_events: 1,
    });
  });

  it("older servers send project integers as strings", () => {
    const old = callApi(demoWith({ version: "13.1.0" }), { ...json, token: DEMO_TOKEN, content: "project" });
    expect(JSON.parse(old.body)).toMatchObject({ project_id: "1234", is_longitudinal: "0" });
  });

  it("instrument lists names and labels", () => {
    expect(parse(demoCall({ content: "instrument" }).body)).toEqual([
      { instrument_name: "baseline_survey", instrument_label: "Baseline Survey" },
      { instrument_name: "followup_survey", instrument_label: "Follow-up Survey" },
      { instrument_name: "consent_form", instrument_label: "Consent Form" },
      { instrument_name: "visit_notes", instrument_label: "Visit Notes" },
    ]);
  });

  it("event and formEventMapping on a longitudinal project", () => {
    expect(parse(longCall({ content: "event", arms: ["2"] }).body)).toEqual([
      {
        event_name: "Baseline",
        arm_num: 2,
        unique_event_name: "baseline_arm_2",
        custom_event_label: "",
        event_id: 201,
      },
      {
        event_name: "Month 6",
        arm_num: 2,
        unique_event_name: "month_6_arm_2",
        custom_event_label: "",
        event_id: 202,
      },
    ]);
    const mapping = parse(longCall({ content: "formEventMapping" }).body);
    expect(mapping).toContainEqual({
      arm_num: 1,
      unique_event_name: "month_6_arm_1",
      form: "followup_survey",
    });
    expect(mapping).not.toContainEqual({
      arm_num: 1,
      unique_event_name: "baseline_arm_1",
      form: "followup_survey",
    });
  });

  it("repeatingFormsEvents with design rights", () => {
    expect(parse(longCall({ content: "repeatingFormsEvents" }).body)).toEqual([
      { event_name: "baseline_arm_1", form_name: "diary_survey", custom_form_label: "" },
      { event_name: "weekly_arm_1", form_name: "", custom_form_label: "" },
    ]);
  });

  it("metadata puts the record id field first", () => {
    const rows = parse(demoCall({ content: "metadata" }).body);
    expect(rows[0]).toMatchObject({
      field_name: "record_id",
      form_name: "baseline_survey",
      field_type: "text",
      field_label: "Record ID",
    });
    expect(rows.map((r) => r.field_name)).toContain("consent_date");
  });

  it("record export drops unknown ids and returns strings", () => {
    const res = demoCall({ content: "record", records: ["0001", "9999", "0014"], fields: ["record_id"] });
    expect(res.contentType).toBe("application/json; charset=utf-8");
    expect(parse(res.body)).toEqual([{ record_id: "0001" }, { record_id: "0014" }]);
  });

  it("record export: longitudinal rows carry redcap_event_name (one per arm)", () => {
    const rows = parse(
      longCall({ content: "record", records: ["1003", "2001"], fields: ["record_id"] }).body,
    );
    expect(rows.map((r) => [r.record_id, r.redcap_event_name])).toEqual([
      ["1003", "baseline_arm_1"],
      ["1003", "baseline_arm_2"],
      ["2001", "baseline_arm_2"],
    ]);
  });

  it("record export escapes like PHP json_encode", () => {
    const res = demoCall({ content: "record", records: ["0004"], fields: ["record_id", "last_name"] });
    expect(res.body).toBe(
      '[{"record_id":"0004","last_name":"\\u03a0\\u03b1\\u03c0\\u03b1\\u03b4\\u03cc\\u03c0\\u03bf\\u03c5\\u03bb\\u03bf\\u03c2"}]',
    );
  });

  it("record export as csv", () => {
    const res = demoCall({
      content: "record",
      format: "csv",
      records: "0002,0010",
      fields: ["record_id", "last_name"],
    });
    expect(res.body).toBe("record_id,last_name\n0002,O'Connor\n0010,Fernández\n");
  });
});

describe("participantList", () => {
  it("blanks record without email/identifier, and codes of completed responses", () => {
    const state = new SimulatorState("test-seed", SURVEY_BASE);
    const rows = parse(demoCall({ content: "participantList", instrument: "baseline_survey" }, state).body);
    expect(rows).toHaveLength(18);
    const byEmail = rows.find((r) => r.email === "grace.okafor@example.org");
    expect(byEmail).toMatchObject({
      record: "0015",
      response_status: 2,
      survey_access_code: "",
      survey_link: "",
    });
    expect(rows.find((r) => r.identifier === "P-0017")).toMatchObject({ record: "0017", response_status: 0 });
    const anonymous = rows[0];
    expect(anonymous).toMatchObject({ record: "", email: "", response_status: 0 });
    const code = demoCall(
      { content: "surveyAccessCode", record: "0001", instrument: "baseline_survey" },
      state,
    ).body;
    expect(anonymous?.survey_access_code).toBe(code);
  });

  it("lists the event's arm only", () => {
    const rows = parse(
      longCall({ content: "participantList", instrument: "baseline_survey", event: "baseline_arm_2" }).body,
    );
    expect(rows.map((r) => r.identifier)).toEqual(["", "C-2001", ""]);
  });
});
