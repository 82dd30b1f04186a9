import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { manifestChunks, manifestCsv } from "../../../src/run/folder/manifest.js";
import type { RowOutcome } from "../../../src/types.js";

const base: RowOutcome = {
  row: 1,
  line: 2,
  recordId: "0042",
  instrument: "baseline_survey",
  event: "",
  repeatInstance: "1",
  status: "ok",
  file: "letters/0042--baseline_survey.pdf",
  error: "",
  printFile: "print/letters_2026-11-22_10-00-00.pdf",
};

describe("manifestCsv", () => {
  it("writes the contract's columns, rows in roster order, ids as strings", () => {
    const csv = manifestCsv([
      {
        ...base,
        row: 2,
        line: 3,
        recordId: "7",
        status: "failed",
        file: "",
        error: 'REDCap answered 400: The record "7" does not exist',
      },
      base,
    ]);
    const rows = parse(csv) as string[][];
    expect(rows[0]).toEqual([
      "row",
      "record_id",
      "instrument",
      "event",
      "repeat_instance",
      "status",
      "file",
      "error",
      "line",
      "print_file",
    ]);
    expect(rows[1]).toEqual([
      "1",
      "0042",
      "baseline_survey",
      "",
      "1",
      "ok",
      "letters/0042--baseline_survey.pdf",
      "",
      "2",
      "print/letters_2026-11-22_10-00-00.pdf",
    ]);
    expect(rows[2]?.[7]).toBe('REDCap answered 400: The record "7" does not exist');
  });

  it("neutralizes cells a spreadsheet would run as formulas", () => {
    const rows = parse(manifestCsv([{ ...base, recordId: "=HYPERLINK(1)" }])) as string[][];
    expect(rows[1]?.[1]).toBe("'=HYPERLINK(1)");
  });
});

describe("manifestChunks", () => {
  it("gives the manifest in whole lines, a few at a time, in roster order", () => {
    const outcomes = [5, 3, 1, 4, 2].map((row) => ({
      ...base,
      row,
      line: row + 1,
      error: 'a, "quoted"\nreason',
    }));
    const chunks = [...manifestChunks(outcomes, 2)];
    // The header, then 2 + 2 + 1 rows.
    expect(chunks).toHaveLength(4);
    for (const chunk of chunks) expect(chunk.endsWith("\n")).toBe(true);
    const rows = parse(chunks.join("")) as string[][];
    expect(rows.slice(1).map((r) => r[0])).toEqual(["1", "2", "3", "4", "5"]);
    expect(chunks.join("")).toBe(manifestCsv(outcomes));
  });
});
