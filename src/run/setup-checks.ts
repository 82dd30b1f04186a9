import { ConfigError, type Finding, PreflightError, RedcapError } from "../errors.js";
import type { LetterKit } from "../letters/index.js";
import type { RedcapClient } from "../redcap/client.js";
import { type PreflightResult, runPreflight } from "../redcap/preflight.js";
import type { LetterPlan } from "../types.js";
import { rowErrorMessage } from "./make-letters.js";
import type { Plan } from "./plan.js";

/**
 * The check before fetching codes. Whatever keeps it from finishing (no answer, an unexpected
 * answer) means nothing was fetched: exit 2, per the CLI contract, not a row failure's 1.
 */
export async function preflight(
  client: RedcapClient,
  plan: Plan,
  options: { readonly dryRun: boolean; readonly codesKept: (projectId: number) => Promise<boolean> },
): Promise<PreflightResult> {
  try {
    return await runPreflight(client, {
      surveys: plan.surveys,
      records: plan.records,
      checkSurveySettings: !options.dryRun,
      codesKept: options.codesKept,
    });
  } catch (error) {
    if (error instanceof RedcapError && error.exitCode === 1) {
      throw new ConfigError(`Could not check the project before fetching codes. ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** A survey label the letters cannot print would fail every letter of that survey: stop instead. */
export function checkLabels(plan: Plan, labels: ReadonlyMap<string, string>, kit: LetterKit): void {
  const findings: Finding[] = [];
  for (const instrument of new Set(plan.surveys.map((s) => s.instrument))) {
    const problem = kit.labelProblem(labels.get(instrument) ?? instrument);
    if (problem === undefined) continue;
    const lines = plan.surveys.filter((s) => s.instrument === instrument).flatMap((s) => s.lines);
    findings.push({
      message: `The label of instrument "${instrument}" ${problem}`,
      lines: [...new Set(lines)],
    });
  }
  if (findings.length > 0) throw new PreflightError(findings);
}

/** What would stop this row's letter; a failing check fails the row, never the run. */
export function printProblemsOf(kit: LetterKit, letter: LetterPlan): string[] {
  try {
    return kit.check({ language: letter.language, fields: letter.fields });
  } catch (error) {
    return [rowErrorMessage(error)];
  }
}
