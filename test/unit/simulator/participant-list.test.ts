import { describe, expect, it } from "vitest";
import { parseProject, SimulatorState } from "../../../src/simulator/index.js";
import { callApi, DEMO_TOKEN, demo, fixtureJson, LONG_TOKEN, longitudinal, SURVEY_BASE } from "./setup.js";

// participantList as REDCap 15 writes it: `<participants><participant>` in xml, the columns it adds
// when they apply, a record only for an identifier or a designated-field email, email_occurrence an
// integer.

type Params = Record<string, string | readonly string[]>;
const demoCall = (params: Params, state?: SimulatorState) =>
  callApi(demo, { returnFormat: "json", token: DEMO_TOKEN, content: "participantList", ...params }, state);
const longCall = (params: Params, state?: SimulatorState) =>
  callApi(
    longitudinal,
    { returnFormat: "json", token: LONG_TOKEN, content: "participantList", ...params },
    state,
  );
const rowsOf = (body: string) => JSON.parse(body) as Record<string, string | number>[];

/** The baseline survey's participant list (json) of the demo project with only these records. */
function listOf(records: object[], state?: SimulatorState): Record<string, string | number>[] {
  const json = fixtureJson("demo-project.json");
  const project = parseProject({ ...json, records }, "records.json");
  const params = {
    token: DEMO_TOKEN,
    content: "participantList",
    format: "json",
    instrument: "baseline_survey",
  };
  return rowsOf(callApi(project, params, state).body);
}

const BASE = [
  "email",
  "email_occurrence",
  "identifier",
  "record",
  "invitation_sent_status",
  "invitation_send_time",
  "response_status",
  "survey_access_code",
  "survey_link",
];

describe("which rows name their record", () => {
  it("an identifier or an email from the designated email field does; a hand-typed email does not", () => {
    const rows = rowsOf(demoCall({ format: "json", instrument: "baseline_survey" }).body);
    const of = (email: string) => rows.find((r) => r.email === email);
    expect(of("grace.okafor@example.org")).toMatchObject({ record: "0015", response_status: 2 });
    expect(of("tomas.rivera@example.org")).toMatchObject({ record: "0016", response_status: 1 });
    expect(rows.find((r) => r.identifier === "P-0017")).toMatchObject({ record: "0017" });
    expect(of("wei.zhang@example.org")).toMatchObject({ record: "", identifier: "" });
    // Sorted by email first: 0017's blank email before the others.
    expect(rows.filter((r) => r.record !== "").map((r) => r.record)).toEqual(["0017", "0015", "0016"]);
  });

  it("without a designated email field no email maps a row, whatever the records hold", () => {
    const json = fixtureJson("demo-project.json");
    const project = parseProject(
      { ...json, project: { ...(json.project as object), designated_email_field: undefined } },
      "no-designated.json",
    );
    const rows = rowsOf(
      callApi(project, {
        token: DEMO_TOKEN,
        content: "participantList",
        format: "json",
        instrument: "baseline_survey",
      }).body,
    );
    expect(rows.filter((r) => r.record !== "").map((r) => r.record)).toEqual(["0017"]);
  });

  it("email_occurrence is an integer: 1 for a blank email, then 1, 2 … for one email listed again", () => {
    // The blank email sorts first.
    const rows = listOf([
      { id: "0001", data: { email: "same@example.org" } },
      { id: "0002", data: { email: "same@example.org" } },
      { id: "0003" },
    ]);
    expect(rows.map((r) => [r.record, r.email_occurrence])).toEqual([
      ["", 1],
      ["0001", 1],
      ["0002", 2],
    ]);
  });

  it("email_occurrence counts an email with a capital letter in, but numbers it 1 (REDCap 15 looks it up as written)", () => {
    // REDCap counts duplicates under the lower-cased email and looks a row's count up by the email
    // as written: SAME@ and Zed@ never find theirs. (The records are in the order REDCap sorts the
    // list in, by email then record, so only the numbering is at stake.)
    const rows = listOf([
      { id: "0001", data: { email: "same@example.org" } },
      { id: "0002", data: { email: "SAME@example.org" } },
      { id: "0003", data: { email: "same@example.org" } },
      { id: "0004", data: { email: "Zed@example.org" } },
      { id: "0005", data: { email: "Zed@example.org" } },
    ]);
    expect(rows.map((r) => [r.email, r.email_occurrence])).toEqual([
      ["same@example.org", 1],
      ["SAME@example.org", 1],
      ["same@example.org", 2],
      ["Zed@example.org", 1],
      ["Zed@example.org", 1],
    ]);
  });
});

