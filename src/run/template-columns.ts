import type { ColumnMapping } from "../config/index.js";
import type { Finding } from "../errors.js";
import type { LetterKit } from "../letters/index.js";
import type { LetterPlan, RosterHead } from "../types.js";
import { templateColumnNames } from "./column-map.js";

// A column the template needs that the roster lacks altogether would fail (or blank) every letter:
// that is a set-up problem, so it stops the run (exit 2) before any code is fetched, named once per
// template with the rows that use it. Columns used only in address lines and not required
// (address_2) may be missing. A name `--columns` maps counts as present: the plan has put its
// column's values into every letter's fields.

export function templateColumnFindings(
  roster: RosterHead,
  letters: readonly LetterPlan[],
  kit: Pick<LetterKit, "requirements">,
  columns: readonly ColumnMapping[] = [],
): Finding[] {
  const present = templateColumnNames(roster, columns);
  const problems = new Map<string, { columns: Set<string>; lines: number[] }>();
  for (const language of new Set(letters.map((l) => l.language))) {
    const requirements = kit.requirements(language);
    // No template in that language: those rows fail on their own (the kit's row check says why).
    if (requirements === undefined) continue;
    const { templateFile, required, placeholders, optional } = requirements;
    const needed = new Set([...required, ...placeholders.filter((c) => !optional.includes(c))]);
    const missing = [...needed].filter((c) => !present.has(c));
    if (missing.length === 0) continue;
    const seen = problems.get(templateFile) ?? { columns: new Set<string>(), lines: [] };
    for (const column of missing) seen.columns.add(column);
    for (const letter of letters) if (letter.language === language) seen.lines.push(letter.line);
    problems.set(templateFile, seen);
  }
  return [...problems].map(([file, { columns: names, lines }]) => ({
    message:
      `${roster.file} lacks columns the letter template uses: ${file} needs ${[...names].map((c) => `"${c}"`).join(", ")}. ` +
      "Add the columns to the roster, name the roster column that holds each with --columns " +
      "(e.g. --columns postal_code=zip), or give a --template that does not use them",
    lines: lines.sort((a, b) => a - b),
  }));
}
