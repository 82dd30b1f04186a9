import { describe, expect, it } from "vitest";
import { MESSAGES, PROJECT_MESSAGES } from "../../../src/simulator/index.js";
import { callApi, DEMO_TOKEN, demo, LONG_TOKEN, longitudinal } from "./setup.js";

// `arm`, and what the simulator answers for what it does not model: exactly what REDCap answers for a
// method it lacks.

const longCall = (params: Record<string, string | readonly string[]>) =>
  callApi(longitudinal, { returnFormat: "json", token: LONG_TOKEN, ...params });
const demoCall = (params: Record<string, string | readonly string[]>) =>
  callApi(demo, { returnFormat: "json", token: DEMO_TOKEN, ...params });

describe("arm", () => {
  it("json: arm_num an integer, the arm's name; arms[] limits the list", () => {
    expect(longCall({ content: "arm", format: "json" })).toEqual({
      status: 200,
      body: '[{"arm_num":1,"name":"Intervention"},{"arm_num":2,"name":"Control"}]',
      contentType: "application/json; charset=utf-8",
    });
    expect(longCall({ content: "arm", format: "json", arms: ["2"] }).body).toBe(
      '[{"arm_num":2,"name":"Control"}]',
    );
  });

  it("csv and xml", () => {
    expect(longCall({ content: "arm", format: "csv" }).body).toBe(
      "arm_num,name\n1,Intervention\n2,Control\n",
    );
    expect(longCall({ content: "arm", format: "xml", arms: ["1"] }).body).toBe(
      '<?xml version="1.0" encoding="UTF-8" ?>\n<arms>\n' +
        "<item><arm_num><![CDATA[1]]></arm_num><name><![CDATA[Intervention]]></name></item>\n</arms>\n",
    );
  });

  it("a classic project has none to export: 400", () => {
    expect(demoCall({ content: "arm", format: "json" })).toMatchObject({
      status: 400,
      body: JSON.stringify({ error: PROJECT_MESSAGES.classicArms }),
    });
  });
});

describe("what the simulator does not model", () => {
  it.each([
    ["a method it lacks", { content: "user" }],
    ["another", { content: "generateNextRecordName" }],
    ["an import of a modelled content", { content: "record", action: "import", data: "[]" }],
    ["a delete", { content: "arm", action: "delete", arms: ["1"] }],
  ])("%s: 400, content is not valid, in the error format asked for", (_, params) => {
    expect(longCall({ format: "json", ...params })).toEqual({
      status: 400,
      body: JSON.stringify({ error: MESSAGES.badContent }),
      contentType: "application/json; charset=utf-8",
    });
    expect(callApi(longitudinal, { token: LONG_TOKEN, ...params }).body).toBe(
      `<?xml version="1.0" encoding="UTF-8" ?><hash><error>${MESSAGES.badContent}</error></hash>`,
    );
  });

  it("an explicit action=export is the export", () => {
    expect(longCall({ content: "arm", action: "export", format: "json" }).status).toBe(200);
  });

  it("a bad token is still refused first, as REDCap checks the token before the method", () => {
    expect(
      callApi(longitudinal, { token: "0".repeat(32), content: "user", returnFormat: "json" }),
    ).toMatchObject({
      status: 403,
      body: JSON.stringify({ error: MESSAGES.badToken }),
    });
  });
});
