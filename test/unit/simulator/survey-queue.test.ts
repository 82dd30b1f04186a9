import { describe, expect, it } from "vitest";
import { SimulatorState, SURVEY_MESSAGES } from "../../../src/simulator/index.js";
import { QUEUE_MESSAGES } from "../../../src/simulator/methods/survey-queue.js";
import { callApi, DEMO_TOKEN, demo, LONG_TOKEN, longitudinal, longWith, SURVEY_BASE } from "./setup.js";

const json = { format: "json", returnFormat: "json" };
const error = (message: string) => JSON.stringify({ error: message }).replace(/\//g, "\\/");
const long = (params: Record<string, string>, state?: SimulatorState) =>
  callApi(longitudinal, { ...json, token: LONG_TOKEN, content: "surveyQueueLink", ...params }, state);

describe("surveyQueueLink", () => {
  it("answers the record's queue link as bare text, stable per record", () => {
    const state = new SimulatorState("test-seed", SURVEY_BASE);
    const a = long({ record: "1001" }, state);
    expect(a.status).toBe(200);
    expect(a.contentType).toBe("text/html; charset=UTF-8");
    expect(a.body).toMatch(/^https:\/\/redcap\.example\.edu\/redcap\/surveys\/\?sq=[A-Za-z0-9]{10}$/);
    expect(long({ record: "1001" }, new SimulatorState("test-seed", SURVEY_BASE)).body).toBe(a.body);
    expect(long({ record: "1002" }, state).body).not.toBe(a.body);
    // One link per record, whichever arm or event: the queue spans the whole record.
    expect(long({ record: "1001", event: "baseline_arm_2", instrument: "x" }, state).body).toBe(a.body);
  });

  it.each([
    [{}, SURVEY_MESSAGES.recordMissing],
    [{ record: "" }, SURVEY_MESSAGES.recordMissing],
    // Not trimmed, unlike the other survey methods: blanks are a record name that does not exist.
    [{ record: "  " }, 'The record "  " does not exist'],
    [{ record: "9999" }, 'The record "9999" does not exist'],
    [{ record: "<x>" }, 'The record "&lt;x&gt;" does not exist'],
  ])("%j → %s", (params, message) => {
    expect(long(params)).toMatchObject({ status: 400, body: error(message) });
  });

  it("says so when the Survey Queue is not set up (after the record checks)", () => {
    const call = (record: string) =>
      callApi(demo, { ...json, token: DEMO_TOKEN, content: "surveyQueueLink", record });
    expect(call("0001")).toMatchObject({ status: 400, body: error(QUEUE_MESSAGES.notEnabled) });
    expect(call("0999").body).toBe(error('The record "0999" does not exist'));
    expect(QUEUE_MESSAGES.notEnabled).toBe(
      "The Survey Queue has not been enabled in this project. You will need to enable the Survey Queue before using this method.",
    );
  });

  it("needs Survey Distribution rights before anything else", () => {
    const res = callApi(longitudinal, {
      ...json,
      token: "33333333333333333333333333333333",
      content: "surveyQueueLink",
    });
    expect(res).toMatchObject({ status: 403, body: error(SURVEY_MESSAGES.noRights) });
  });

  it("surveys off project-wide means no queue", () => {
    const off = longWith({ surveys_enabled: false });
    const res = callApi(off, { ...json, token: LONG_TOKEN, content: "surveyQueueLink", record: "1001" });
    expect(res.body).toBe(error(QUEUE_MESSAGES.notEnabled));
  });
});
