import { describe, expect, it } from "vitest";
import {
  formatLines,
  groupRows,
  type RowFailureKind,
  type RowFinding,
  renderCheckReport,
  renderRowFailures,
  wouldFail,
} from "../../../src/check-report.js";
import { PreflightError } from "../../../src/errors.js";

// The report of the check before the first code: grouped, counted, the first lines of each shown.

const row = (line: number, kind: RowFailureKind, recordId = `R${line}`): RowFinding => ({
  line,
  recordId,
  kind,
  message: `reason ${line}`,
});

describe("formatLines", () => {
  it.each([
    [[], ""],
    [[7], " (roster line 7)"],
    [[2, 3, 4, 5, 6], " (roster lines 2, 3, 4, 5, 6)"],
    [[2, 3, 4, 5, 6, 7], " (roster lines 2, 3, 4, 5, 6 and 1 more)"],
    [Array.from({ length: 40 }, (_, i) => i + 2), " (roster lines 2, 3, 4, 5, 6 and 35 more)"],
  ])("%j → %j", (lines, text) => {
    expect(formatLines(lines)).toBe(text);
  });
});

describe("groupRows", () => {
  it("groups by kind in a fixed order, each group in roster order, and leaves out empty kinds", () => {
    const groups = groupRows([
      row(9, "other-arm"),
      row(4, "unprintable"),
      row(3, "missing-record"),
      row(2, "other-arm"),
      row(5, "duplicate"),
      row(1, "making"),
    ]);
    expect(groups.map((g) => [g.kind, g.rows.map((r) => r.line)])).toEqual([
      ["duplicate", [5]],
      ["missing-record", [3]],
      ["other-arm", [2, 9]],
      ["unprintable", [4]],
      ["making", [1]],
    ]);
  });
});

describe("renderRowFailures", () => {
  it("shows the first 5 rows of a group with their reasons, then how many more", () => {
    const rows = [
      ...Array.from({ length: 8 }, (_, i) => row(i + 2, "missing-record")),
      row(20, "roster", ""),
    ];
    expect(renderRowFailures(rows, wouldFail(rows.length))).toEqual([
      "Rows that would fail (the batch goes on without them; 9 rows):",
      "  - rows the roster itself gets wrong: 1 row",
      "      roster line 20 (no record id): reason 20",
      "  - records that do not exist in this REDCap project: 8 rows",
      "      roster line 2 (record R2): reason 2",
      "      roster line 3 (record R3): reason 3",
      "      roster line 4 (record R4): reason 4",
      "      roster line 5 (record R5): reason 5",
      "      roster line 6 (record R6): reason 6",
      "      … and 3 more",
    ]);
  });
});

describe("renderCheckReport", () => {
  it("puts what stops the run first, then the rows that would fail", () => {
    const report = {
      setup: [
        { message: "Instrument x is wrong", lines: [2, 3, 4, 5, 6, 7, 8] },
        { message: "The token lacks a right", lines: [] },
      ],
      rows: [row(9, "other-arm")],
    };
    expect(renderCheckReport(report)).toBe(
      [
        "The check before fetching codes found 2 problems to fix and 1 row that would fail.",
        "Stops the run (no letter was made; each of these would fail every letter it touches):",
        "  - Instrument x is wrong (roster lines 2, 3, 4, 5, 6 and 2 more)",
        "  - The token lacks a right",
        "Rows that would fail (the batch goes on without them; 1 row):",
        "  - records in another arm than their event's: 1 row",
        "      roster line 9 (record R9): reason 9",
      ].join("\n"),
    );
  });

  it("is the message of the error that stops the run, which keeps the findings and rows", () => {
    const error = new PreflightError([{ message: "Surveys are off", lines: [] }], {
      rows: [row(3, "duplicate")],
    });
    expect(error.message).toBe(
      [
        "The check before fetching codes found 1 problem to fix and 1 row that would fail.",
        "Stops the run (no letter was made; each of these would fail every letter it touches):",
        "  - Surveys are off",
        "Rows that would fail (the batch goes on without them; 1 row):",
        "  - duplicate rows: 1 row",
        "      roster line 3 (record R3): reason 3",
      ].join("\n"),
    );
    expect(error.findings).toEqual([{ message: "Surveys are off", lines: [] }]);
    expect(error.report.rows).toEqual([row(3, "duplicate")]);
  });
});
