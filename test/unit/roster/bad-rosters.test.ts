import { readdirSync, readFileSync } from "node:fs";
import { posix } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { exitCodeOfError } from "../../../src/cli/exit-codes.js";
import { RosterError } from "../../../src/errors.js";
import { parseRoster } from "../../../src/roster/parse-roster.js";
import { letterFileName } from "../../../src/run/file-names.js";
import { manifestCsv } from "../../../src/run/folder/manifest.js";

// The bad-input corpus: fixtures/bad-rosters/ holds one roster per case (made by
// scripts/make-bad-rosters.mjs) and cases.json the outcome each must have: the exact message that
// stops the run, or every row with its line, id, problems and values (and, for ids, its letter's name).

interface Case {
  readonly file: string;
  readonly case: string;
  readonly stops?: string;
  readonly columns?: readonly string[];
  readonly rows?: readonly {
    readonly line: number;
    readonly record_id: string;
    readonly problems?: readonly string[];
    readonly values: Readonly<Record<string, string>>;
    readonly letter?: string;
  }[];
  readonly warnings?: readonly string[];
}

const DIR = "fixtures/bad-rosters";
const CASES = JSON.parse(readFileSync(`${DIR}/cases.json`, "utf8")) as Case[];
const path = (c: Case) => `${DIR}/${c.file}`;
const named = (c: Case): [string, Case] => [`${c.case} (${c.file})`, c];

function attempt(c: Case): { error: unknown } | { roster: ReturnType<typeof parseRoster> } {
  try {
    return { roster: parseRoster(readFileSync(path(c)), path(c)) };
  } catch (error) {
    return { error };
  }
}

describe("the bad-roster corpus", () => {
  it("has a table entry for every roster in the folder, and at least 25 of them", () => {
    const files = readdirSync(DIR).filter((name) => name !== "cases.json");
    expect(CASES.map((c) => c.file).sort()).toEqual(files.sort());
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES.filter((c) => c.stops !== undefined).map(named))("%s: stops the run", (_, c) => {
    const result = attempt(c);
    expect("error" in result).toBe(true);
    const error = "error" in result ? result.error : undefined;
    expect(error).toBeInstanceOf(RosterError);
    expect((error as RosterError).message).toBe(c.stops?.replaceAll("<file>", path(c)));
    expect(exitCodeOfError(error)).toBe(2);
  });

  it.each(CASES.filter((c) => c.stops === undefined).map(named))("%s: reads every row", (_, c) => {
    const result = attempt(c);
    if ("error" in result) throw result.error;
    const { roster } = result;
    expect(roster.columns).toEqual(c.columns);
    expect(roster.warnings).toEqual(c.warnings?.map((w) => w.replaceAll("<file>", path(c))));
    expect(
      roster.rows.map((row) => ({
        line: row.line,
        record_id: row.recordId,
        problems: row.problems.map(
          (p) => (p.column === undefined ? "" : `column "${p.column}": `) + p.message,
        ),
        values: Object.fromEntries(Object.keys(c.rows?.[0]?.values ?? {}).map((k) => [k, row.fields[k]])),
      })),
    ).toEqual(c.rows?.map((row) => ({ ...row, problems: row.problems ?? [], letter: undefined })));
  });

  describe("ids that are path tricks, device names or formulas", () => {
    const idCases = CASES.filter((c) => c.rows?.some((row) => row.letter !== undefined));

    it.each(idCases.map(named))("%s: each letter one file inside letters/", (_, c) => {
      const names = (c.rows ?? []).map((row) =>
        letterFileName({
          recordId: row.record_id,
          instruments: ["baseline_survey"],
          event: undefined,
          repeatInstance: 1,
        }),
      );
      expect(names).toEqual(c.rows?.map((row) => row.letter));
      for (const name of names) {
        expect(posix.normalize(name)).toBe(name);
        expect(name).toMatch(/^letters\/[^/\\]+\.pdf$/);
        expect(name).not.toMatch(/^letters\/\./);
      }
      expect(new Set(names).size).toBe(names.length);
    });

    it.each(idCases.map(named))("%s: the manifest writes each id as text", (_, c) => {
      const outcomes = (c.rows ?? []).map((row, k) => ({
        row: k + 1,
        line: row.line,
        recordId: row.record_id,
        instrument: "baseline_survey",
        event: "",
        repeatInstance: "1",
        status: "ok" as const,
        file: row.letter ?? "",
        error: "",
        printFile: "",
      }));
      const cells = (parse(manifestCsv(outcomes)) as string[][]).slice(1);
      expect(cells).toHaveLength(outcomes.length);
      for (const row of cells) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    });
  });
});
