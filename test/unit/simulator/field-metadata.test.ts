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

// The data dictionary (`metadata`, REDCap's 18 columns) and `exportFieldNames` (each field's export
// column names), pinned in json, csv and xml for the demo and the longitudinal projects.

const demoCall = (params: Record<string, string | readonly string[]>) =>
  callApi(demo, { returnFormat: "json", token: DEMO_TOKEN, ...params });
const longCall = (params: Record<string, string | readonly string[]>) =>
  callApi(longitudinal, { returnFormat: "json", token: LONG_TOKEN, ...params });

const COLUMNS = [
  "field_name",
  "form_name",
  "section_header",
  "field_type",
  "field_label",
  "select_choices_or_calculations",
  "field_note",
  "text_validation_type_or_show_slider_number",
  "text_validation_min",
  "text_validation_max",
  "identifier",
  "branching_logic",
  "required_field",
  "custom_alignment",
  "question_number",
  "matrix_group_name",
  "matrix_ranking",
  "field_annotation",
];

const row = (values: Record<string, string>) => Object.fromEntries(COLUMNS.map((c) => [c, values[c] ?? ""]));

describe("metadata", () => {
  it("json: REDCap's 18 columns in its order, the record id field first, no <form>_complete", () => {
    const res = demoCall({ content: "metadata", format: "json" });
    expect(res).toMatchObject({ status: 200, contentType: "application/json; charset=utf-8" });
    const rows = JSON.parse(res.body) as Record<string, string>[];
    expect(rows.map((r) => Object.keys(r))).toEqual(rows.map(() => COLUMNS));
    expect(rows.map((r) => r.field_name)).toEqual([
      "record_id",
      "first_name",
      "last_name",
      "general_health",
      "health_change",
      "followup_topics",
      "email",
      "consent_date",
      "visit_notes_text",
    ]);
    expect(rows[3]).toEqual(
      row({
        field_name: "general_health",
        form_name: "baseline_survey",
        field_type: "radio",
        field_label: "How would you rate your health in general?",
        select_choices_or_calculations: "1, Excellent | 2, Very good | 3, Good | 4, Fair | 5, Poor",
        required_field: "y",
      }),
    );
  });

  it("fields[] and forms[]: a field is kept when named or in a named form", () => {
    const names = (params: Record<string, string | readonly string[]>) =>
      (
        JSON.parse(demoCall({ content: "metadata", format: "json", ...params }).body) as {
          field_name: string;
        }[]
      ).map((r) => r.field_name);
    expect(names({ fields: ["email", "first_name"] })).toEqual(["first_name", "email"]);
    expect(names({ forms: ["baseline_survey"] })).toEqual([
      "record_id",
      "first_name",
      "last_name",
      "general_health",
    ]);
    expect(names({ fields: ["email"], forms: ["visit_notes"] })).toEqual(["email", "visit_notes_text"]);
  });

  // REDCap's answer here is not known: this pins the simulator's guess (the record export's wording).
  it("unknown field or form names: a 400 naming them", () => {
    expect(demoCall({ content: "metadata", format: "json", fields: ["nope"] })).toEqual({
      status: 400,
      body: `{"error":"The following values in the parameter \\"fields\\" are not valid: 'nope'"}`,
      contentType: "application/json; charset=utf-8",
    });
    expect(demoCall({ content: "metadata", format: "json", forms: ["nope"] })).toEqual({
      status: 400,
      body: `{"error":"The following values in the parameter \\"forms\\" are not valid: 'nope'"}`,
      contentType: "application/json; charset=utf-8",
    });
  });

  it("a <form>_complete in fields[] is accepted but has no row", () => {
    const res = demoCall({ content: "metadata", format: "json", fields: ["email", "consent_form_complete"] });
    expect((JSON.parse(res.body) as { field_name: string }[]).map((r) => r.field_name)).toEqual(["email"]);
  });

  it("csv: a header of the 18 columns, a choice list quoted for its commas", () => {
    const res = demoCall({ content: "metadata", format: "csv", fields: ["health_change"] });
    expect(res).toMatchObject({ status: 200, contentType: "text/csv; charset=utf-8" });
    expect(res.body).toBe(
      `${COLUMNS.join(",")}\n` +
        'health_change,followup_survey,,radio,"Compared to a year ago, how is your health now?",' +
        '"1, Better | 2, About the same | 3, Worse",,,,,,,,,,,,\n',
    );
  });

  it("xml (longitudinal): <records><item>, every value in CDATA", () => {
    const res = longCall({ content: "metadata", format: "xml", fields: ["email"] });
    expect(res).toMatchObject({ status: 200, contentType: "text/xml; charset=utf-8" });
    const values = row({
      field_name: "email",
      form_name: "enrollment",
      field_type: "text",
      field_label: "Email",
      text_validation_type_or_show_slider_number: "email",
      identifier: "y",
    });
    const cells = COLUMNS.map((c) => `<${c}><![CDATA[${values[c]}]]></${c}>`).join("");
    expect(res.body).toBe(
      `<?xml version="1.0" encoding="UTF-8" ?>\n<records>\n<item>${cells}</item>\n</records>\n`,
    );
  });
});

