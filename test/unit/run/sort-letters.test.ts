import { describe, expect, it } from "vitest";
import type { LetterKit } from "../../../src/letters/index.js";
import type { History } from "../../../src/run/history.js";
import { buildPlan } from "../../../src/run/plan.js";
import { sortLetters } from "../../../src/run/sort-letters.js";
import type { Roster } from "../../../src/types.js";
import { rosterRow } from "../../helpers/roster-row.js";

const row = rosterRow;
const roster: Roster = {
  file: "r.csv",
  columns: ["record_id"],
  rows: [row(1, "A"), row(2, "B"), row(3, "C")],
};
const kit = { check: () => [] } as unknown as LetterKit;
const file = (id: string) => `letters/${id}--s.pdf`;

function sort(options: { exists: string[]; history: Partial<History>; force?: boolean; records?: string[] }) {
  const plan = buildPlan(roster, {
    instruments: ["s"],
    event: undefined,
    records: options.records,
    sortBy: undefined,
  });
  return sortLetters({
    plan,
    kit,
    rowProblems: new Map(),
    history: { made: new Set(), printed: new Map(), ...options.history },
    runFolder: "/run",
    force: options.force ?? false,
    exists: async (path) => options.exists.some((id) => path === `/run/${file(id)}`),
  });
}

describe("sortLetters", () => {
  it("keeps letters the history says were printed, and remakes those made but never printed", async () => {
    const sorted = await sort({
      exists: ["A", "B"],
      history: {
        made: new Set([file("A"), file("B")]),
        printed: new Map([[file("A"), "print/p1.pdf"]]),
      },
    });
    expect(sorted.toMake.map((l) => l.recordId)).toEqual(["B", "C"]);
    expect(sorted.decided).toEqual([
      expect.objectContaining({
        recordId: "A",
        status: "skipped",
        file: file("A"),
        printFile: "print/p1.pdf",
      }),
    ]);
  });

  it("keeps a letter found in the folder that the history does not know (never prints it twice)", async () => {
    const sorted = await sort({ exists: ["A"], history: {} });
    expect(sorted.toMake.map((l) => l.recordId)).toEqual(["B", "C"]);
    expect(sorted.decided[0]).toMatchObject({ recordId: "A", status: "skipped", printFile: "" });
  });

  it("with --force makes every letter again", async () => {
    const sorted = await sort({
      exists: ["A", "B", "C"],
      history: { made: new Set([file("A")]) },
      force: true,
    });
    expect(sorted.toMake).toHaveLength(3);
  });

  it("keeps the file and print file of rows --records leaves out, when their letter exists", async () => {
    const sorted = await sort({
      exists: ["A", "B"],
      history: { printed: new Map([[file("A"), "print/p1.pdf"]]) },
      records: ["B"],
    });
    const byId = Object.fromEntries(sorted.decided.map((o) => [o.recordId, o]));
    expect(byId.A).toMatchObject({ status: "skipped", file: file("A"), printFile: "print/p1.pdf" });
    expect(byId.C).toMatchObject({ status: "skipped", file: "", printFile: "" });
  });
});
