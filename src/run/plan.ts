import type { ColumnMapping } from "../config/index.js";
import { UsageError } from "../errors.js";
import type { RecordUse, SurveyUse } from "../redcap/preflight.js";
import type {
  LetterPlan,
  PacketSurvey,
  Roster,
  RosterRow,
  RowOutcome,
  RowStatus,
  SurveyRef,
} from "../types.js";
import { checkSettingColumns, shadowWarnings, templateFields } from "./column-map.js";
import { letterFileName } from "./file-names.js";

// The plan is pure: roster + settings in, the letters to make and the rows already decided out.
// A dry run stops after it (and after the preflight that checks it against the server).

export interface PlanOptions {
  /** From `--instrument`; rows without an `instrument` cell use these. */
  readonly instruments: readonly string[] | undefined;
  /** From `--event`; rows without an `event` cell use it. */
  readonly event: string | undefined;
  /** From `--records`: only these rows are made. */
  readonly records: readonly string[] | undefined;
  /** From `--sort-by`: must name a roster column or a name `columns` maps. */
  readonly sortBy: string | undefined;
  /** From `--columns`: each must name a roster column; none when absent. */
  readonly columns?: readonly ColumnMapping[];
}

export interface Plan {
  readonly letters: readonly LetterPlan[];
  /** Rows decided without the server: failed (bad row, duplicate) or skipped (not selected). */
  readonly decided: readonly RowOutcome[];
  readonly surveys: readonly SurveyUse[];
  readonly records: readonly RecordUse[];
  readonly warnings: readonly string[];
}

export const NOT_SELECTED = "not selected by --records";
const DUPLICATE_OF = "duplicate of roster line";

/** Whether a row's error says it repeats an earlier row. */
export const isDuplicate = (error: string): boolean => error.startsWith(DUPLICATE_OF);

export function buildPlan(roster: Roster, options: PlanOptions): Plan {
  const hasInstrumentColumn = roster.columns.includes("instrument");
  if (options.instruments === undefined && !hasInstrumentColumn) {
    throw new UsageError(
      `Which survey? Give --instrument NAME (the unique instrument name, e.g. baseline_survey), ` +
        `or add an "instrument" column to ${roster.file}.`,
    );
  }
  const columns = options.columns ?? [];
  checkSettingColumns(roster, columns, options.sortBy);
  const selected = options.records === undefined ? undefined : new Set(options.records);
  checkSelection(roster, selected);
  const letters: LetterPlan[] = [];
  const decided: RowOutcome[] = [];
  const seen = new Map<string, number>();

  for (const row of roster.rows) {
    const instruments = row.instruments ?? options.instruments ?? [];
    const event = row.event ?? options.event;
    const repeatInstance = row.repeatInstance ?? 1;
    const describe = { instruments, event, repeatInstance };
    // A row --records leaves out is not looked at: its problems are not this run's.
    const unselected = selected !== undefined && !selected.has(row.recordId);
    const problem = rowProblem(row, instruments);
    if (problem !== undefined) {
      decided.push(
        outcome(row, describe, unselected ? "skipped" : "failed", "", unselected ? NOT_SELECTED : problem),
      );
      continue;
    }
    const key = JSON.stringify([row.recordId, instruments, event ?? null, repeatInstance]);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const why = `${DUPLICATE_OF} ${earlier} (same record, survey, event and instance)`;
      decided.push(
        outcome(row, describe, unselected ? "skipped" : "failed", "", unselected ? NOT_SELECTED : why),
      );
      continue;
    }
    seen.set(key, row.line);
    const file = letterFileName({ recordId: row.recordId, instruments, event, repeatInstance });
    if (unselected) {
      // The file is named so the run can tell whether this row's letter already exists.
      decided.push(outcome(row, describe, "skipped", file, NOT_SELECTED));
      continue;
    }
    const surveys: SurveyRef[] = instruments.map((instrument) => ({
      recordId: row.recordId,
      instrument,
      event,
      repeatInstance,
    }));
    letters.push({
      row: row.row,
      line: row.line,
      recordId: row.recordId,
      surveys,
      language: row.language,
      fields: templateFields(row.fields, columns),
      file,
    });
  }

  return {
    letters,
    decided,
    surveys: surveyUses(letters),
    records: recordUses(letters),
    warnings: shadowWarnings(roster, columns),
  };
}

