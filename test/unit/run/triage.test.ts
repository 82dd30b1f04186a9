import { describe, expect, it } from "vitest";
import { type CheckedPlan, checkedLetters } from "../../../src/run/check.js";
import { type History, manifestKey, type RunFolder } from "../../../src/run/folder/run-folder.js";
import { buildPlan } from "../../../src/run/plan.js";
import { triage } from "../../../src/run/triage.js";
import type { Roster, RowOutcome } from "../../../src/types.js";
import { rosterRow } from "../../helpers/roster-row.js";

const row = rosterRow;
const roster: Roster = {
  file: "r.csv",
  columns: ["record_id"],
  rows: [row(1, "a"), row(2, "b"), row(3, "c"), row(4, "d")],
};
const file = (id: string) => `letters/${id}--s.pdf`;

interface Case {
  readonly exists: string[];
  readonly history: Partial<History>;
  readonly mode?: "missing" | "force" | "rerender";
  readonly records?: string[];
  /** Records whose letter has a verdict against it. */
  readonly problems?: Record<string, string>;
  /** Records whose codes the folder keeps. */
  readonly kept?: string[];
  /** What the folder's manifest said before. */
  readonly earlier?: RowOutcome[];
}

function sort(options: Case) {
  const plan = buildPlan(roster, {
    instruments: ["s"],
    event: undefined,
    records: options.records,
    sortBy: undefined,
  });
  const checked: CheckedPlan = {
    letters: checkedLetters(
      plan.letters,
      () => "S",
      (l) => options.problems?.[l.recordId],
    ),
    decided: plan.decided,
    failing: [],
    project: { id: 1, title: "P", labels: {} },
    codeSource: "src",
    warnings: [],
  };
  const folder = {
    earlierManifest: async () => new Map(options.earlier?.map((o) => [manifestKey(o), o]) ?? []),
    has: async (path: string) => options.exists.some((id) => path === file(id)),
    letterFiles: async () => new Set(options.exists.map(file)),
    keepsAllCodes: async (packets: readonly { file: string }[]) =>
      packets.every((p) => (options.kept ?? []).some((id) => p.file === file(id))),
  } as unknown as RunFolder;
  const history = {
    unprinted: new Set<string>(),
    printed: new Map(),
    printedEver: new Set<string>(),
    ...options.history,
  };
  return triage(checked, folder, history, options.mode ?? "missing");
}

describe("triage", () => {
  it("keeps letters the history says were printed, and remakes those made but never printed", async () => {
    const sorted = await sort({
      exists: ["a", "b"],
      history: {
        unprinted: new Set([file("b")]),
        printed: new Map([[file("a"), "print/p1.pdf"]]),
      },
    });
    expect(sorted.toMake.map((l) => l.recordId)).toEqual(["b", "c", "d"]);
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
    expect(sorted.toMake.map((l) => l.recordId)).toEqual(["b", "c", "d"]);
    expect(sorted.decided[0]).toMatchObject({ recordId: "a", status: "skipped", printFile: "" });
  });

  it("with --force makes every letter again", async () => {
    const sorted = await sort({
      exists: ["a", "b", "c", "d"],
      history: { unprinted: new Set([file("a")]) },
      mode: "force",
    });
    expect(sorted.toMake).toHaveLength(4);
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

  it("fails a letter whose check found a problem, whatever the folder holds", async () => {
    const sorted = await sort({ exists: [], history: {}, problems: { b: "record b is not in the project" } });
    expect(sorted.toMake.map((l) => l.recordId)).toEqual(["a", "c", "d"]);
    expect(sorted.decided).toEqual([
      expect.objectContaining({
        recordId: "b",
        status: "failed",
        error: "record b is not in the project",
        file: "",
      }),
    ]);
  });

  it("with --rerender makes again only the letters whose codes are kept, printed or not", async () => {
    const sorted = await sort({
      exists: ["a", "b"],
      history: { printed: new Map([[file("a"), "print/p1.pdf"]]) },
      mode: "rerender",
      kept: ["a", "b"],
    });
    expect(sorted.toMake.map((l) => l.recordId)).toEqual(["a", "b"]);
    expect(sorted.decided.map((o) => [o.recordId, o.status, o.file])).toEqual([
      ["c", "skipped", ""],
      ["d", "skipped", ""],
    ]);
    expect(sorted.decided[0]?.error).toContain("--rerender remakes letters only");
  });

  it("keeps what the manifest said before of rows --records leaves out: a failure's reason, a letter's print file", async () => {
    const said = (recordId: string, status: RowOutcome["status"], error: string, f: string): RowOutcome => ({
      row: 0,
      line: 0,
      recordId,
      instrument: "s",
      event: "",
      repeatInstance: "1",
      status,
      file: f,
      error,
      printFile: f === "" ? "" : "print/p1.pdf",
    });
    const sorted = await sort({
      exists: ["a"],
      history: { printed: new Map([[file("a"), "print/p1.pdf"]]) },
      records: ["b"],
      earlier: [said("a", "ok", "", file("a")), said("c", "failed", "record c is not in the project", "")],
    });
    const byId = Object.fromEntries(sorted.decided.map((o) => [o.recordId, o]));
    expect(byId.a).toMatchObject({ status: "ok", error: "", file: file("a"), printFile: "print/p1.pdf" });
    expect(byId.c).toMatchObject({ status: "failed", error: "record c is not in the project", file: "" });
    expect(byId.d).toMatchObject({ status: "skipped", error: "not selected by --records" });
  });
});
