import { describe, expect, it } from "vitest";
import { RosterError } from "../../../src/errors.js";
import { detectDelimiter, readDelimiter } from "../../../src/roster/delimiter.js";
import { parseRoster } from "../../../src/roster/parse-roster.js";

function rosterError(run: () => unknown): RosterError {
  try {
    run();
  } catch (error) {
    if (error instanceof RosterError) return error;
    throw error;
  }
  throw new Error("expected a RosterError");
}

const values = (text: string, delimiter?: "," | ";" | "\t") =>
  parseRoster(text, "r.csv", { delimiter }).rows.map((row) => ({ ...row.fields }));

describe("the roster's delimiter", () => {
  it.each([
    ["comma", "record_id,name\n1,Ana\n", ","],
    ["semicolon (European Excel)", "record_id;name\n1;Ana\n", ";"],
    ["tab", "record_id\tname\n1\tAna\n", "\t"],
    ["one column", "record_id\n1\n", ","],
    ["after blank lines", "\n\r\nrecord_id;name\n1;Ana\n", ";"],
    ["not inside a quoted name", '"a;b;c",record_id,name\n', ","],
  ])("is found on the header line: %s", (_, text, delimiter) => {
    expect(detectDelimiter(text)).toEqual({ delimiter });
  });

  it("reads a semicolon roster whose values hold commas", () => {
    expect(values('record_id;name;address_1\n0042;Núñez, José;"12 Main St; Apt 4"\n')).toEqual([
      { record_id: "0042", name: "Núñez, José", address_1: "12 Main St; Apt 4" },
    ]);
  });

  it("reads a tab-separated roster with empty cells", () => {
    expect(values("record_id\tname\tcity\r\n7\t\tLyon\r\n")).toEqual([
      { record_id: "7", name: "", city: "Lyon" },
    ]);
  });

  it("follows Excel's sep= line and keeps line numbers true", () => {
    const roster = parseRoster("sep=;\nrecord_id;name\n1;Ana, B\n", "r.csv");
    expect(roster.columns).toEqual(["record_id", "name"]);
    expect(roster.rows.map((row) => [row.line, row.fields.name])).toEqual([[3, "Ana, B"]]);
  });

  it("takes --delimiter over the header line's evidence", () => {
    // A header with both: the flag decides.
    expect(values("record_id;name,first\n1;a,b\n", ";")).toEqual([{ record_id: "1", "name,first": "a,b" }]);
  });

  it("breaks a tie by the delimiter that splits off a record_id column", () => {
    expect(parseRoster(" record_id ,\tname \n1,a\n", "r.csv").columns).toEqual(["record_id", "name"]);
  });

  it("asks for --delimiter when the header line could be split two ways", () => {
    expect(rosterError(() => parseRoster("id;name,city\n1;a,b\n", "r.csv")).message).toBe(
      "r.csv: the header line has as many commas as semicolons, so which one separates the columns is unclear; " +
        "say which with --delimiter , or --delimiter ;",
    );
  });

  it("says when --delimiter does not match the header line", () => {
    expect(rosterError(() => parseRoster("record_id;name\n1;a\n", "r.csv", { delimiter: "," })).message).toBe(
      "r.csv: --delimiter , was given, but the header line has no comma; it is separated by semicolons. " +
        "Leave --delimiter out, or give --delimiter ;",
    );
  });

  it("names the roster's own delimiter when a row has too many values", () => {
    const row = parseRoster("record_id;name\n1;Ana;Lee\n", "r.csv").rows[0];
    expect(row?.problems).toEqual([
      {
        line: 2,
        column: undefined,
        message:
          "this row has 3 values but the header has 2 columns; a value that contains a semicolon must be in double quotes",
      },
    ]);
  });

  it.each([
    [",", ","],
    ["comma", ","],
    [";", ";"],
    ["Semicolon", ";"],
    ["tab", "\t"],
    ["\\t", "\t"],
    ["\t", "\t"],
    ["|", undefined],
  ])("reads --delimiter %j", (typed, delimiter) => {
    expect(readDelimiter(typed)).toBe(delimiter);
  });
});

describe("the record_id column's name", () => {
  it.each([
    "record_id",
    "Record ID",
    "RECORD_ID",
    " record id ",
    "Record_Id",
    "record  id",
    "\u200Brecord_id",
    "\uFEFFrecord_id",
  ])("accepts %j", (name) => {
    const roster = parseRoster(`${name},name\n0042,Ana\n`, "r.csv");
    expect(roster.columns).toEqual(["record_id", "name"]);
    expect(roster.rows[0]?.recordId).toBe("0042");
  });

  it("reports two spellings of record_id as a duplicate column", () => {
    expect(rosterError(() => parseRoster("record_id,name,Record ID\n1,a,2\n", "r.csv")).message).toBe(
      'r.csv, line 1: the column name "record_id" appears 2 times (columns 1, 3, as "record_id", "Record ID"); every column needs its own name',
    );
  });

  it("still suggests, and does not guess, for other names", () => {
    expect(rosterError(() => parseRoster("Record-ID,name\n1,a\n", "r.csv")).message).toBe(
      'r.csv, line 1: there is no record_id column (expected a column named record_id). Did you mean "Record-ID"? Rename that column to record_id',
    );
  });
});
