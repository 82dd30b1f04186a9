import { TemplateError } from "../errors.js";
import type { LetterKit } from "../letters/index.js";
import type { LetterPlan, Roster } from "../types.js";

// A column the template needs that the roster lacks altogether would fail (or blank) every letter:
// that is a set-up problem, so it stops the run (exit 2) before any code is fetched, named once.
// Columns used only in address lines and not required (address_2) may be missing.

export function checkTemplateColumns(roster: Roster, letters: readonly LetterPlan[], kit: LetterKit): void {
  const problems = new Map<string, Set<string>>();
  for (const language of new Set(letters.map((l) => l.language))) {
    const { templateFile, required, placeholders, optional } = kit.requirements(language);
    const needed = new Set([...required, ...placeholders.filter((c) => !optional.includes(c))]);
    const missing = [...needed].filter((c) => !roster.columns.includes(c));
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
    `${roster.file} lacks columns the letter template uses:\n${lines.join("\n")}\n` +
      "Add the columns to the roster, or give a --template that does not use them.",
  );
}
