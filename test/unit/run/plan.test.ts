import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/errors.js";
import { buildPlan } from "../../../src/run/plan.js";
import type { Roster, RosterRow } from "../../../src/types.js";
import { rosterRow } from "../../helpers/roster-row.js";

const row = rosterRow;

function roster(rows: RosterRow[], columns = ["record_id"]): Roster {
  return { file: "roster.csv", columns, rows };
}

const flags = { instruments: ["baseline_survey"], event: undefined, records: undefined, sortBy: undefined };

describe("buildPlan", () => {
  it("plans one letter per good row, keeping ids as written", () => {
    const plan = buildPlan(roster([row(1, "0042"), row(2, "7")]), flags);
    expect(plan.letters.map((l) => [l.recordId, l.file])).toEqual([
      ["0042", "letters/0042--baseline_survey.pdf"],
      ["7", "letters/7--baseline_survey.pdf"],
    ]);
    expect(plan.decided).toEqual([]);
    expect(plan.surveys).toEqual([{ instrument: "baseline_survey", event: undefined, lines: [2, 3] }]);
  });

  it("fails a duplicate row, naming the line of the first", () => {
    const plan = buildPlan(roster([row(1, "1"), row(2, "2"), row(3, "1")]), flags);
    expect(plan.letters).toHaveLength(2);
    expect(plan.decided).toEqual([
      expect.objectContaining({
        row: 3,
        status: "failed",
        error: "duplicate of roster line 2 (same record, survey, event and instance)",
      }),
    ]);
  });

  it("keeps ids that differ only in case apart on case-insensitive file systems, in any roster order", () => {
    const ids = ["ab1", "AB1", "Ab1"];
    const files = (order: string[]) =>
      buildPlan(roster(order.map((id, i) => row(i + 1, id))), flags).letters.map((l) => [l.recordId, l.file]);
    const forward = files(ids);
    expect(forward[0]).toEqual(["ab1", "letters/ab1--baseline_survey.pdf"]);
    expect(new Set(forward.map(([, f]) => f?.toLowerCase())).size).toBe(3);
    // Each id keeps its name whatever the order, and whether its twins are there or not.
    expect(Object.fromEntries(files([...ids].reverse()))).toEqual(Object.fromEntries(forward));
    expect(files(["AB1"])).toEqual([forward[1]]);
  });

  it("does not call two instances of a repeating survey duplicates", () => {
    const plan = buildPlan(
      roster([row(1, "1", { repeatInstance: 1 }), row(2, "1", { repeatInstance: 2 })]),
      flags,
    );
    expect(plan.letters.map((l) => l.file)).toEqual([
      "letters/1--baseline_survey.pdf",
      "letters/1--baseline_survey--i2.pdf",
    ]);
  });

  it("turns a row's own problems into a failed outcome with the column", () => {
    const bad = row(1, "", {
      problems: [{ line: 2, column: "record_id", message: "the record id is empty" }],
    });
    const plan = buildPlan(roster([bad, row(2, "5")]), flags);
    expect(plan.decided[0]).toMatchObject({
      status: "failed",
      error: 'column "record_id": the record id is empty',
    });
    expect(plan.letters).toHaveLength(1);
  });

  it("prefers the row's instrument and event cells over the flags", () => {
    const columns = ["record_id", "instrument", "event"];
    const r = row(1, "9", { instruments: ["followup_survey", "baseline_survey"], event: "month_6_arm_1" });
    const plan = buildPlan(roster([r], columns), { ...flags, event: "baseline_arm_1" });
    expect(plan.letters[0]?.surveys.map((s) => [s.instrument, s.event])).toEqual([
      ["followup_survey", "month_6_arm_1"],
      ["baseline_survey", "month_6_arm_1"],
    ]);
    expect(plan.letters[0]?.file).toBe("letters/9--followup_survey+baseline_survey--month_6_arm_1.pdf");
  });

  it("fails a row whose instrument cell is empty when no --instrument was given", () => {
    const plan = buildPlan(roster([row(1, "1")], ["record_id", "instrument"]), {
      ...flags,
      instruments: undefined,
    });
    expect(plan.decided[0]?.error).toMatch(/its "instrument" cell is empty and --instrument was not given/);
  });

  it("refuses to sort the print file by a column the roster does not have", () => {
    expect(() => buildPlan(roster([row(1, "1")]), { ...flags, sortBy: "zip" })).toThrow(
      "--sort-by zip: roster.csv has no such column (its columns: record_id)",
    );
  });

  it("refuses to run with no survey named anywhere", () => {
    expect(() => buildPlan(roster([row(1, "1")]), { ...flags, instruments: undefined })).toThrow(UsageError);
  });

  it("skips rows --records does not select", () => {
    const plan = buildPlan(roster([row(1, "1"), row(2, "2")]), { ...flags, records: ["2"] });
    expect(plan.letters.map((l) => l.recordId)).toEqual(["2"]);
    expect(plan.decided).toEqual([expect.objectContaining({ recordId: "1", status: "skipped" })]);
  });

  it("does not fail a bad row that --records leaves out: it is not this run's", () => {
    const bad = { ...row(2, "2"), problems: [{ line: 3, column: "postal_code", message: "is empty" }] };
    const plan = buildPlan(roster([row(1, "1"), bad]), { ...flags, records: ["1"] });
    expect(plan.decided).toEqual([
      expect.objectContaining({
        recordId: "2",
        status: "skipped",
        error: "not selected by --records",
        file: "",
      }),
    ]);
  });

  it("refuses ids --records names that the roster lacks, suggesting the id that differs by zeros or case", () => {
    const rows = roster([row(1, "0007"), row(2, "AB12"), row(3, "5")]);
    expect(() => buildPlan(rows, { ...flags, records: ["7", "ab12", "5", "99"] })).toThrow(
      new UsageError(
        "These record ids are not in roster.csv:\n" +
          "  - 7: did you mean 0007?\n  - ab12: did you mean AB12?\n  - 99\n" +
          "Give the ids exactly as the roster's record_id column writes them.",
      ),
    );
  });
});
