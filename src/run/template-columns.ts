import { TemplateError } from "../errors.js";
import type { LetterKit } from "../letters/index.js";
import type { LetterPlan, Roster } from "../types.js";

// A column the template needs that the roster lacks altogether would fail every letter: that is a
// set-up problem, so it stops the run (exit 2) before any code is fetched, named once.

export function checkTemplateColumns(roster: Roster, letters: readonly LetterPlan[], kit: LetterKit): void {
  const problems = new Map<string, Set<string>>();
  for (const language of new Set(letters.map((l) => l.language))) {
    const { templateFile, columns } = kit.requirements(language);
    const missing = columns.filter((c) => !roster.columns.includes(c));
    if (missing.length === 0) continue;
    const seen = problems.get(templateFile) ?? new Set<string>();
    for (const column of missing) seen.add(column);
    problems.set(templateFile, seen);
  }
  if (problems.size === 0) return;
  const lines = [...problems].map(
    ([file, columns]) => `  - ${file} needs ${[...columns].map((c) => `"${c}"`).join(", ")}`,
  );
  throw new TemplateError(
    `${roster.file} lacks columns the letter template needs for the address:\n${lines.join("\n")}\n` +
      `Add the columns to the roster, or give a --template whose "address.required" leaves them out.`,
  );
}
