import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cellFromSpreadsheet, spreadsheetCell } from "../../../src/run/folder/csv-cells.js";
import { appendHistory, ensureHistory, readHistory } from "../../../src/run/folder/history.js";
import { manifestCsv, manifestKey, readManifest } from "../../../src/run/folder/manifest.js";
import { fileExists } from "../../../src/run/folder/write.js";
import type { RowOutcome } from "../../../src/types.js";

const base: RowOutcome = {
  row: 1,
  line: 2,
  recordId: "0042",
  instrument: "baseline_survey",
  event: "",
  repeatInstance: "1",
  status: "failed",
  file: "",
  error: "",
  printFile: "",
};

// Every way a cell starts that a spreadsheet runs as a formula (OWASP's list), and the apostrophe itself.
const HOSTILE = [
  ['=HYPERLINK("http://x.example","click")', '\'=HYPERLINK("http://x.example","click")'],
  ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
  ["-2+3", "'-2+3"],
  ["@SUM(1,1)", "'@SUM(1,1)"],
  ["\t=1+1", "'\t=1+1"],
  ["\r=1+1", "'\r=1+1"],
  ["'=1+1", "''=1+1"],
  ["'quoted", "''quoted"],
] as const;

describe("cells a spreadsheet would run as formulas", () => {
  it.each(HOSTILE)("writes %j as %j", (cell, written) => {
    expect(spreadsheetCell(cell)).toBe(written);
    expect(cellFromSpreadsheet(written)).toBe(cell);
  });

  it.each(["0042", "P-001", "a=b", "José", "", "1e3", " =x"])("leaves %j as it is", (cell) => {
    expect(spreadsheetCell(cell)).toBe(cell);
  });

  it("reads back exactly what it wrote, whatever the cell", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 20 }), (cell) => {
        const written = spreadsheetCell(cell);
        expect(/^[=+\-@\t\r]/.test(written)).toBe(false);
        expect(cellFromSpreadsheet(written)).toBe(cell);
      }),
    );
  });
});

describe("manifest.csv", () => {
  it("holds no cell that starts a formula, and stays CSV that parses to one row per outcome", () => {
    const outcomes = HOSTILE.map(
      ([cell], k): RowOutcome => ({
        ...base,
        row: k + 1,
        line: k + 2,
        recordId: cell,
        instrument: cell,
        event: cell,
        repeatInstance: cell,
        error: cell,
      }),
    );
    const rows = parse(manifestCsv(outcomes)) as string[][];
    expect(rows).toHaveLength(HOSTILE.length + 1);
    for (const row of rows.slice(1)) {
      expect(row).toHaveLength(10);
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    expect(rows.slice(1).map((row) => row[1])).toEqual(HOSTILE.map(([, written]) => written));
  });

  it("reads an earlier manifest back to the same rows, so a record id like -5 keeps its last outcome", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rp-cells-"));
    try {
      const outcomes = HOSTILE.map(
        ([cell], k): RowOutcome => ({
          ...base,
          row: k + 1,
          line: k + 2,
          recordId: cell,
          error: `line ${k}`,
        }),
      );
      const path = join(dir, "manifest.csv");
      await writeFile(path, manifestCsv(outcomes));
      const read = await readManifest(path);
      expect([...read.keys()]).toEqual(outcomes.map(manifestKey));
      expect([...read.values()]).toEqual(outcomes);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("history.csv", () => {
  it("writes hostile file names as text and reads them back as they were", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rp-cells-"));
    try {
      await ensureHistory(dir);
      const letters = HOSTILE.map(([cell]) => cell);
      await appendHistory(
        dir,
        letters.map((letter) => ({ event: "made", letter })),
        new Date("2026-11-22T10:00:00Z"),
      );
      const rows = parse(await readFile(join(dir, "history.csv"))) as string[][];
      for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      const history = await readHistory(dir, fileExists);
      expect([...history.unprinted]).toEqual(letters);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