describe("the order REDCap 15 lists participants in", () => {
  // Survey::getParticipantList keys each row `email--record--instance--participant_id` and sorts the
  // keys with natcaseksort: natural order, case ignored. email_occurrence is numbered afterwards.
  const state = new SimulatorState("s", SURVEY_BASE);
  const rows = listOf(
    [
      { id: "10" },
      { id: "2" },
      { id: "12", email: "b@example.org" },
      { id: "3", email: "b@example.org" },
      { id: "7", data: { email: "B@example.org" } },
      { id: "11", data: { email: "a@example.org" } },
      { id: "1", identifier: "P-1", email: "A@example.org" },
      { id: "5", data: { email: "p10@example.org" } },
      { id: "6", data: { email: "p9@example.org" } },
      { id: "8", data: { email: "a_z@example.org" } },
      { id: "13", data: { email: "ab@example.org" } },
    ],
    state,
  );
  // Which record a row is, where `record` is hidden: its survey link is that record's.
  const linkOf = (record: string) =>
    state.participant(
      { projectId: 1234, recordId: record, instrument: "baseline_survey", eventId: 12341, instance: 1 },
      "event_1_arm_1",
    ).surveyLink;

  it("by email (blank first, case ignored, digits by value), then by record (its own, even where hidden)", () => {
    expect(rows.map((r) => [r.email, r.email_occurrence, r.record, r.survey_link])).toEqual([
      // Blank emails, records 2 before 10 (not "10" before "2"), both hidden.
      ["", 1, "", linkOf("2")],
      ["", 1, "", linkOf("10")],
      // A@ and a@ are one email to the sort: record 1 before 11. "@" < "B" < "_" once folded to
      // upper case, so ab@ comes before a_z@ (by bytes in lower case it would not).
      ["A@example.org", 1, "1", linkOf("1")],
      ["a@example.org", 1, "11", linkOf("11")],
      ["ab@example.org", 1, "13", linkOf("13")],
      ["a_z@example.org", 1, "8", linkOf("8")],
      // b@ twice by hand (records hidden) and B@ from the designated field: records 3, 7, 12.
      // Numbered after the sort; B@ is counted but keeps 1 (REDCap looks it up as written).
      ["b@example.org", 1, "", linkOf("3")],
      ["B@example.org", 1, "7", linkOf("7")],
      ["b@example.org", 2, "", linkOf("12")],
      // p9 before p10.
      ["p9@example.org", 1, "6", linkOf("6")],
      ["p10@example.org", 1, "5", linkOf("5")],
    ]);
  });

  it("then by instance, 2 before 10", () => {
    const longState = new SimulatorState("s", SURVEY_BASE);
    const diary = { instrument: "diary_survey", event: "baseline_arm_1" };
    for (const instance of ["10", "2"]) {
      callApi(
        longitudinal,
        { token: LONG_TOKEN, content: "surveyLink", record: "1002", repeat_instance: instance, ...diary },
        longState,
      );
    }
    const listed = rowsOf(longCall({ format: "json", ...diary }, longState).body);
    expect(listed.map((r) => [r.email, r.email_occurrence, r.repeat_instance])).toEqual([
      ["", 1, 1],
      ["p1001@example.org", 1, 1],
      ["p1002@example.org", 1, 1],
      ["p1002@example.org", 2, 2],
      ["p1002@example.org", 3, 10],
    ]);
  });
});

