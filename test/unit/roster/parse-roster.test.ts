import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exitCodeOfError } from "../../../src/cli/exit-codes.js";
import { RosterError } from "../../../src/errors.js";
import { parseRoster } from "../../../src/roster/parse-roster.js";

const fixture = (name: string) => `fixtures/rosters/${name}`;
const parseFixture = (name: string) => parseRoster(readFileSync(fixture(name)), fixture(name));

function rosterError(run: () => unknown): RosterError {
  try {
    run();
  } catch (error) {
    if (error instanceof RosterError) return error;
    throw error;
  }
  throw new Error("expected a RosterError");
}

describe("parseRoster: awkward but legal rosters", () => {
  const roster = parseFixture("awkward-bom-crlf.csv");

  it("reads the header without the byte order mark", () => {
    expect(roster.columns).toEqual([
      "record_id",
      "first_name",
      "last_name",
      "address_1",
      "city",
      "instrument",
      "repeat_instance",
      "language",
    ]);
  });

  it("numbers rows and lines true to the file across quoted newlines and blank lines", () => {
    expect(roster.rows.map((r) => [r.row, r.line, r.recordId])).toEqual([
      [1, 2, "0042"],
      [2, 4, "1e3"],
      [3, 6, "007"],
      [4, 8, "0008"],
    ]);
    expect(roster.rows.every((r) => r.problems.length === 0)).toBe(true);
  });

  it("keeps every value a string, NFC-normalized, quoted newlines and commas intact", () => {
    const [first, second, third, fourth] = roster.rows;
    expect(first?.fields.first_name).toBe("José".normalize("NFC"));
    expect(first?.fields.first_name).toHaveLength(4);
    expect(first?.fields.last_name).toBe("Núñez".normalize("NFC"));
    expect(first?.fields.address_1).toBe("740 Mission St\r\nUnit 4");
    expect(second?.fields.address_1).toBe("168 Grand Street, Floor 2");
    expect(second?.fields.first_name).toBe("小明");
    expect(third?.fields.last_name).toBe("Minh 🌸 Khai");
    expect(third?.fields.record_id).toBe(" 007 ");
    expect(fourth?.fields.first_name).toBe('Aoife "Eefa"');
  });

  it("reads the optional columns", () => {
    expect(roster.rows.map((r) => [r.instruments, r.repeatInstance, r.language])).toEqual([
      [["baseline_survey", "followup_survey"], undefined, "es"],
      [undefined, 2, "en"],
      [["baseline_survey"], 1, undefined],
      [undefined, undefined, undefined],
    ]);
  });

  it("reads a string the same as its bytes", () => {
    const text = readFileSync(fixture("awkward-bom-crlf.csv"), "utf8");
    expect(parseRoster(text, "x.csv").rows).toEqual(roster.rows);
  });

  it.each([
    ["utf16-bom.csv", "UTF-16 with its byte order mark", [["0001", "Maria"]]],
    [
      "windows-1252.csv",
      "Windows-1252 whose letters are plainly Western European",
      [
        ["0001", "Maria"],
        ["0002", "José"],
      ],
    ],
  ])("reads %s (%s)", (name, _, expected) => {
    const { rows } = parseFixture(name);
    expect(rows.map((row) => [row.recordId, row.fields.name])).toEqual(expected);
    expect(rows.every((row) => row.problems.length === 0)).toBe(true);
  });

  it("reads the demo roster", () => {
    const demo = parseRoster(readFileSync("fixtures/demo-roster.csv"), "demo-roster.csv");
    expect(demo.rows).toHaveLength(14);
    expect(demo.rows[0]?.recordId).toBe("0001");
    expect(demo.rows[9]?.fields.address_1).toBe("2201 Avenida de las Américas, Edificio Central");
  });
});

describe("parseRoster: rosters that stop the run", () => {
  it.each([
    [
      "empty.csv",
      "fixtures/rosters/empty.csv: the file is empty: expected a header line naming the columns (with a record_id column), then one line per participant",
    ],
    [
      "blank-lines-only.csv",
      "fixtures/rosters/blank-lines-only.csv: the file is empty: expected a header line naming the columns (with a record_id column), then one line per participant",
    ],
    [
      "no-record-id.csv",
      "fixtures/rosters/no-record-id.csv, line 1: there is no record_id column (expected a column named record_id; the header line names 2 columns, none of them record_id). Name the column that holds the REDCap record IDs record_id",
    ],
    [
      "no-header.csv",
      "fixtures/rosters/no-header.csv, line 1: there is no header line: the first line looks like data, not column names. Add a first line naming the columns, starting with record_id",
    ],
    [
      "duplicate-header.csv",
      'fixtures/rosters/duplicate-header.csv, line 1: the column name "city" appears 2 times (columns 2, 4); every column needs its own name',
    ],
  ])("%s", (name, message) => {
    const error = rosterError(() => parseFixture(name));
    expect(error.message).toBe(message);
    expect(exitCodeOfError(error)).toBe(2);
    expect(error.code).toBe("ROSTER");
  });

  it.each([
    [
      "utf-16 without a byte order mark",
      Buffer.from("record_id,name\n1,a\n", "utf16le"),
      "looks like UTF-16",
    ],
    ["an xlsx workbook", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), "spreadsheet workbook"],
    [
      "a truncated multibyte character",
      Buffer.from([0x72, 0x0a, 0x0a, 0xe2, 0x82]),
      "line 3, column 1: the file ends in the middle of a character",
    ],
    ["an overlong encoding", Buffer.from([0x61, 0xc0, 0xaf]), "byte 0xC0"],
    ["a UTF-16 surrogate in UTF-8", Buffer.from([0x61, 0xed, 0xa0, 0x80]), "byte 0xED"],
  ])("refuses %s", (_, bytes, part) => {
    expect(rosterError(() => parseRoster(bytes, "r.csv")).message).toContain(part);
  });

  it("reports every header problem together", () => {
    const error = rosterError(() => parseRoster("\n\nid,name,name,\n1,a,b,c\n", "r.csv"));
    expect(error.message).toBe(
      "r.csv, line 3: the header line has 3 problems:\n" +
        '  - the column name "name" appears 2 times (columns 2, 3); every column needs its own name\n' +
        '  - there is no record_id column (expected a column named record_id). Did you mean "id"? Rename that column to record_id\n' +
        "  - column 4 has no name in the header but has values (first on line 4); give it a name or delete it",
    );
  });

  it("accepts unnamed columns that hold nothing (Excel's trailing commas)", () => {
    const roster = parseRoster("record_id,name,,\n1,a,,\n", "r.csv");
    expect(roster.columns).toEqual(["record_id", "name"]);
    expect(roster.rows[0]?.problems).toEqual([]);
  });

  it("trims header names", () => {
    expect(parseRoster(" record_id ,\tname \n1,a\n", "r.csv").columns).toEqual(["record_id", "name"]);
  });
});

