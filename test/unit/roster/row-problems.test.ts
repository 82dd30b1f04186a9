import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseRoster } from "../../../src/roster/parse-roster.js";

const read = (name: string) => parseRoster(readFileSync(`fixtures/rosters/${name}`), name);
const RAGGED = (got: number) =>
  `this row has ${got} values but the header has 3 columns; ` +
  (got > 3
    ? "a value that contains a comma must be in double quotes"
    : "every column needs a value or an empty place between commas, and a line break inside a value must be in double quotes");

describe("row problems keep the batch going", () => {
  it("row-problems.csv: each problem on its row, line and column", () => {
    const rows = read("row-problems.csv").rows;
    expect(rows.map((r) => [r.row, r.line, r.recordId, r.problems])).toEqual([
      [1, 2, "0001", []],
      [2, 3, "0002", [{ line: 3, column: undefined, message: RAGGED(4) }]],
      [
        3,
        5,
        "",
        [
          {
            line: 5,
            column: "record_id",
            message: "record_id is empty: every row needs the participant's REDCap record ID",
          },
        ],
      ],
      [
        4,
        6,
        "0004",
        [
          {
            line: 6,
            column: "repeat_instance",
            message: "repeat_instance must be a whole number from 1 up, or empty for 1",
          },
        ],
      ],
      [5, 8, "0005", [{ line: 8, column: undefined, message: RAGGED(2) }]],
      [6, 9, "0006", []],
    ]);
    expect(rows[3]?.repeatInstance).toBeUndefined();
    expect(rows[5]?.repeatInstance).toBe(3);
  });

  it("bad-quotes.csv: a malformed quote fails only its row, and the next line is read again", () => {
    const rows = read("bad-quotes.csv").rows;
    const quoteMessages = {
      after:
        'a quoted value has text after its closing quote; a quote inside a quoted value must be doubled ("")',
      inside:
        'a value contains a double quote but does not start with one; put the whole value in quotes and double the quote inside ("")',
      unclosed:
        'a value starts with a double quote that is never closed; a value in quotes must end with a quote, and a quote inside it must be doubled ("")',
    };
    expect(rows.map((r) => [r.line, r.recordId, r.problems])).toEqual([
      [2, "0001", [{ line: 2, column: "name", message: quoteMessages.after }]],
      [3, "0002", [{ line: 3, column: "name", message: quoteMessages.inside }]],
      [4, "0003", []],
      [5, "0004", [{ line: 5, column: "name", message: quoteMessages.unclosed }]],
      [6, "0005", []],
    ]);
    expect(rows[2]?.fields.name).toBe("Fine, really");
  });

  it("reports the line where a quote went wrong, inside a record that spans lines", () => {
    const rows = parseRoster('record_id,a,b\n1,"x\ny",2"\n', "r.csv").rows;
    expect(rows[0]?.line).toBe(2);
    expect(rows[0]?.problems).toEqual([expect.objectContaining({ line: 3, column: "b" })]);
  });

  it.each([
    ["1", 1],
    [" 12 ", 12],
    ["", undefined],
    ["999999999", 999999999],
  ])("repeat_instance %j is %j", (cell, expected) => {
    const row = parseRoster(`record_id,repeat_instance\n1,"${cell}"\n`, "r.csv").rows[0];
    expect(row?.repeatInstance).toBe(expected);
    expect(row?.problems).toEqual([]);
  });

  it.each(["0", "-1", "1.5", "one", "1e3", "01", "1000000000"])(
    "repeat_instance %j is a row problem",
    (cell) => {
      const row = parseRoster(`record_id,repeat_instance\n1,${cell}\n`, "r.csv").rows[0];
      expect(row?.problems.map((p) => p.column)).toEqual(["repeat_instance"]);
    },
  );

  it.each([
    ["a,b", ["a", "b"]],
    [" a , ,b,", ["a", "b"]],
    [" , ", undefined],
    ["", undefined],
  ])("instrument cell %j gives %j", (cell, expected) => {
    expect(parseRoster(`record_id,instrument\n1,"${cell}"\n`, "r.csv").rows[0]?.instruments).toEqual(
      expected,
    );
  });

  it("reads no optional value from a misshapen row, so a shifted value cannot pass for an instrument", () => {
    const row = parseRoster("record_id,name,instrument\n1,Smith, Ann,baseline\n", "r.csv").rows[0];
    expect(row?.recordId).toBe("1");
    expect(row?.instruments).toBeUndefined();
    expect(row?.problems).toHaveLength(1);
  });

  it("trims the record id but keeps its inner spaces and leading zeros", () => {
    const row = parseRoster('record_id\n" 00 42\t"\n', "r.csv").rows[0];
    expect(row?.recordId).toBe("00 42");
    expect(row?.fields.record_id).toBe(" 00 42\t");
  });

  it("skips whitespace-only lines and rows of empty cells without counting them", () => {
    const rows = parseRoster("record_id,name\n\n   \n, \n1,a\n\r\n2,b", "r.csv").rows;
    expect(rows.map((r) => [r.row, r.line])).toEqual([
      [1, 5],
      [2, 7],
    ]);
  });

  it("counts a lone CR as a line break", () => {
    expect(parseRoster("record_id\r1\r2\r", "r.csv").rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it("keeps a column named __proto__ as an ordinary field", () => {
    const row = parseRoster("record_id,__proto__\n1,x\n", "r.csv").rows[0];
    expect(Object.keys(row?.fields ?? {})).toEqual(["record_id", "__proto__"]);
    expect(Object.getOwnPropertyDescriptor(row?.fields, "__proto__")?.value).toBe("x");
  });
});

describe("row problems name the column, never the value", () => {
  it("a repeat_instance holding a name or an address is not echoed", () => {
    const rows = parseRoster(
      "record_id,first_name,repeat_instance\n1,Maria,Maria Garcia\n2,José,12 Main St\n3,Ana,0\n",
      "r.csv",
    ).rows;
    for (const row of rows) {
      expect(row.problems).toEqual([
        {
          line: row.line,
          column: "repeat_instance",
          message: "repeat_instance must be a whole number from 1 up, or empty for 1",
        },
      ]);
    }
  });
});
