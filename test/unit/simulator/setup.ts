// Shared by the simulator tests: the bundled fixtures and a one-line way to call the pure API.
import { readFileSync } from "node:fs";
import { packagePath } from "../../../src/paths.js";
import {
  type ApiResponse,
  apiParams,
  handleApi,
  parseProject,
  type SimProject,
  SimulatorState,
} from "../../../src/simulator/index.js";

export const DEMO_TOKEN = "0123456789ABCDEF0123456789ABCDEF";
export const NO_SURVEY_RIGHTS_TOKEN = "A1B2C3D4E5F60718293A4B5C6D7E8F90";
export const NO_EXPORT_TOKEN = "FEDCBA9876543210FEDCBA9876543210";
export const EXPIRED_TOKEN = "E0E0E0E0E0E0E0E0E0E0E0E0E0E0E0E0";
export const LONG_TOKEN = "11111111111111111111111111111111";
export const LONG_NO_DESIGN_TOKEN = "22222222222222222222222222222222";
export const SURVEY_BASE = "https://redcap.example.edu/redcap/";

export function fixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(packagePath("fixtures", name), "utf8")) as Record<string, unknown>;
}

export function fixture(name: string): SimProject {
  return parseProject(fixtureJson(name), name);
}

export const demo = fixture("demo-project.json");
export const longitudinal = fixture("test-project-longitudinal.json");

/** A bundled project with some project settings changed (version, surveys_enabled, status …). */
export function fixtureWith(name: string, project: Record<string, unknown>): SimProject {
  const json = fixtureJson(name);
  return parseProject({ ...json, project: { ...(json.project as object), ...project } }, "variant.json");
}

export function demoWith(project: Record<string, unknown>): SimProject {
  return fixtureWith("demo-project.json", project);
}

export function longWith(project: Record<string, unknown>): SimProject {
  return fixtureWith("test-project-longitudinal.json", project);
}

export function callApi(
  project: SimProject,
  params: Record<string, string | readonly string[] | undefined>,
  state = new SimulatorState("test-seed", SURVEY_BASE),
): ApiResponse {
  return handleApi(apiParams(params), { project, state });
}

/**
 * An error message as REDCap sends it in each format: [format, body, content type]. For messages with
 * no character PHP's json_encode escapes differently from JSON.stringify (`/`, non-ASCII).
 */
export function errorInEachFormat(message: string): [string, string, string][] {
  return [
    ["json", JSON.stringify({ error: message }), "application/json; charset=utf-8"],
    ["csv", `ERROR: ${message}`, "text/csv; charset=utf-8"],
    [
      "xml",
      `<?xml version="1.0" encoding="UTF-8" ?><hash><error>${message}</error></hash>`,
      "text/xml; charset=utf-8",
    ],
  ];
}
