import { describe, expect, it } from "vitest";
import { MESSAGES, PROJECT_MESSAGES, SURVEY_MESSAGES } from "../../../src/simulator/index.js";
import {
  callApi,
  DEMO_TOKEN,
  demo,
  demoWith,
  EXPIRED_TOKEN,
  LONG_NO_DESIGN_TOKEN,
  LONG_TOKEN,
  longitudinal,
  NO_EXPORT_TOKEN,
  NO_SURVEY_RIGHTS_TOKEN,
} from "./setup.js";

const json = { format: "json", returnFormat: "json" };

describe("error envelopes follow returnFormat, then format, then xml", () => {
  const message = "You do not have permissions to use the API";
  it.each([
    [{ returnFormat: "json" }, `{"error":"${message}"}`, "application/json; charset=utf-8"],
    [{ returnFormat: "JSON" }, `{"error":"${message}"}`, "application/json; charset=utf-8"],
    [{ returnFormat: "csv" }, `ERROR: ${message}`, "text/csv; charset=utf-8"],
    [
      { returnFormat: "xml" },
      `<?xml version="1.0" encoding="UTF-8" ?><hash><error>${message}</error></hash>`,
      "text/xml; charset=utf-8",
    ],
    [{ format: "csv" }, `ERROR: ${message}`, "text/csv; charset=utf-8"],
    [{ format: "json", returnFormat: "" }, `{"error":"${message}"}`, "application/json; charset=utf-8"],
    [{ format: "csv", returnFormat: "json" }, `{"error":"${message}"}`, "application/json; charset=utf-8"],
    [
      { format: "odm" },
      `<?xml version="1.0" encoding="UTF-8" ?><hash><error>${message}</error></hash>`,
      "text/xml; charset=utf-8",
    ],
    [
      { format: "json", returnFormat: "yaml" },
      `<?xml version="1.0" encoding="UTF-8" ?><hash><error>${message}</error></hash>`,
      "text/xml; charset=utf-8",
    ],
    [
      {},
      `<?xml version="1.0" encoding="UTF-8" ?><hash><error>${message}</error></hash>`,
      "text/xml; charset=utf-8",
    ],
  ])("%j", (formats, body, contentType) => {
    expect(callApi(demo, { token: "BAD", content: "version", ...formats })).toEqual({
      status: 403,
      body,
      contentType,
    });
  });
});

describe("checks run in REDCap's order: token, expiry, content, export right, method", () => {
  it.each([
    ["missing token", { content: "version" }, 403, MESSAGES.badToken],
    ["malformed token", { token: "0123", content: "version" }, 403, MESSAGES.badToken],
    [
      "lowercase of a real token",
      { token: DEMO_TOKEN.toLowerCase(), content: "version" },
      403,
      MESSAGES.badToken,
    ],
    [
      "unknown token",
      { token: "ABCDEF0123456789ABCDEF0123456789", content: "version" },
      403,
      MESSAGES.badToken,
    ],
    ["expired user", { token: EXPIRED_TOKEN, content: "version" }, 403, MESSAGES.expired("2024-06-30")],
    [
      "expiry beats bad content",
      { token: EXPIRED_TOKEN, content: "nope" },
      403,
      MESSAGES.expired("2024-06-30"),
    ],
    ["bad token beats bad content", { token: "nope", content: "nope" }, 403, MESSAGES.badToken],
    ["unknown content", { token: DEMO_TOKEN, content: "surveyLinks" }, 400, MESSAGES.badContent],
    ["missing content", { token: DEMO_TOKEN }, 400, MESSAGES.badContent],
    ["content is not a prototype key", { token: DEMO_TOKEN, content: "toString" }, 400, MESSAGES.badContent],
    [
      "bad content beats missing export right",
      { token: NO_EXPORT_TOKEN, content: "nope" },
      400,
      MESSAGES.badContent,
    ],
    ["no export right", { token: NO_EXPORT_TOKEN, content: "version" }, 403, MESSAGES.noExport],
    [
      "no export right, survey method",
      { token: NO_EXPORT_TOKEN, content: "surveyLink" },
      403,
      MESSAGES.noExport,
    ],
    [
      "no survey right",
      { token: NO_SURVEY_RIGHTS_TOKEN, content: "surveyLink" },
      403,
      SURVEY_MESSAGES.noRights,
    ],
    [
      "no survey right before record check",
      { token: NO_SURVEY_RIGHTS_TOKEN, content: "surveyAccessCode", record: "" },
      403,
      SURVEY_MESSAGES.noRights,
    ],
    [
      "no survey right, return code",
      { token: NO_SURVEY_RIGHTS_TOKEN, content: "surveyReturnCode" },
      403,
      SURVEY_MESSAGES.noRights,
    ],
    [
      "no survey right, participant list",
      { token: NO_SURVEY_RIGHTS_TOKEN, content: "participantList" },
      403,
      SURVEY_MESSAGES.noRights,
    ],
  ])("%s", (_name, params, status, message) => {
    expect(callApi(demo, { ...json, ...params })).toMatchObject({
      status,
      body: JSON.stringify({ error: message }),
    });
  });

  it("says exactly the spec's words for missing survey rights", () => {
    expect(SURVEY_MESSAGES.noRights).toBe(
      'The API request cannot complete because currently you do not have "Manage Survey Participants" privileges, which are required for this operation.',
    );
  });

  it("a server older than 15 has no surveyAccessCode: content not valid", () => {
    const old = demoWith({ version: "14.5.2" });
    const params = {
      ...json,
      token: DEMO_TOKEN,
      content: "surveyAccessCode",
      record: "0001",
      instrument: "baseline_survey",
    };
    expect(callApi(old, params)).toMatchObject({
      status: 400,
      body: '{"error":"The value of the parameter \\"content\\" is not valid"}',
    });
    expect(callApi(old, { ...params, content: "surveyLink" }).status).toBe(200);
    expect(callApi(demo, params).status).toBe(200);
  });
});