describe("exportFieldNames", () => {
  it("json: a row per export column; a checkbox one per choice; each form's _complete", () => {
    const res = demoCall({ content: "exportFieldNames", format: "json" });
    expect(res).toMatchObject({ status: 200, contentType: "application/json; charset=utf-8" });
    const rows = JSON.parse(res.body) as Record<string, string>[];
    expect(rows.slice(4, 10)).toEqual([
      {
        original_field_name: "baseline_survey_complete",
        choice_value: "",
        export_field_name: "baseline_survey_complete",
      },
      { original_field_name: "health_change", choice_value: "", export_field_name: "health_change" },
      { original_field_name: "followup_topics", choice_value: "1", export_field_name: "followup_topics___1" },
      { original_field_name: "followup_topics", choice_value: "2", export_field_name: "followup_topics___2" },
      { original_field_name: "followup_topics", choice_value: "3", export_field_name: "followup_topics___3" },
      {
        original_field_name: "followup_survey_complete",
        choice_value: "",
        export_field_name: "followup_survey_complete",
      },
    ]);
    expect(rows.map((r) => r.export_field_name)).toEqual(
      (
        JSON.parse(demoCall({ content: "record", format: "json", records: ["0001"] }).body) as object[]
      ).flatMap((r) => Object.keys(r)),
    );
  });

  it("csv (longitudinal): three columns; `field` limits it to one field's columns", () => {
    const res = longCall({ content: "exportFieldNames", format: "csv" });
    expect(res.body).toBe(
      "original_field_name,choice_value,export_field_name\n" +
        "record_id,,record_id\nemail,,email\nenrollment_complete,,enrollment_complete\n" +
        "baseline_survey_complete,,baseline_survey_complete\nfollowup_survey_complete,,followup_survey_complete\n" +
        "diary_survey_complete,,diary_survey_complete\nquick_poll_complete,,quick_poll_complete\n",
    );
    expect(demoCall({ content: "exportFieldNames", format: "csv", field: "followup_topics" }).body).toBe(
      "original_field_name,choice_value,export_field_name\n" +
        "followup_topics,1,followup_topics___1\nfollowup_topics,2,followup_topics___2\n" +
        "followup_topics,3,followup_topics___3\n",
    );
  });

  it("xml: <fields>, one <field> a line, every value in CDATA (empty ones too), nothing after </fields>", () => {
    const cell = (name: string, value: string) => `<${name}><![CDATA[${value}]]></${name}>`;
    const field = (original: string, choice: string, name: string) =>
      `<field>${cell("original_field_name", original)}${cell("choice_value", choice)}${cell("export_field_name", name)}</field>`;
    expect(demoCall({ content: "exportFieldNames", format: "xml", field: "email" })).toEqual({
      status: 200,
      body: `<?xml version="1.0" encoding="UTF-8" ?>\n<fields>\n${field("email", "", "email")}\n</fields>`,
      contentType: "text/xml; charset=utf-8",
    });
    expect(demoCall({ content: "exportFieldNames", format: "xml", field: "followup_topics" }).body).toBe(
      '<?xml version="1.0" encoding="UTF-8" ?>\n<fields>\n' +
        `${field("followup_topics", "1", "followup_topics___1")}\n` +
        `${field("followup_topics", "2", "followup_topics___2")}\n` +
        `${field("followup_topics", "3", "followup_topics___3")}\n</fields>`,
    );
  });

  it("a checkbox's export_field_name formats its code as REDCap 15 does; choice_value keeps the code", () => {
    const json = fixtureJson("demo-project.json") as { instruments: { fields: object[] }[] };
    json.instruments[3]?.fields.push({
      field_name: "topics",
      field_type: "checkbox",
      select_choices_or_calculations: "-1, None | 2.5, Half | Yes/No, Either | \u212a9, Kelvin",
    });
    const project = parseProject(json, "checkbox-codes.json");
    const res = callApi(project, {
      token: DEMO_TOKEN,
      content: "exportFieldNames",
      format: "csv",
      field: "topics",
    });
    expect(res.body).toBe(
      "original_field_name,choice_value,export_field_name\n" +
        "topics,-1,topics____1\ntopics,2.5,topics___2_5\ntopics,Yes/No,topics___yesno\n" +
        "topics,\u212a9,topics___9\n",
    );
  });

  it("a form's _complete is a field it knows", () => {
    expect(demoCall({ content: "exportFieldNames", format: "csv", field: "consent_form_complete" })).toEqual({
      status: 200,
      body: "original_field_name,choice_value,export_field_name\nconsent_form_complete,,consent_form_complete\n",
      contentType: "text/csv; charset=utf-8",
    });
  });

  it.each(errorInEachFormat("Invalid field"))(
    "an unknown `field` (%s): 400 Invalid field",
    (format, body, contentType) => {
      const res = callApi(demo, { token: DEMO_TOKEN, content: "exportFieldNames", format, field: "nope" });
      expect(res).toEqual({ status: 400, body, contentType });
    },
  );

  it("leaves out file and descriptive fields only: calc fields and every _complete are listed", () => {
    const json = fixtureJson("demo-project.json") as { instruments: { fields: object[] }[] };
    json.instruments[3]?.fields.push(
      { field_name: "scan", field_type: "file" },
      { field_name: "intro", field_type: "descriptive" },
      { field_name: "bmi", field_type: "calc", select_choices_or_calculations: "[weight]/2" },
    );
    const project = parseProject(json, "types.json");
    const call = (field?: string) =>
      callApi(project, {
        token: DEMO_TOKEN,
        content: "exportFieldNames",
        format: "csv",
        ...(field === undefined ? {} : { field }),
      });
    expect(call().body.split("\n").slice(-4)).toEqual([
      "visit_notes_text,,visit_notes_text",
      "bmi,,bmi",
      "visit_notes_complete,,visit_notes_complete",
      "",
    ]);
    // A file or descriptive field is in the dictionary but has no row: REDCap's "unknown error".
    for (const field of ["scan", "intro"]) {
      expect(call(field)).toEqual({
        status: 400,
        body: "ERROR: An unknown error occurred",
        contentType: "text/csv; charset=utf-8",
      });
    }
    expect(call("bmi").body).toBe("original_field_name,choice_value,export_field_name\nbmi,,bmi\n");
  });
});
