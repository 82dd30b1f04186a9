import { describe, expect, it } from "vitest";
import { MESSAGES, PROJECT_MESSAGES } from "../../../src/simulator/index.js";
import {
  callApi,
  DEMO_TOKEN,
  demo,
  errorInEachFormat,
  LONG_TOKEN,
  longitudinal,
  NO_EXPORT_TOKEN,
} from "./setup.js";

// `arm`, how `action` is read, and what the simulator answers for what it does not model: exactly
// what REDCap answers for a method it lacks.

const longCall = (params: Record<string, string | readonly string[]>) =>
  callApi(longitudinal, { returnFormat: "json", token: LONG_TOKEN, ...params });

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

  it.each(errorInEachFormat("You cannot export arms for classic projects"))(
    "a classic project has none to export: 400 (%s)",
    (format, body, contentType) => {
      expect(callApi(demo, { token: DEMO_TOKEN, content: "arm", format })).toEqual({
        status: 400,
        body,
        contentType,
      });
      expect(PROJECT_MESSAGES.classicArms).toBe("You cannot export arms for classic projects");
    },
  );
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

  it.each([
    ["a record delete", { content: "record", action: "delete", records: ["1001"] }],
    ["a record rename", { content: "record", action: "rename", record: "1001", new_record_name: "9" }],
    ["an action on arm that REDCap accepts but has no file for", { content: "arm", action: "list" }],
    ["anything with data on a content that ignores action", { content: "metadata", action: "x", data: "" }],
  ])("%s: not modelled, content is not valid", (_, params) => {
    expect(longCall({ format: "json", ...params })).toEqual({
      status: 400,
      body: JSON.stringify({ error: MESSAGES.badContent }),
      contentType: "application/json; charset=utf-8",
    });
  });
});

describe("action", () => {
  const badAction = 'The value of the parameter "action" is not valid';

  it.each(errorInEachFormat(badAction))(
    "arm and event check it (%s): 400, case-sensitive",
    (format, body, contentType) => {
      const call = (content: string, action: string) =>
        callApi(longitudinal, { token: LONG_TOKEN, content, action, format });
      for (const [content, action] of [
        ["arm", "nope"],
        ["event", "nope"],
        ["arm", "Export"],
      ] as const) {
        expect(call(content, action), `${content} ${action}`).toEqual({ status: 400, body, contentType });
      }
    },
  );

  it("is checked before the export right and before a classic project's arm refusal", () => {
    expect(
      callApi(demo, { token: NO_EXPORT_TOKEN, returnFormat: "json", content: "arm", action: "x" }),
    ).toEqual({
      status: 400,
      body: JSON.stringify({ error: MESSAGES.badAction }),
      contentType: "application/json; charset=utf-8",
    });
    expect(MESSAGES.badAction).toBe(badAction);
  });

  it("an empty action on arm or event is the export", () => {
    expect(longCall({ content: "arm", action: "", format: "json" }).status).toBe(200);
    expect(longCall({ content: "event", action: "", format: "json" }).status).toBe(200);
  });

  it.each([
    ["record", { records: ["1001"], fields: ["record_id"] }],
    ["metadata", {}],
    ["exportFieldNames", {}],
    ["participantList", { instrument: "baseline_survey", event: "baseline_arm_1" }],
    ["instrument", {}],
  ])("%s ignores an unknown action: the export", (content, extra) => {
    const plain = longCall({ content, format: "json", ...extra });
    expect(plain.status).toBe(200);
    // "import" without `data` too: REDCap decides import or export by `data` alone here.
    for (const action of ["nope", "EXPORT", "import", "switch"]) {
      expect(longCall({ content, format: "json", action, ...extra }), action).toEqual(plain);
    }
  });

  it("delete is an action only for record (not modelled): metadata ignores it", () => {
    expect(longCall({ content: "metadata", format: "json", action: "delete" }).status).toBe(200);
    expect(longCall({ content: "record", format: "json", action: "delete" }).status).toBe(400);
  });

  it("version ignores action and data alike", () => {
    expect(longCall({ content: "version", action: "import", data: "[]" })).toEqual({
      status: 200,
      body: "15.7.6",
      contentType: "text/csv; charset=utf-8",
    });
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
