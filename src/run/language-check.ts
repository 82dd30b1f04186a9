import type { Finding } from "../errors.js";
import type { LetterKit } from "../letters/index.js";
import type { LetterPlan } from "../types.js";

// A row whose language has no translation of the template must never get a letter in another
// language: that is found before any code is fetched, with the rows it concerns, and stops the run.

export function languageFindings(letters: readonly LetterPlan[], kit: LetterKit): Finding[] {
  const byProblem = new Map<string, number[]>();
  for (const letter of letters) {
    const problem = kit.languageProblem(letter.language);
    if (problem === undefined) continue;
    const lines = byProblem.get(problem) ?? [];
    lines.push(letter.line);
    byProblem.set(problem, lines);
  }
  return [...byProblem].map(([message, lines]) => ({ message, lines }));
}
