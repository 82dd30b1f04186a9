import { describe, expect, it } from "vitest";
import { parseProject } from "../../../src/simulator/index.js";
import {
  callApi,
  DEMO_TOKEN,
  demo,
  errorInEachFormat,
  fixtureJson,
  LONG_TOKEN,
  longitudinal,
} from "./setup.js";

// A record export as REDCap 15 writes it (redcap-api.md "record"): a plain export has every field and
// every form's `<form>_complete` (0 for a form with no data); `forms[]` limits it; the record id field
// comes only without `fields`; records come sorted by id.

const demoCall = (params: Record<string, string | readonly string[]>) =>
  callApi(demo, { returnFormat: "json", token: DEMO_TOKEN, ...params });
const longCall = (params: Record<string, string | readonly string[]>) =>
  callApi(longitudinal, { returnFormat: "json", token: LONG_TOKEN, ...params });

const DEMO_COLUMNS =
  "record_id,first_name,last_name,general_health,baseline_survey_complete,health_change," +
  "followup_topics___1,followup_topics___2,followup_topics___3,followup_survey_complete,email,consent_date,consent_form_complete,visit_notes_text,visit_notes_complete";

describe("a plain record export (no fields, no forms)", () => {
  it("json: every field, each form closed by its _complete; statuses from responses, 0 for no data", () => {
    const res = demoCall({ content: "record", format: "json", records: ["0002", "0015"] });
    expect(res).toMatchObject({ status: 200, contentType: "application/json; charset=utf-8" });
    expect(res.body).toBe(
      '[{"record_id":"0002","first_name":"James","last_name":"O\'Connor","general_health":"",' +
        '"baseline_survey_complete":"0","health_change":"","followup_topics___1":"0",' +
        '"followup_topics___2":"0","followup_topics___3":"0","followup_survey_complete":"0","email":"",' +
        '"consent_date":"","consent_form_complete":"0","visit_notes_text":"","visit_notes_complete":"0"},' +
        '{"record_id":"0015","first_name":"Grace","last_name":"Okafor","general_health":"",' +
        '"baseline_survey_complete":"2","health_change":"","followup_topics___1":"0",' +
        '"followup_topics___2":"0","followup_topics___3":"0","followup_survey_complete":"0",' +
        '"email":"grace.okafor@example.org","consent_date":"","consent_form_complete":"0",' +
        '"visit_notes_text":"","visit_notes_complete":"0"}]',
    );
  });

  it.each(["true", "TRUE", "1"])(
    "exportBlankForGrayFormStatus=%s: a form with no data (grey) has a blank status",
    (flag) => {
      const res = demoCall({
        content: "record",
        format: "csv",
        records: ["0002"],
        exportBlankForGrayFormStatus: flag,
      });
      expect(res).toEqual({
        status: 200,
        body: `${DEMO_COLUMNS}\n0002,James,O'Connor,,0,,0,0,0,,,,,,\n`,
        contentType: "text/csv; charset=utf-8",
      });
    },
  );

  it("exportBlankForGrayFormStatus=false: 0, as when it is left out", () => {
    const res = demoCall({
      content: "record",
      format: "csv",
      records: ["0002"],
      exportBlankForGrayFormStatus: "false",
    });
    expect(res.body).toBe(`${DEMO_COLUMNS}\n0002,James,O'Connor,,0,,0,0,0,0,,,0,,0\n`);
  });

  it("csv: a header of the same columns, values quoted only when they must be", () => {
    const res = demoCall({ content: "record", format: "csv", records: ["0002"] });
    expect(res).toEqual({
      status: 200,
      body: `${DEMO_COLUMNS}\n0002,James,O'Connor,,0,,0,0,0,0,,,0,,0\n`,
      contentType: "text/csv; charset=utf-8",
    });
  });

  it("xml: <records><item>, values in CDATA, an empty value as a bare element pair", () => {
    const res = demoCall({
      content: "record",
      format: "xml",
      records: ["0002"],
      fields: ["record_id", "health_change"],
    });
    expect(res).toMatchObject({ status: 200, contentType: "text/xml; charset=utf-8" });
    expect(res.body).toBe(
      '<?xml version="1.0" encoding="UTF-8" ?>\n<records>\n' +
        "<item><record_id><![CDATA[0002]]></record_id><health_change></health_change></item>\n</records>\n",
    );
  });

  it("longitudinal: redcap_event_name and the repeat columns after the record id, other events' forms blank", () => {
    const res = longCall({ content: "record", format: "csv", records: ["1001", "2001"] });
    expect(res.body).toBe(
      "record_id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance,email," +
        "enrollment_complete,baseline_survey_complete,followup_survey_complete,diary_survey_complete," +
        "quick_poll_complete\n" +
        "1001,baseline_arm_1,,,p1001@example.org,0,2,,0,\n" +
        "2001,baseline_arm_2,,,,0,0,,,\n",
    );
  });
});

