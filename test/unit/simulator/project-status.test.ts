import { describe, expect, it } from "vitest";
import { SimulatorState } from "../../../src/simulator/index.js";
import { STATUS_MESSAGES } from "../../../src/simulator/project-status.js";
import { surveyPage } from "../../../src/simulator/survey-page.js";
import { callApi, DEMO_TOKEN, demo, demoWith, NO_EXPORT_TOKEN, SURVEY_BASE } from "./setup.js";

const json = { format: "json", returnFormat: "json" };
const info = (project = demo) =>
  JSON.parse(callApi(project, { ...json, token: DEMO_TOKEN, content: "project" }).body) as Record<
    string,
    unknown
  >;
const survey = { content: "surveyLink", record: "0001", instrument: "baseline_survey" };

describe("project status", () => {
  it.each([
    [{}, 1],
    [{ in_production: false }, 0],
    [{ in_production: true }, 1],
    [{ status: "development" }, 0],
    [{ status: "production" }, 1],
    [{ status: "analysis_cleanup" }, 2],
    [{ status: "development", in_production: true }, 0],
  ])("%j → in_production %i (the raw status, not a boolean)", (settings, code) => {
    const p = Object.keys(settings).length === 0 ? demo : demoWith(settings);
    expect(info(p).in_production).toBe(code);
  });

  it("survey methods still answer in development and analysis/cleanup", () => {
    for (const status of ["development", "analysis_cleanup"]) {
      const res = callApi(demoWith({ status }), { ...json, token: DEMO_TOKEN, ...survey });
      expect(res.status).toBe(200);
    }
  });

  it("a completed project answers every method but project and version with a 400", () => {
    const done = demoWith({ status: "completed" });
    const error = JSON.stringify({ error: STATUS_MESSAGES.completed });
    for (const content of ["surveyLink", "surveyAccessCode", "participantList", "record", "instrument"]) {
      expect(callApi(done, { ...json, token: DEMO_TOKEN, ...survey, content })).toMatchObject({
        status: 400,
        body: error,
      });
    }
    expect(callApi(done, { ...json, token: DEMO_TOKEN, content: "version" }).status).toBe(200);
    expect(info(done).in_production).toBe(2);
    // Checked after the export right, as in api/index.php.
    expect(callApi(done, { ...json, token: NO_EXPORT_TOKEN, content: "surveyLink" }).status).toBe(403);
    expect(STATUS_MESSAGES.completed).toBe(
      "The REDCap project is no longer accessible because it was marked as Completed.",
    );
  });

  it("in analysis/cleanup a survey link opens no survey", () => {
    const cleanup = demoWith({ status: "analysis_cleanup" });
    const state = new SimulatorState("s", SURVEY_BASE);
    const link = callApi(cleanup, { ...json, token: DEMO_TOKEN, ...survey }, state).body;
    const hash = new URL(link).searchParams.get("s") ?? "";
    expect(surveyPage(new URLSearchParams({ s: hash }), cleanup, state).body).toContain(
      "not currently active",
    );
    expect(surveyPage(new URLSearchParams({ s: hash }), demo, state).body).toContain("Baseline Survey");
  });

  it("rejects an unknown status in the project file", () => {
    expect(() => demoWith({ status: "archived" })).toThrow(/status/);
  });
});
