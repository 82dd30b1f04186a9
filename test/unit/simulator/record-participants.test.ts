import { describe, expect, it } from "vitest";
import { PROJECT_MESSAGES, SimulatorState } from "../../../src/simulator/index.js";
import { RECORD_MESSAGES } from "../../../src/simulator/methods/record-methods.js";
import { callApi, DEMO_TOKEN, demo, LONG_TOKEN, longitudinal, SURVEY_BASE } from "./setup.js";

const json = { format: "json", returnFormat: "json" };
const error = (message: string) => JSON.stringify({ error: message });
const demoCall = (params: Record<string, string | readonly string[]>, state?: SimulatorState) =>
  callApi(demo, { ...json, token: DEMO_TOKEN, ...params }, state);
const longCall = (params: Record<string, string | readonly string[]>, state?: SimulatorState) =>
  callApi(longitudinal, { ...json, token: LONG_TOKEN, ...params }, state);

describe("record export with names REDCap does not know", () => {
  it("answers 400 for unknown fields, each once, quoted as PHP's prep_implode quotes them", () => {
    const res = demoCall({ content: "record", fields: ["record_id", "nope", "bad'name", "nope"] });
    expect(res).toMatchObject({
      status: 400,
      body: error(`The following values in the parameter "fields" are not valid: 'nope', 'bad\\'name'`),
    });
    expect(RECORD_MESSAGES.invalid("fields", ["a"])).toBe(
      `The following values in the parameter "fields" are not valid: 'a'`,
    );
  });

  it("still drops unknown record ids silently", () => {
    const rows = JSON.parse(
      demoCall({ content: "record", records: ["0001", "9999"], fields: ["record_id"] }).body,
    );
    expect(rows).toEqual([{ record_id: "0001" }]);
  });

  it("checks events (longitudinal only) before fields, and filters rows by them", () => {
    const bad = longCall({ content: "record", events: ["nope"], fields: ["nope"] });
    expect(bad.body).toBe(error(`The following values in the parameter "events" are not valid: 'nope'`));
    const rows = JSON.parse(
      longCall({ content: "record", records: ["1003"], events: ["baseline_arm_2"], fields: ["record_id"] })
        .body,
    ) as { redcap_event_name: string }[];
    expect(rows.map((r) => r.redcap_event_name)).toEqual(["baseline_arm_2"]);
    expect(demoCall({ content: "record", events: ["nope"], fields: ["record_id"] }).status).toBe(200);
  });
});

describe("participantList", () => {
  it("lists every created instance of a repeating survey, one row each", () => {
    const state = new SimulatorState("s", SURVEY_BASE);
    const diary = { instrument: "diary_survey", event: "baseline_arm_1" };
    const before = JSON.parse(longCall({ content: "participantList", ...diary }, state).body) as unknown[];
    const third = longCall(
      { content: "surveyAccessCode", record: "1001", repeat_instance: "3", ...diary },
      state,
    );
    const after = JSON.parse(longCall({ content: "participantList", ...diary }, state).body) as {
      survey_access_code: string;
      response_status: number;
    }[];
    expect(after).toHaveLength(before.length + 1);
    expect(after.map((r) => r.survey_access_code)).toContain(third.body);
    expect(after.every((r) => Number.isInteger(r.response_status))).toBe(true);
  });

  it("gives no 'not designated' error (REDCap does not check it there): no rows", () => {
    const res = longCall({
      content: "participantList",
      instrument: "followup_survey",
      event: "baseline_arm_1",
    });
    expect(res).toMatchObject({ status: 200, body: "[]" });
  });

  it("repeatingFormsEvents without design rights says what REDCap's language file says", () => {
    expect(PROJECT_MESSAGES.noDesign).toBe(
      "Insufficient user privileges: You must have 'API Export' privileges and 'Project Setup/Design' privileges in the project.",
    );
  });
});