describe("fields[] and forms[]", () => {
  it("accepts <form>_complete names (what PyCap sends by default) in json, csv and xml", () => {
    const every = ["record_id", "first_name", "last_name", "general_health", "baseline_survey_complete"];
    for (const format of ["json", "csv", "xml"]) {
      expect(demoCall({ content: "record", format, fields: every }).status).toBe(200);
    }
    const rows = JSON.parse(
      demoCall({ content: "record", format: "json", fields: every, records: ["0016"] }).body,
    );
    expect(rows).toEqual([
      {
        record_id: "0016",
        first_name: "Tomás",
        last_name: "Rivera",
        general_health: "",
        baseline_survey_complete: "0",
      },
    ]);
  });

  it("named fields without the record id: neither it nor redcap_event_name nor the repeat columns", () => {
    expect(demoCall({ content: "record", format: "csv", records: ["0015"], fields: ["last_name"] })).toEqual({
      status: 200,
      body: "last_name\nOkafor\n",
      contentType: "text/csv; charset=utf-8",
    });
    // The longitudinal project has repeating forms and events: still only the field asked for.
    expect(longCall({ content: "record", format: "json", records: ["1001"], fields: ["email"] })).toEqual({
      status: 200,
      body: '[{"email":"p1001@example.org"}]',
      contentType: "application/json; charset=utf-8",
    });
    expect(
      longCall({ content: "record", format: "csv", records: ["1001"], fields: ["email", "record_id"] }).body,
    ).toBe(
      "record_id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance,email\n" +
        "1001,baseline_arm_1,,,p1001@example.org\n",
    );
  });

  it("forms[] alone: the record id field, then those forms' fields and statuses", () => {
    const res = demoCall({ content: "record", format: "csv", records: ["0015"], forms: ["consent_form"] });
    expect(res.body).toBe(
      "record_id,email,consent_date,consent_form_complete\n0015,grace.okafor@example.org,,0\n",
    );
  });

  it("fields[] and forms[] together: their union, in the dictionary's order, no added record id", () => {
    const res = demoCall({
      content: "record",
      format: "csv",
      records: ["0001"],
      fields: ["first_name"],
      forms: ["followup_survey"],
    });
    expect(res.body).toBe(
      "first_name,health_change,followup_topics___1,followup_topics___2,followup_topics___3," +
        "followup_survey_complete\nMaria,,0,0,0,0\n",
    );
  });

  it.each([
    [
      "json",
      `{"error":"The following values in the parameter \\"forms\\" are not valid: 'nope', 'x\\\\'y'"}`,
    ],
    ["csv", `ERROR: The following values in the parameter "forms" are not valid: 'nope', 'x\\'y'`],
    [
      "xml",
      '<?xml version="1.0" encoding="UTF-8" ?><hash><error>' +
        `The following values in the parameter "forms" are not valid: 'nope', 'x\\'y'</error></hash>`,
    ],
  ])("unknown forms are refused like unknown fields (%s)", (format, body) => {
    const forms = ["nope", "baseline_survey", "x'y", "nope"];
    expect(callApi(demo, { token: DEMO_TOKEN, content: "record", format, forms })).toEqual({
      status: 400,
      body,
      contentType: `${format === "json" ? "application/json" : `text/${format}`}; charset=utf-8`,
    });
  });

  it("a checkbox exports one column per choice, 1 when checked; a descriptive field none", () => {
    const json = fixtureJson("demo-project.json") as {
      instruments: { fields: object[] }[];
      records: object[];
    };
    json.instruments[3]?.fields.push(
      { field_name: "topics", field_type: "checkbox", select_choices_or_calculations: "1, Diet | 2, Sleep" },
      { field_name: "note_text", field_type: "descriptive" },
    );
    json.records = [{ id: "0001", data: { topics: "2" } }];
    const project = parseProject(json, "checkbox.json");
    const res = callApi(project, {
      token: DEMO_TOKEN,
      content: "record",
      format: "csv",
      forms: ["visit_notes"],
    });
    expect(res.body).toBe(
      "record_id,visit_notes_text,topics___1,topics___2,visit_notes_complete\n0001,,0,1,0\n",
    );
  });

  it("a checkbox column names its code as REDCap 15 does: - and . become _, then lower case, a-z 0-9 _ only", () => {
    const json = fixtureJson("demo-project.json") as {
      instruments: { fields: object[] }[];
      records: object[];
    };
    // The Kelvin sign (U+212A) is not an ASCII letter: PHP's strtolower leaves it, so it is dropped
    // (JS's toLowerCase would make it "k").
    json.instruments[3]?.fields.push({
      field_name: "topics",
      field_type: "checkbox",
      select_choices_or_calculations: "1, Diet | -1, None | 2.5, Half | Yes/No, Either | \u212a9, Kelvin",
    });
    json.records = [{ id: "0001", data: { topics: "-1,Yes/No" } }];
    const project = parseProject(json, "checkbox-codes.json");
    const res = callApi(project, {
      token: DEMO_TOKEN,
      content: "record",
      format: "csv",
      forms: ["visit_notes"],
    });
    expect(res.body).toBe(
      "record_id,visit_notes_text,topics___1,topics____1,topics___2_5,topics___yesno,topics___9," +
        "visit_notes_complete\n0001,,0,1,0,1,0,0\n",
    );
  });
});

