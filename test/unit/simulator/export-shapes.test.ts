import { describe, expect, it } from "vitest";
import { parseProject, type SimProject } from "../../../src/simulator/index.js";
import { callApi, DEMO_TOKEN, demo, fixtureJson, LONG_TOKEN, longitudinal } from "./setup.js";

// Issue 10's acceptance: a default record export, field-name export, metadata export and
// participant-list export, each in json, csv and xml, for the demo and the longitudinal projects.
// The other test files pin the values; this one pins each answer's shape in every format.

const projects: [string, SimProject, string, Record<string, string>][] = [
  ["demo", demo, DEMO_TOKEN, { instrument: "baseline_survey" }],
  ["longitudinal", longitudinal, LONG_TOKEN, { instrument: "baseline_survey", event: "baseline_arm_1" }],
];

const exports: [string, string, string, string][] = [
  // content, xml root, xml row element, what follows the root's closing tag
  ["record", "records", "item", "\n"],
  ["exportFieldNames", "fields", "field", ""],
  ["metadata", "records", "item", "\n"],
  ["participantList", "participants", "participant", ""],
];

const cases = projects.flatMap(([name, project, token, survey]) =>
  exports.map(([content, root, item, end]) => ({ name, project, token, survey, content, root, item, end })),
);

describe.each(cases)("$content, $name project", ({ project, token, survey, content, root, item, end }) => {
  const call = (format: string) =>
    callApi(project, {
      token,
      content,
      format,
      returnFormat: "json",
      ...(content === "participantList" ? survey : {}),
    });
  const json = JSON.parse(call("json").body) as Record<string, unknown>[];

  it("json: a list of flat objects with the same keys", () => {
    expect(call("json")).toMatchObject({ status: 200, contentType: "application/json; charset=utf-8" });
    expect(json.length).toBeGreaterThan(0);
    const keys = Object.keys(json[0] ?? {});
    for (const row of json) expect(Object.keys(row)).toEqual(keys);
    for (const row of json)
      for (const value of Object.values(row)) expect(typeof value).toMatch(/string|number/);
  });

  it("csv: those keys as the header, one line a row, a final newline", () => {
    const res = call("csv");
    expect(res).toMatchObject({ status: 200, contentType: "text/csv; charset=utf-8" });
    expect(res.body.endsWith("\n")).toBe(true);
    expect(res.body.split("\n")[0]).toBe(Object.keys(json[0] ?? {}).join(","));
  });

  it(`xml: <${root}> holding one <${item}> a row, its elements in the json's order`, () => {
    const res = call("xml");
    expect(res).toMatchObject({ status: 200, contentType: "text/xml; charset=utf-8" });
    expect(res.body.endsWith(`\n</${root}>${end}`)).toBe(true);
    const lines = res.body.slice(0, res.body.length - end.length).split("\n");
    expect(lines[0]).toBe('<?xml version="1.0" encoding="UTF-8" ?>');
    expect(lines[1]).toBe(`<${root}>`);
    const rows = lines.slice(2, -1);
    expect(rows).toHaveLength(json.length);
    const names = Object.keys(json[0] ?? {});
    for (const row of rows) {
      expect(row.startsWith(`<${item}><${names[0]}>`)).toBe(true);
      expect(row.endsWith(`</${names.at(-1)}></${item}>`)).toBe(true);
      expect([...row.matchAll(/<\/([a-z0-9_]+)>/g)].map((m) => m[1])).toEqual([...names, item]);
    }
  });
});

describe("a `]]>` inside an xml value", () => {
  // REDCap 15.x splits it so it cannot end the CDATA section early in the record export
  // (Records::convertFlatDataToXml) and participantList (REDCap::getParticipantList); its other xml
  // lists, metadata among them, write the value as it is.
  const json = fixtureJson("demo-project.json") as {
    instruments: { fields: { field_name: string; field_label?: string }[] }[];
    records: object[];
  };
  const firstName = json.instruments[0]?.fields.find((f) => f.field_name === "first_name");
  if (firstName !== undefined) firstName.field_label = "First ]]> name";
  json.records = [{ id: "0001", identifier: "P]]>1", data: { first_name: "A]]>B]]>" } }];
  const project = parseProject(json, "cdata-end.json");
  const xml = (params: Record<string, string | readonly string[]>) =>
    callApi(project, { token: DEMO_TOKEN, format: "xml", ...params }).body;

  it("record export and participantList: `]]]]><![CDATA[>`, every time it occurs", () => {
    expect(xml({ content: "record", fields: ["first_name"] })).toBe(
      '<?xml version="1.0" encoding="UTF-8" ?>\n<records>\n' +
        "<item><first_name><![CDATA[A]]]]><![CDATA[>B]]]]><![CDATA[>]]></first_name></item>\n</records>\n",
    );
    expect(xml({ content: "participantList", instrument: "baseline_survey" })).toContain(
      "<identifier><![CDATA[P]]]]><![CDATA[>1]]></identifier>",
    );
  });

  it("metadata: as it is", () => {
    expect(xml({ content: "metadata", fields: ["first_name"] })).toContain(
      "<field_label><![CDATA[First ]]> name]]></field_label>",
    );
  });
});
