import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import { loadProjectFile, parseProject, pickDisplayToken } from "../../../src/simulator/index.js";
import { demo, fixtureJson, longitudinal } from "./setup.js";

const valid = fixtureJson("demo-project.json");

function problemsOf(json: unknown): string {
  try {
    parseProject(json, "bad.json");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the project file to be refused");
}

describe("project description file", () => {
  it("the fixtures load", () => {
    expect(demo.records.size).toBe(18);
    expect([...demo.records.keys()].slice(0, 14)).toEqual(
      Array.from({ length: 14 }, (_, i) => String(i + 1).padStart(4, "0")),
    );
    expect(longitudinal.events.map((e) => e.unique_event_name)).toContain("month_6_arm_1");
  });

  it("a designated email field must be one of the project's fields", () => {
    const project = { ...(valid.project as object), designated_email_field: "e_mail" };
    expect(problemsOf({ ...valid, project })).toContain(
      'project.designated_email_field: no field "e_mail" in instruments[].fields',
    );
  });

  it("names the path of a bad key", () => {
    const instruments = [...(valid.instruments as object[])];
    instruments[2] = { ...instruments[2], is_survey: "yes" };
    expect(problemsOf({ ...valid, instruments })).toContain("instruments[2].is_survey:");
  });

  it("reports every problem together", () => {
    const message = problemsOf({
      ...valid,
      tokens: [{ token: "abc" }],
      project: { ...(valid.project as object), version: "15" },
    });
    expect(message).toMatch(/^bad\.json: the project file has 2 problem\(s\):\n/);
    expect(message).toContain("  - project.version: must look like 15.7.6");
    expect(message).toContain("  - tokens[0].token: must be 32 uppercase hexadecimal characters");
  });

  it("rejects unknown keys (typos)", () => {
    expect(
      problemsOf({ ...valid, project: { ...(valid.project as object), surveys_enable: true } }),
    ).toContain('project: Unrecognized key: "surveys_enable"');
  });

  it("checks references between sections", () => {
    const json = fixtureJson("test-project-longitudinal.json");
    const mapping = [
      ...(json.form_event_mapping as object[]),
      { unique_event_name: "month_9_arm_1", form: "x_form" },
    ];
    const message = problemsOf({ ...json, form_event_mapping: mapping });
    expect(message).toContain('form_event_mapping[9].unique_event_name: no event "month_9_arm_1"');
    expect(message).toContain('form_event_mapping[9].form: no instrument "x_form"');
  });

  it("refuses duplicates and events on a classic project", () => {
    const records = [...(valid.records as object[]), { id: "0001" }];
    const message = problemsOf({
      ...valid,
      records,
      events: [{ unique_event_name: "e", arm_num: 1, event_id: 1 }],
    });
    expect(message).toContain('records[].id: "0001" appears more than once');
    expect(message).toContain("events: a classic project (is_longitudinal false) has no events");
  });

  it("loadProjectFile names the file for unreadable or non-JSON files", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sim-project-"));
    const file = join(dir, "p.json");
    await writeFile(file, "{ nope");
    await expect(loadProjectFile(file)).rejects.toThrow(`${file}: the project file is not valid JSON`);
    // V8's message would quote the text: never the file's content in the error.
    await expect(loadProjectFile(file)).rejects.not.toThrow("nope");
    await expect(loadProjectFile(join(dir, "missing.json"))).rejects.toThrow("cannot read the project file");
  });

  it("the display token is the first with every right", () => {
    expect(pickDisplayToken(demo)).toBe("0123456789ABCDEF0123456789ABCDEF");
    expect(pickDisplayToken(longitudinal)).toBe("11111111111111111111111111111111");
  });
});