describe("fields[] naming only descriptive fields", () => {
  const json = fixtureJson("demo-project.json") as { instruments: { fields: object[] }[] };
  json.instruments[3]?.fields.push(
    { field_name: "intro", field_type: "descriptive" },
    { field_name: "outro", field_type: "descriptive" },
  );
  const project = parseProject(json, "descriptive.json");
  const message =
    'The variables provided in the parameter "fields" are not valid fields that contain data. ' +
    "This might happen if you only provided variables for Descriptive fields.";

  it.each(errorInEachFormat(message))(
    "%s: 400, even with forms[] given (REDCap drops them before it looks at forms)",
    (format, body, type) => {
      const call = (extra: Record<string, readonly string[]>) =>
        callApi(project, { token: DEMO_TOKEN, content: "record", format, ...extra });
      expect(call({ fields: ["intro", "outro"] })).toEqual({ status: 400, body, contentType: type });
      expect(call({ fields: ["intro"], forms: ["visit_notes"] })).toEqual({
        status: 400,
        body,
        contentType: type,
      });
    },
  );

  it("an unknown name beside them is reported first; a data field beside them exports", () => {
    const call = (fields: readonly string[]) =>
      callApi(project, { token: DEMO_TOKEN, content: "record", format: "csv", returnFormat: "json", fields });
    expect(call(["intro", "nope"]).body).toBe(
      `{"error":"The following values in the parameter \\"fields\\" are not valid: 'nope'"}`,
    );
    expect(call(["intro", "last_name"]).body.split("\n")[0]).toBe("last_name");
  });
});

describe("record order", () => {
  it("sorted by record id, not in the order asked", () => {
    const res = demoCall({
      content: "record",
      format: "csv",
      records: ["0010", "0002", "0001"],
      fields: ["record_id"],
    });
    expect(res).toEqual({
      status: 200,
      body: "record_id\n0001\n0002\n0010\n",
      contentType: "text/csv; charset=utf-8",
    });
  });

  it("numeric value first (no leading number counts as 0), then the id itself", () => {
    const json = fixtureJson("demo-project.json") as { records: { id: string }[] };
    json.records = ["10", "2", "x1", "1a", "02", "abc", "9.5"].map((id) => ({ id }));
    const project = parseProject(json, "mixed-ids.json");
    const ids = (records?: readonly string[]) =>
      callApi(project, {
        token: DEMO_TOKEN,
        content: "record",
        format: "csv",
        fields: ["record_id"],
        ...(records === undefined ? {} : { records }),
      }).body;
    expect(ids()).toBe("record_id\nabc\nx1\n1a\n02\n2\n9.5\n10\n");
    expect(ids(["10", "abc", "2"])).toBe("record_id\nabc\n2\n10\n");
  });
});