describe("the columns REDCap adds when they apply", () => {
  it("classic project, no queue, no time limit: the nine base columns", () => {
    const rows = rowsOf(demoCall({ format: "json", instrument: "baseline_survey" }).body);
    expect(rows.map((r) => Object.keys(r))).toEqual(rows.map(() => BASE));
    // The demo's follow-up survey has a two-week time limit.
    const followup = rowsOf(demoCall({ format: "json", instrument: "followup_survey" }).body);
    expect(Object.keys(followup[0] ?? {})).toEqual([
      ...BASE.slice(0, -1),
      "survey_link_expiration",
      "survey_link",
    ]);
  });

  it("Survey Queue on: survey_queue_link on every row, its record's link even where `record` is hidden", () => {
    const state = new SimulatorState("s", SURVEY_BASE);
    const rows = rowsOf(
      longCall({ format: "json", instrument: "baseline_survey", event: "baseline_arm_1" }, state).body,
    );
    expect(Object.keys(rows[0] ?? {})).toEqual([...BASE, "survey_queue_link"]);
    const queue = (record: string) =>
      callApi(
        longitudinal,
        { returnFormat: "json", token: LONG_TOKEN, content: "surveyQueueLink", record },
        state,
      ).body;
    // 1003's blank email sorts first.
    expect(rows.map((r) => [r.record, r.survey_queue_link])).toEqual([
      ["", queue("1003")],
      ["1001", queue("1001")],
      ["", queue("1002")],
    ]);
    expect(rows[2]).toMatchObject({ email: "p1002@example.org", record: "" });
    expect(new Set(rows.map((r) => r.survey_queue_link)).size).toBe(3);
  });

  it("a repeating form or event: repeat_instance after record, one row per created instance", () => {
    const state = new SimulatorState("s", SURVEY_BASE);
    const diary = { instrument: "diary_survey", event: "baseline_arm_1" };
    callApi(
      longitudinal,
      { token: LONG_TOKEN, content: "surveyLink", record: "1002", repeat_instance: "2", ...diary },
      state,
    );
    const rows = rowsOf(longCall({ format: "json", ...diary }, state).body);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      "email",
      "email_occurrence",
      "identifier",
      "record",
      "repeat_instance",
      ...BASE.slice(4),
      "survey_queue_link",
    ]);
    // 1003 (blank email), 1001, then 1002's instances 1 and 2.
    expect(rows.map((r) => r.repeat_instance)).toEqual([1, 1, 1, 2]);
    expect(rows.map((r) => r.email_occurrence)).toEqual([1, 1, 1, 2]);
    const weekly = rowsOf(longCall({ format: "json", instrument: "quick_poll", event: "weekly_arm_1" }).body);
    expect(weekly[0]).toHaveProperty("repeat_instance", 1);
    const month6 = rowsOf(
      longCall({ format: "json", instrument: "quick_poll", event: "month_6_arm_1" }).body,
    );
    expect(month6[0]).not.toHaveProperty("repeat_instance");
  });

  it("a survey with a time limit: survey_link_expiration before the link (blank: no invitation sent)", () => {
    const rows = rowsOf(
      longCall({ format: "json", instrument: "followup_survey", event: "month_6_arm_2" }).body,
    );
    expect(Object.keys(rows[0] ?? {})).toEqual([
      ...BASE.slice(0, -1),
      "survey_link_expiration",
      "survey_link",
      "survey_queue_link",
    ]);
    expect(rows.map((r) => r.survey_link_expiration)).toEqual(["", "", ""]);
  });
});