function rowProblem(row: RosterRow, instruments: readonly string[]): string | undefined {
  const first = row.problems[0];
  if (first !== undefined) {
    const where = first.column === undefined ? "" : `column "${first.column}": `;
    const more =
      row.problems.length > 1 ? ` (and ${row.problems.length - 1} more problem(s) in this row)` : "";
    return `${where}${first.message}${more}`;
  }
  if (instruments.length === 0) {
    return `no survey for this row: its "instrument" cell is empty and --instrument was not given`;
  }
  return undefined;
}

interface RowSurveys {
  readonly instruments: readonly string[];
  readonly event: string | undefined;
  readonly repeatInstance: number;
}

export function outcome(
  row: { readonly row: number; readonly line: number; readonly recordId: string },
  surveys: RowSurveys,
  status: RowStatus,
  file: string,
  error: string,
): RowOutcome {
  return {
    row: row.row,
    line: row.line,
    recordId: row.recordId,
    instrument: surveys.instruments.join(","),
    event: surveys.event ?? "",
    repeatInstance: String(surveys.repeatInstance),
    status,
    file,
    error,
    printFile: "",
  };
}

/**
 * An outcome with some of its values changed. Every field named, not spread: the manifest holds one
 * outcome a row for the whole run, and a spread copy would carry a hidden class of its own.
 */
export function revised(
  was: RowOutcome,
  change: Partial<Pick<RowOutcome, "status" | "file" | "error" | "printFile">>,
): RowOutcome {
  return {
    row: was.row,
    line: was.line,
    recordId: was.recordId,
    instrument: was.instrument,
    event: was.event,
    repeatInstance: was.repeatInstance,
    status: change.status ?? was.status,
    file: change.file ?? was.file,
    error: change.error ?? was.error,
    printFile: change.printFile ?? was.printFile,
  };
}

/** What every letter of a run has, planned or checked: its roster row, record, surveys and file. */
export interface RowLetter {
  readonly row: number;
  readonly line: number;
  readonly recordId: string;
  readonly surveys: readonly PacketSurvey[];
  readonly file: string;
}

/** The manifest outcome of a planned letter. */
export function letterOutcome(
  letter: RowLetter,
  status: RowStatus,
  error = "",
  file: string = status === "failed" ? "" : letter.file,
): RowOutcome {
  const first = letter.surveys[0];
  const surveys = {
    instruments: letter.surveys.map((s) => s.instrument),
    event: first?.event,
    repeatInstance: first?.repeatInstance ?? 1,
  };
  return outcome(letter, surveys, status, file, error);
}

type Building<T> = Omit<T, "lines"> & { lines: number[] };

function surveyUses(letters: readonly LetterPlan[]): SurveyUse[] {
  const uses = new Map<string, Building<SurveyUse>>();
  for (const letter of letters) {
    for (const survey of letter.surveys) {
      const key = `${survey.instrument}\u0000${survey.event ?? ""}`;
      const use = uses.get(key) ?? { instrument: survey.instrument, event: survey.event, lines: [] };
      use.lines.push(letter.line);
      uses.set(key, use);
    }
  }
  return [...uses.values()];
}

function recordUses(letters: readonly LetterPlan[]): RecordUse[] {
  const uses = new Map<string, Building<RecordUse>>();
  for (const letter of letters) {
    const event = letter.surveys[0]?.event;
    const key = `${letter.recordId}\u0000${event ?? ""}`;
    const use = uses.get(key) ?? { recordId: letter.recordId, event, lines: [] };
    use.lines.push(letter.line);
    uses.set(key, use);
  }
  return [...uses.values()];
}

/**
 * An id `--records` names that the roster lacks is a typo to fix before anything runs (a front desk
 * typing "7" for record 0007 would otherwise make nothing and think it done).
 */
function checkSelection(roster: Roster, selected: ReadonlySet<string> | undefined): void {
  if (selected === undefined) return;
  const known = new Set(roster.rows.map((r) => r.recordId));
  const missing = [...selected].filter((id) => !known.has(id));
  if (missing.length === 0) return;
  const lines = missing.map((id) => {
    const near = nearId(id, known);
    return `  - ${id}${near === undefined ? "" : `: did you mean ${near}?`}`;
  });
  throw new UsageError(
    `These record ids are not in ${roster.file}:\n${lines.join("\n")}\n` +
      "Give the ids exactly as the roster's record_id column writes them.",
  );
}

/** The roster's id that differs from `typed` only by leading zeros or by case, if there is one. */
function nearId(typed: string, known: ReadonlySet<string>): string | undefined {
  const squash = (id: string) => id.toLowerCase().replace(/^0+(?=.)/, "");
  const wanted = squash(typed);
  for (const id of known) if (squash(id) === wanted) return id;
  return undefined;
}
