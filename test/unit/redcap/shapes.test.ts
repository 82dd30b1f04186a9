import { describe, expect, it } from "vitest";
import {
  accessCodeShape,
  instrumentsShape,
  projectShape,
  recordsShape,
  returnCodeShape,
  surveyLinkShape,
  versionShape,
} from "../../../src/redcap/shapes.js";

const DB_ERROR =
  "<!DOCTYPE html><html><head><title>REDCap</title></head><body><b>ERROR:</b> database</body></html>";

describe("accessCodeShape", () => {
  it.each([
    ["CDEFHJKLM", "CDEFHJKLM"],
    ["34789ACDE", "34789ACDE"],
    ["cdefhjklm", "CDEFHJKLM"],
    ["CDEFHJKLM\n", "CDEFHJKLM"],
    ["  CDEFHJKLM \r\n", "CDEFHJKLM"],
  ])("accepts %j as %j", (body, code) => {
    expect(accessCodeShape.parse(body)).toBe(code);
  });

  it.each([
    ["empty", ""],
    ["8 characters", "CDEFHJKL"],
    ["10 characters", "CDEFHJKLMN"],
    ["a letter outside the alphabet (B)", "CDEFHJKLB"],
    ["a zero", "CDEFHJKL0"],
    ["a space inside", "CDEF HJKL"],
    ["a dash inside", "CDEF-HJKL"],
    ["an error text", "An unknown error occurred"],
    ["an HTML page", DB_ERROR],
    ["a JSON error", '{"error":"Invalid event"}'],
  ])("refuses %s", (_kind, body) => {
    expect(accessCodeShape.parse(body)).toBeUndefined();
  });
});

describe("returnCodeShape", () => {
  it.each([
    ["CDEFHJKL", "CDEFHJKL"],
    ["cdefhjkl\n", "CDEFHJKL"],
  ])("accepts %j", (body, code) => {
    expect(returnCodeShape.parse(body)).toBe(code);
  });
  it.each(["CDEFHJKLM", "CDEFHJK", "CDEFHJK1", "", DB_ERROR])("refuses %j", (body) => {
    expect(returnCodeShape.parse(body)).toBeUndefined();
  });
});

describe("surveyLinkShape", () => {
  it.each([
    "https://redcap.example.edu/surveys/?s=AbCdEfGh12345678",
    "https://redcap.example.edu/redcap/surveys/?s=AbCdEf1234",
    "http://127.0.0.1:8080/surveys/?s=ABCDEF",
  ])("accepts %s", (link) => {
    expect(surveyLinkShape.parse(link)).toBe(link);
    expect(surveyLinkShape.parse(`${link}\n`)).toBe(link);
  });

  it.each([
    ["no s", "https://redcap.example.edu/surveys/"],
    ["short hash", "https://redcap.example.edu/surveys/?s=ABCDE"],
    ["hash with symbols", "https://redcap.example.edu/surveys/?s=ABC-DEF12"],
    ["extra parameter", "https://redcap.example.edu/surveys/?s=ABCDEF12&x=1"],
    ["not the survey page", "https://redcap.example.edu/index.php?s=ABCDEF12"],
    ["not http", "ftp://redcap.example.edu/surveys/?s=ABCDEF12"],
    ["credentials in it", "https://u:p@redcap.example.edu/surveys/?s=ABCDEF12"],
    ["space inside", "https://redcap.example.edu/surveys/?s=ABCDEF12 x"],
    ["an HTML page", DB_ERROR],
    ["empty", ""],
  ])("refuses %s", (_kind, body) => {
    expect(surveyLinkShape.parse(body)).toBeUndefined();
  });
});

describe("versionShape", () => {
  it.each([
    ["15.7.6", "15.7.6"],
    ["10.8.2\n", "10.8.2"],
  ])("accepts %j", (body, version) => expect(versionShape.parse(body)).toBe(version));
  it.each(["15.7", "v15.7.6", DB_ERROR, ""])("refuses %j", (body) =>
    expect(versionShape.parse(body)).toBeUndefined(),
  );
});

describe("projectShape", () => {
  it("accepts ints (15.x) and strings (older servers)", () => {
    const modern = projectShape.parse(
      '{"project_id":12,"project_title":"Demo \\/ A","is_longitudinal":0,"surveys_enabled":1,"other":"x"}',
    );
    const old = projectShape.parse(
      '{"project_id":"12","project_title":"Demo","is_longitudinal":"1","surveys_enabled":"0"}',
    );
    expect(modern).toMatchObject({
      project_id: 12,
      project_title: "Demo / A",
      is_longitudinal: false,
      surveys_enabled: true,
    });
    expect(old).toMatchObject({ project_id: 12, is_longitudinal: true, surveys_enabled: false });
  });
  it.each([DB_ERROR, "[]", '{"project_id":1}', '{"error":"x"}'])("refuses %j", (body) => {
    expect(projectShape.parse(body)).toBeUndefined();
  });
});

describe("list shapes", () => {
  it("instruments", () => {
    expect(instrumentsShape.parse('[{"instrument_name":"a","instrument_label":"A"}]')).toEqual([
      { instrument_name: "a", instrument_label: "A" },
    ]);
    expect(instrumentsShape.parse('{"instrument_name":"a"}')).toBeUndefined();
  });
  it("records: every value text", () => {
    expect(recordsShape.parse('[{"record_id":"0001","redcap_event_name":"baseline_arm_1"}]')).toHaveLength(1);
    expect(recordsShape.parse('[{"record_id":1}]')).toBeUndefined();
  });
});
