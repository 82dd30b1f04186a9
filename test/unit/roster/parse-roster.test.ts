import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
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
      'fixtures/rosters/no-record-id.csv, line 1: there is no record_id column (expected a column named exactly record_id; found the columns "participant", "first_name"). Name the column that holds the REDCap record IDs record_id',
    ],
    [
      "record-id-label.csv",
      'fixtures/rosters/record-id-label.csv, line 1: there is no record_id column (expected a column named exactly record_id; found the columns "Record ID", "First Name"). Did you mean "Record ID"? Rename that column to record_id (exactly, in lowercase)',
    ],
    [
      "no-header.csv",
      'fixtures/rosters/no-header.csv, line 1: there is no header line: the first line looks like data ("0001"). Add a first line naming the columns, starting with record_id',
    ],
    [
      "duplicate-header.csv",
      'fixtures/rosters/duplicate-header.csv, line 1: the column name "city" appears 2 times (columns 2, 4); every column needs its own name',
    ],
    [
      "utf16-bom.csv",
      'fixtures/rosters/utf16-bom.csv: the file is UTF-16 text (it starts with a UTF-16 byte order mark), not UTF-8. Save it from your spreadsheet as "CSV UTF-8 (Comma delimited) (*.csv)" and try again.',
    ],
    [
      "windows-1252.csv",
      'fixtures/rosters/windows-1252.csv, line 3: the file is not UTF-8 text: byte 0xE9 cannot be read as UTF-8 (the file was probably saved as "CSV (Comma delimited)", which uses a Windows code page). Save it from your spreadsheet as "CSV UTF-8 (Comma delimited) (*.csv)" and try again.',
    ],
  ])("%s", (name, message) => {
    const error = rosterError(() => parseFixture(name));
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(2);
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
      "line 3: the file is not UTF-8",
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
        '  - there is no record_id column (expected a column named exactly record_id; found the columns "id", "name", "name"). Did you mean "id"? Rename that column to record_id (exactly, in lowercase)\n' +
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
