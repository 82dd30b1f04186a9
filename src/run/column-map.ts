import type { ColumnMapping } from "../config/index.js";
import { UsageError } from "../errors.js";
import { listNames, suggestName } from "../redcap/suggest.js";
import type { Roster, RosterHead } from "../types.js";

// `--columns postal_code=zip` lets a template read a roster whose headers differ from its names. The
// letter's fields carry both: every roster column by its header (so a template written for this
// roster keeps working) and each mapped name with its column's value, which wins when the roster also
// has a column of that name.

/** A row's fields as the template sees them. */
export function templateFields(
  fields: Readonly<Record<string, string>>,
  columns: readonly ColumnMapping[],
): Readonly<Record<string, string>> {
  if (columns.length === 0) return fields;
  // fromEntries, not assignment: a name such as "__proto__" must stay an ordinary field.
  return { ...fields, ...Object.fromEntries(columns.map((m) => [m.name, fields[m.column] ?? ""])) };
}

/** Every name a template can use with this roster: its columns, then the mapped names. */
export function templateColumnNames(roster: RosterHead, columns: readonly ColumnMapping[]): Set<string> {
  return new Set([...roster.columns, ...columns.map((m) => m.name)]);
}

/** A mapped name the roster also has as a column: legal, but the letters will not print that column. */
export function shadowWarnings(roster: RosterHead, columns: readonly ColumnMapping[]): string[] {
  return columns
    .filter((m) => m.name !== m.column && roster.columns.includes(m.name))
    .map(
      (m) =>
        `--columns ${m.name}=${m.column}: ${roster.file} also has a "${m.name}" column; ` +
        `the letters print the values of "${m.column}" in its place`,
    );
}

/** A setting that names a column the roster lacks. */
interface MissingColumn {
  /** The setting as typed: `--sort-by zip`, `--columns postal_code=zpi`. */
  readonly setting: string;
  readonly what: string;
  readonly hint: string | undefined;
}

/**
 * Stops the run (exit 2) when `--columns` or `--sort-by` names a column the roster does not have: every
 * letter would print a blank where the value belongs, or the print file would not be in the order asked.
 */
export function checkSettingColumns(
  roster: Roster,
  columns: readonly ColumnMapping[],
  sortBy: string | undefined,
): void {
  const missing = columns.flatMap((m) => missingMapped(roster, m));
  const names = templateColumnNames(roster, columns);
  if (sortBy !== undefined && !names.has(sortBy)) {
    const what = columns.length === 0 ? "no such column" : "no such column, and --columns maps no such name";
    missing.push({ setting: `--sort-by ${sortBy}`, what, hint: didYouMean(sortBy, [...names]) });
  }
  if (missing.length > 0) throw new UsageError(describeMissing(roster, missing));
}

function missingMapped(roster: Roster, mapping: ColumnMapping): MissingColumn[] {
  const { name, column } = mapping;
  if (roster.columns.includes(column)) return [];
  // The most likely slip with a roster column named like the template's: the two sides swapped.
  const hint = roster.columns.includes(name)
    ? `did you mean ${column}=${name}? The template's name comes first, then the roster's column`
    : didYouMean(column, roster.columns);
  return [{ setting: `--columns ${name}=${column}`, what: `no column "${column}"`, hint }];
}

function didYouMean(typed: string, known: readonly string[]): string | undefined {
  const near = suggestName(
    typed,
    known.map((name) => ({ name, label: name })),
  );
  return near === undefined ? undefined : `did you mean "${near.name}"?`;
}

function describeMissing(roster: Roster, missing: readonly MissingColumn[]): string {
  const columns = `its columns: ${listNames(roster.columns, 40)}`;
  const hint = (m: MissingColumn) => (m.hint === undefined ? "" : `; ${m.hint}`);
  const [only] = missing;
  if (missing.length === 1 && only !== undefined)
    return `${only.setting}: ${roster.file} has ${only.what} (${columns})${hint(only)}`;
  const lines = missing.map((m) => `  - ${m.setting}: ${m.what}${hint(m)}`);
  return `${roster.file} lacks columns the settings name (${columns}):\n${lines.join("\n")}`;
}