describe("parseRoster: a roster without a header line never shows its values", () => {
  const DATA_LINE =
    "r.csv, line 1: there is no header line: the first line looks like data, not column names. " +
    "Add a first line naming the columns, starting with record_id";

  it.each([
    ["an ID, a name and a street address", "P001,Maria,Garcia,12 Main St\nP002,James,Lee,4 Elm Rd\n"],
    ["a number ID and accented names", "42,José,Núñez,Calle Mayor 5\n43,Ana,Peña,Calle Sol 7\n"],
    ["an e-mail address", "Maria,Garcia,maria.garcia@example.org\n"],
    ["a short ID", "P1,Ana,Lee\n"],
    ["an apartment number in an otherwise plain line", "Maria,Garcia,Apt 4B,Springfield\n"],
    ["repeated values and an empty cell", "0007,Maria,Maria,,Oak Street\n0008,Li,Li,x,Elm Street\n"],
  ])("%s: says the first line looks like data", (_, text) => {
    const error = rosterError(() => parseRoster(text, "r.csv"));
    expect(error.message).toBe(DATA_LINE);
  });

  it.each([
    [
      "names only",
      "Maria,Garcia,Main Street,Springfield\n",
      "r.csv, line 1: there is no record_id column (expected a column named record_id; the header line names 4 columns, none of them record_id). Name the column that holds the REDCap record IDs record_id",
    ],
    [
      "a repeated name",
      "Maria,Maria,Garcia\n",
      "r.csv, line 1: the header line has 2 problems:\n" +
        "  - columns 1, 2 have the same name; every column needs its own name\n" +
        "  - there is no record_id column (expected a column named record_id; the header line names 3 columns, none of them record_id). Name the column that holds the REDCap record IDs record_id",
    ],
    [
      "a header of REDCap field names",
      "first_name,last_name,address_2\nMaria,Garcia,\n",
      "r.csv, line 1: there is no record_id column (expected a column named record_id; the header line names 3 columns, none of them record_id). Name the column that holds the REDCap record IDs record_id",
    ],
  ])("%s: quotes no cell of the first line", (_, text, message) => {
    expect(rosterError(() => parseRoster(text, "r.csv")).message).toBe(message);
  });

  it("quotes only a known spelling of record_id, and names of a line known to be a header", () => {
    expect(rosterError(() => parseRoster("Study ID,Name,Name\n1,a,b\n", "r.csv")).message).toBe(
      "r.csv, line 1: the header line has 2 problems:\n" +
        '  - the column name "Name" appears 2 times (columns 2, 3); every column needs its own name\n' +
        '  - there is no record_id column (expected a column named record_id). Did you mean "Study ID"? Rename that column to record_id',
    );
  });

  it("never quotes a cell of a first line without record_id, whatever it holds", () => {
    const near = new Set(["recordid", "record", "id", "studyid", "participantid", "subjectid"]);
    const cell = fc.oneof(
      fc.constantFrom("Maria", "José", "Núñez", "O'Connor", "12 Main St", "Apt 4B", "P001", "42", "maria"),
      fc.stringMatching(/^[A-Z][a-z]{2,9}( [A-Z][a-z]{2,9})?$/),
      fc.stringMatching(/^[a-z]{3,8}$/),
    );
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), (cells) => {
        fc.pre(cells.every((c) => !near.has(c.toLowerCase().replace(/[^a-z0-9]/g, ""))));
        const { message } = rosterError(() => parseRoster(`${cells.join(",")}\n`, "r.csv"));
        // Every line of the message is one of the fixed forms, with numbers as the only variable part.
        const forms = [
          /^r\.csv, line 1: the header line has \d+ problems:$/,
          /^(r\.csv, line 1: | {2}- )there is no header line: the first line looks like data, not column names\. Add a first line naming the columns, starting with record_id$/,
          /^(r\.csv, line 1: | {2}- )columns [\d, ]+ have the same name; every column needs its own name$/,
          /^(r\.csv, line 1: | {2}- )there is no record_id column \(expected a column named record_id; the header line names (1 column|\d+ columns), none of them record_id\)\. Name the column that holds the REDCap record IDs record_id$/,
        ];
        for (const line of message.split("\n"))
          expect(
            forms.some((form) => form.test(line)),
            line,
          ).toBe(true);
      }),
    );
  });
});