describe("formats", () => {
  it("xml: <participants><participant>, every value in CDATA, nothing after </participants>", () => {
    const state = new SimulatorState("s", SURVEY_BASE);
    const res = demoCall({ format: "xml", instrument: "baseline_survey" }, state);
    expect(res).toMatchObject({ status: 200, contentType: "text/xml; charset=utf-8" });
    const lines = res.body.split("\n");
    expect(lines.slice(0, 2)).toEqual(['<?xml version="1.0" encoding="UTF-8" ?>', "<participants>"]);
    expect(lines.slice(-2)).toEqual([
      expect.stringMatching(/^<participant>.*<\/participant>$/),
      "</participants>",
    ]);
    const grace = lines.find((l) => l.includes("grace.okafor"));
    const link = state.participant(
      { projectId: 1234, recordId: "0001", instrument: "baseline_survey", eventId: 12341, instance: 1 },
      "event_1_arm_1",
    );
    expect(grace).toBe(
      "<participant><email><![CDATA[grace.okafor@example.org]]></email><email_occurrence><![CDATA[1]]></email_occurrence>" +
        "<identifier><![CDATA[]]></identifier><record><![CDATA[0015]]></record>" +
        "<invitation_sent_status><![CDATA[0]]></invitation_sent_status><invitation_send_time><![CDATA[]]></invitation_send_time>" +
        "<response_status><![CDATA[2]]></response_status><survey_access_code><![CDATA[]]></survey_access_code>" +
        "<survey_link><![CDATA[]]></survey_link></participant>",
    );
    expect(lines[2]).toContain(`<survey_link><![CDATA[${link.surveyLink}]]></survey_link>`);
    expect(lines.filter((l) => l.startsWith("<participant>"))).toHaveLength(18);
  });

  it("csv: the header, then one line a row", () => {
    const res = longCall({ format: "csv", instrument: "baseline_survey", event: "baseline_arm_2" });
    expect(res.contentType).toBe("text/csv; charset=utf-8");
    const lines = res.body.trimEnd().split("\n");
    expect(lines[0]).toBe([...BASE, "survey_queue_link"].join(","));
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 4).join(","))).toEqual([
      ",1,,",
      ",1,C-2001,2001",
      ",1,,",
    ]);
  });
});

describe("whole answers, message by message", () => {
  // The longitudinal project's second arm: three records, only 2001 tied to its row (an identifier),
  // the Survey Queue on, nothing answered.
  const state = new SimulatorState("s", SURVEY_BASE);
  const call = (format: string) =>
    longCall({ format, instrument: "baseline_survey", event: "baseline_arm_2" }, state);
  const json = call("json");
  const codes = (record: string) =>
    state.participant(
      { projectId: 5678, recordId: record, instrument: "baseline_survey", eventId: 201, instance: 1 },
      "baseline_arm_2",
    );
  const queue = (record: string) => state.queueLink(5678, record);
  const slashes = (text: string) => text.replace(/\//g, "\\/");

  it("json: email_occurrence, invitation_sent_status and response_status integers, the rest strings", () => {
    const row = (record: string, identifier: string, shown: string) =>
      `{"email":"","email_occurrence":1,"identifier":"${identifier}","record":"${shown}",` +
      `"invitation_sent_status":0,"invitation_send_time":"","response_status":0,` +
      `"survey_access_code":"${codes(record).accessCode}","survey_link":"${slashes(codes(record).surveyLink)}",` +
      `"survey_queue_link":"${slashes(queue(record))}"}`;
    expect(json).toEqual({
      status: 200,
      body: `[${row("1003", "", "")},${row("2001", "C-2001", "2001")},${row("2002", "", "")}]`,
      contentType: "application/json; charset=utf-8",
    });
  });

  it("xml: every value in CDATA, empty ones too, one <participant> a line", () => {
    const cells = (values: readonly [string, string][]) =>
      values.map(([name, value]) => `<${name}><![CDATA[${value}]]></${name}>`).join("");
    const row = (record: string, identifier: string, shown: string) =>
      `<participant>${cells([
        ["email", ""],
        ["email_occurrence", "1"],
        ["identifier", identifier],
        ["record", shown],
        ["invitation_sent_status", "0"],
        ["invitation_send_time", ""],
        ["response_status", "0"],
        ["survey_access_code", codes(record).accessCode],
        ["survey_link", codes(record).surveyLink],
        ["survey_queue_link", queue(record)],
      ])}</participant>`;
    expect(call("xml")).toEqual({
      status: 200,
      body:
        '<?xml version="1.0" encoding="UTF-8" ?>\n<participants>\n' +
        `${row("1003", "", "")}\n${row("2001", "C-2001", "2001")}\n${row("2002", "", "")}\n</participants>`,
      contentType: "text/xml; charset=utf-8",
    });
  });

  it("xml with no participants: the root alone", () => {
    const res = longCall({ format: "xml", instrument: "followup_survey", event: "baseline_arm_1" });
    expect(res).toEqual({
      status: 200,
      body: '<?xml version="1.0" encoding="UTF-8" ?>\n<participants>\n</participants>',
      contentType: "text/xml; charset=utf-8",
    });
  });
});