const survey = (params: Record<string, string>) => ({ ...json, token: DEMO_TOKEN, ...params });
const error = (message: string) => JSON.stringify({ error: message }).replace(/\//g, "\\/");

describe("survey method validation, classic project", () => {
  it.each([
    ["surveyLink", {}, "The parameter 'record' is missing"],
    ["surveyLink", { record: "  " }, "The parameter 'record' is missing"],
    ["surveyLink", { record: "0999" }, 'The record "0999" does not exist'],
    ["surveyLink", { record: '<b>"x"&\'' }, 'The record "&lt;b&gt;&quot;x&quot;&amp;&#039;" does not exist'],
    ["surveyLink", { record: "0999", instrument: "nope" }, 'The record "0999" does not exist'],
    ["surveyLink", { record: "0001" }, "The parameter 'instrument' is missing"],
    ["surveyLink", { record: "0001", instrument: "Baseline Survey" }, "Invalid instrument"],
    [
      "surveyLink",
      { record: "0001", instrument: "consent_form" },
      "The instrument 'consent_form' has not been enabled as a survey",
    ],
    [
      "surveyAccessCode",
      { record: "0001", instrument: "visit_notes" },
      "The instrument 'visit_notes' has not been enabled as a survey",
    ],
    [
      "surveyReturnCode",
      { record: "0001", instrument: "visit_notes" },
      'The instrument "visit_notes" has not been enabled as a survey',
    ],
    ["surveyReturnCode", { record: "0999" }, 'The record "0999" does not exist'],
  ])("%s %j", (content, params, message) => {
    expect(callApi(demo, survey({ content, ...params }))).toMatchObject({
      status: 400,
      body: error(message),
    });
  });

  it("surveys disabled for the project: every instrument 'not enabled as a survey'", () => {
    const off = demoWith({ surveys_enabled: false });
    const res = callApi(
      off,
      survey({ content: "surveyLink", record: "0001", instrument: "baseline_survey" }),
    );
    expect(res).toMatchObject({
      status: 400,
      body: error("The instrument 'baseline_survey' has not been enabled as a survey"),
    });
  });

  it("REDCap 10 quoted the missing record with single quotes", () => {
    const old = demoWith({ version: "10.6.28" });
    const res = callApi(old, survey({ content: "surveyLink", record: "0999" }));
    expect(res.body).toBe(error("The record '0999' does not exist"));
  });

  it("ignores an event sent to a classic project", () => {
    const a = callApi(
      demo,
      survey({ content: "surveyAccessCode", record: "0001", instrument: "baseline_survey" }),
    );
    const b = callApi(
      demo,
      survey({ content: "surveyAccessCode", record: "0001", instrument: "baseline_survey", event: "nope" }),
    );
    expect(a.status).toBe(200);
    expect(b).toEqual(a);
  });
});

describe("survey method validation, longitudinal project", () => {
  const long = (params: Record<string, string>) => ({ ...json, token: LONG_TOKEN, ...params });
  it.each([
    ["surveyLink", { record: "1001", instrument: "baseline_survey" }, "The parameter 'event' is missing"],
    ["surveyLink", { record: "1001", instrument: "baseline_survey", event: "baseline" }, "Invalid event"],
    [
      "surveyLink",
      { record: "1001", instrument: "followup_survey", event: "baseline_arm_1" },
      'The instrument "followup_survey" has not been designated for the event "baseline_arm_1"',
    ],
    [
      "surveyAccessCode",
      { record: "1001", instrument: "baseline_survey", event: "month_6_arm_1" },
      'The instrument "baseline_survey" has not been designated for the event "month_6_arm_1"',
    ],
    [
      "surveyLink",
      { record: "1001", instrument: "enrollment", event: "nope" },
      "The instrument 'enrollment' has not been enabled as a survey",
    ],
    [
      "surveyLink",
      { record: "nope", instrument: "enrollment", event: "nope" },
      'The record "nope" does not exist',
    ],
    [
      "surveyReturnCode",
      { record: "1001", instrument: "baseline_survey" },
      "The parameter 'event' is missing",
    ],
    ["surveyReturnCode", { record: "1001", instrument: "baseline_survey", event: "x" }, "Invalid event"],
    [
      "surveyReturnCode",
      { record: "1001", instrument: "followup_survey", event: "month_6_arm_1" },
      "The 'Save & Return Later' feature has not been enabled for this survey",
    ],
    [
      "surveyLink",
      { record: "2001", instrument: "baseline_survey", event: "baseline_arm_1" },
      "An unknown error occurred",
    ],
    [
      "surveyAccessCode",
      { record: "1001", instrument: "baseline_survey", event: "baseline_arm_2" },
      "An unknown error occurred",
    ],
    [
      "surveyReturnCode",
      { record: "2001", instrument: "baseline_survey", event: "baseline_arm_1" },
      "An unknown error occurred",
    ],
  ])("%s %j", (content, params, message) => {
    expect(callApi(longitudinal, long({ content, ...params }))).toMatchObject({
      status: 400,
      body: error(message),
    });
  });

  it("a record in both arms gets codes in both", () => {
    for (const event of ["baseline_arm_1", "baseline_arm_2"]) {
      const res = callApi(
        longitudinal,
        long({ content: "surveyAccessCode", record: "1003", instrument: "baseline_survey", event }),
      );
      expect(res.status).toBe(200);
    }
  });
});

describe("metadata methods", () => {
  it.each([
    ["event", PROJECT_MESSAGES.classicEvents],
    ["formEventMapping", PROJECT_MESSAGES.classicMapping],
    ["repeatingFormsEvents", PROJECT_MESSAGES.noRepeating],
  ])("classic %s → 400", (content, message) => {
    expect(callApi(demo, { ...json, token: DEMO_TOKEN, content })).toMatchObject({
      status: 400,
      body: error(message),
    });
  });

  it("classic event errors read as the spec says", () => {
    expect(PROJECT_MESSAGES.classicEvents).toBe("You cannot export events for classic projects");
    expect(callApi(demo, { ...json, token: DEMO_TOKEN, content: "formEventMapping" }).body).toBe(
      '{"error":"You cannot export form\\/event mappings for classic projects"}',
    );
  });

  it("repeatingFormsEvents without design rights is a 400, not a 403", () => {
    const res = callApi(longitudinal, {
      ...json,
      token: LONG_NO_DESIGN_TOKEN,
      content: "repeatingFormsEvents",
    });
    expect(res).toMatchObject({ status: 400, body: error(PROJECT_MESSAGES.noDesign) });
  });
});
