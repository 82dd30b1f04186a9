import type { RowFinding } from "../check-report.js";
import type { ColumnMapping } from "../config/index.js";
import { type Finding, TemplateError } from "../errors.js";
import type { LetterKit } from "../letters/index.js";
import type { RowProblem } from "../redcap/preflight.js";
import type { LetterPlan, RosterHead } from "../types.js";
import { languageFindings } from "./language-check.js";
import { isDuplicate, type Plan } from "./plan.js";
import { rowErrorMessage } from "./stop.js";
import { templateColumnFindings } from "./template-columns.js";

// The pure half of the check before the first code: what the template says against the roster and
// the plan, and which rows will fail and why (the kinds the report groups them by).

interface LocalInput {
  readonly roster: RosterHead;
  readonly plan: Plan;
  readonly kit: LetterKit | TemplateError;
  readonly columns: readonly ColumnMapping[];
}

/** What the template says against the roster: a template that cannot be used at all says only that. */
export function localFindings({ roster, plan, kit, columns }: LocalInput): Finding[] {
  if (kit instanceof TemplateError) return [{ message: kit.message, lines: [] }];
  return [
    ...templateColumnFindings(roster, plan.letters, kit, columns),
    ...languageFindings(plan.letters, kit),
  ];
}

/** The rows the plan failed, then the planned letters the project or the template would fail. */
export function failingRows(
  plan: Plan,
  rowProblems: ReadonlyMap<number, RowProblem>,
  printProblems: ReadonlyMap<number, string>,
  namedByLocal: ReadonlySet<number>,
): RowFinding[] {
  const rows: RowFinding[] = plan.decided
    .filter((o) => o.status === "failed")
    .map((o) => ({
      line: o.line,
      recordId: o.recordId,
      kind: isDuplicate(o.error) ? "duplicate" : "roster",
      message: o.error,
    }));
  for (const { line, recordId } of plan.letters) {
    const project = rowProblems.get(line);
    const print = printProblems.get(line);
    if (project !== undefined) rows.push({ line, recordId, kind: project.kind, message: project.message });
    else if (print !== undefined && !namedByLocal.has(line))
      rows.push({ line, recordId, kind: "unprintable", message: print });
  }
  return rows.sort((a, b) => a.line - b.line);
}

/** Roster line → what would keep that row's letter from printing (a name the fonts lack, a missing value). */
export function printProblems(kit: LetterKit | TemplateError, plan: Plan): Map<number, string> {
  const problems = new Map<number, string>();
  if (kit instanceof TemplateError) return problems;
  for (const letter of plan.letters) {
    const problem = printProblem(kit, letter);
    if (problem !== undefined) problems.set(letter.line, problem);
  }
  return problems;
}

/** A survey label the letters cannot print would fail every letter of that survey: stop instead. */
export function labelFindings(plan: Plan, labels: ReadonlyMap<string, string>, kit: LetterKit): Finding[] {
  const findings: Finding[] = [];
  for (const instrument of new Set(plan.surveys.map((s) => s.instrument))) {
    const problem = kit.labelProblem(labels.get(instrument) ?? instrument);
    if (problem === undefined) continue;
    const lines = plan.surveys.filter((s) => s.instrument === instrument).flatMap((s) => s.lines);
    findings.push({
      message: `The label of instrument "${instrument}" ${problem}`,
      lines: [...new Set(lines)].sort((a, b) => a - b),
    });
  }
  return findings;
}

/** What would keep this row's letter from printing; a failing check fails the row, never the run. */
function printProblem(kit: LetterKit, letter: LetterPlan): string | undefined {
  try {
    const problems = kit.check({ language: letter.language, fields: letter.fields });
    return problems.length === 0 ? undefined : problems.join("; ");
  } catch (error) {
    return rowErrorMessage(error);
  }
}
