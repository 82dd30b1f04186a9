import { describe, expect, it } from "vitest";
import type { LetterKit } from "../../../src/letters/index.js";
import type { History } from "../../../src/run/folder/history.js";
import { buildPlan } from "../../../src/run/plan.js";
import { sortLetters } from "../../../src/run/sort-letters.js";
import type { Roster } from "../../../src/types.js";
import { rosterRow } from "../../helpers/roster-row.js";

const row = rosterRow;
const roster: Roster = {
  file: "r.csv",
  columns: ["record_id"],
  rows: [row(1, "a"), row(2, "b"), row(3, "c")],
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
    history: { unprinted: new Set(), printed: new Map(), printedEver: new Set(), ...options.history },
    runFolder: "/run",
    force: options.force ?? false,
    exists: async (path) => options.exists.some((id) => path === `/run/${file(id)}`),
  });
}

describe("sortLetters", () => {
  it("keeps letters the history says were printed, and remakes those made but never printed", async () => {
    const sorted = await sort({
      exists: ["a", "b"],
      history: {
        unprinted: new Set([file("b")]),
        printed: new Map([[file("a"), "print/p1.pdf"]]),
      },
    });
    expect(sorted.toMake.map((l) => l.recordId)).toEqual(["b", "c"]);
    expect(sorted.decided).toEqual([
      expect.objectContaining({
        recordId: "a",
        status: "skipped",
        file: file("a"),
        printFile: "print/p1.pdf",
      }),
    ]);
  });

  it("keeps a letter found in the folder that the history does not know (never prints it twice)", async () => {
    const sorted = await sort({ exists: ["a"], history: {} });
    expect(sorted.toMake.map((l) => l.recordId)).toEqual(["b", "c"]);
    expect(sorted.decided[0]).toMatchObject({ recordId: "a", status: "skipped", printFile: "" });
  });

  it("with --force makes every letter again", async () => {
    const sorted = await sort({
      exists: ["a", "b", "c"],
      history: { unprinted: new Set([file("a")]) },
      force: true,
    });
    expect(sorted.toMake).toHaveLength(3);
  });

  it("keeps the file and print file of rows --records leaves out, when their letter exists", async () => {
    const sorted = await sort({
      exists: ["a", "b"],
      history: { printed: new Map([[file("a"), "print/p1.pdf"]]) },
      records: ["b"],
    });
    const byId = Object.fromEntries(sorted.decided.map((o) => [o.recordId, o]));
    expect(byId.a).toMatchObject({ status: "skipped", file: file("a"), printFile: "print/p1.pdf" });
    expect(byId.c).toMatchObject({ status: "skipped", file: "", printFile: "" });
  });
});
