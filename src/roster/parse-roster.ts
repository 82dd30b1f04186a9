import { RosterError } from "../errors.js";
import type { Roster, RosterRow } from "../types.js";
import { chooseDelimiter } from "./choose-delimiter.js";
import { type CsvRecord, csvRecords, type Delimiter, type RecordShape } from "./csv-records.js";
import { decodeRoster } from "./decode-roster.js";
import { checkHeader, headerNames } from "./roster-header.js";
import { type Cleaned, toRow } from "./roster-row.js";

export interface RosterOptions {
  /** From `--delimiter`; undefined: detected from the header line. */
  readonly delimiter?: Delimiter | undefined;
}

/**
 * Reads a roster CSV (pure). Problems with the file as a whole throw a RosterError; problems with one
 * participant become that row's `problems`, so the batch can go on without them.
 */
export function parseRoster(input: Buffer | string, file: string, options: RosterOptions = {}): Roster {
  const { text: decoded, encoding } = decodeRoster(input, file);
  const { text, delimiter } = chooseDelimiter(decoded, file, options.delimiter);

  // One record at a time, each turned into its row at once: a roster of 100,000 rows is never held
  // twice (as raw records and as rows).
  let header: CsvRecord | undefined;
  let names: readonly string[] = [];
  const rows: RosterRow[] = [];
  const cleaned: Cleaned[] = [];
  const shape: RecordShape = {};
  // Columns without a name in the header: the first line that has a value in each.
  const unnamedUsed = new Map<number, number>();
  for (const record of csvRecords(text, delimiter, shape)) {
    // Blank lines, and Excel's ",,,," rows, carry no participant; skipping them keeps line numbers true.
    if (!record.fields.some((field) => field.trim() !== "")) continue;
    if (header === undefined) {
      header = record;
      names = headerNames(record);
      shape.fields = record.fields.length;
      continue;
    }
    names.forEach((name, index) => {
      if (name === "" && !unnamedUsed.has(index) && (record.fields[index] ?? "").trim() !== "")
        unnamedUsed.set(index, record.line);
    });
    rows.push(toRow(record, rows.length + 1, names, delimiter, cleaned));
  }
  if (header === undefined) {
    throw new RosterError(
      { file },
      "the file is empty: expected a header line naming the columns (with a record_id column), then one line per participant",
    );
  }

  const problems = checkHeader(header, names, unnamedUsed);
  if (problems.length === 1) throw new RosterError({ file, line: header.line }, problems[0] ?? "");
  if (problems.length > 1) {
    throw new RosterError(
      { file, line: header.line },
      `the header line has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }

  const warnings = [
    ...(encoding === "Windows-1252" ? [readAsWindows1252(file)] : []),
    ...(cleaned.length > 0 ? [cleanedWarning(file, cleaned)] : []),
  ];
  return {
    file,
    ...(warnings.length > 0 ? { warnings } : {}),
    columns: names.filter((name) => name !== ""),
    rows,
  };
}

const readAsWindows1252 = (file: string) =>
  `${file} is not UTF-8 text; it was read as Windows-1252 (Excel's "CSV (Comma delimited)" in the Americas ` +
  'and Western Europe). Check a few names on the letters, or save it as "CSV UTF-8 (Comma delimited) (*.csv)"';

function cleanedWarning(file: string, cleaned: readonly Cleaned[]): string {
  const shown = cleaned.slice(0, 5).map((c) => `line ${c.line} column "${c.column}"`);
  const more = cleaned.length > shown.length ? ` and ${cleaned.length - shown.length} more` : "";
  return (
    `${file}: ${cleaned.length === 1 ? "1 value had" : `${cleaned.length} values had`} control or zero-width ` +
    `characters, which print as nothing or as a box; they were left out (${shown.join(", ")}${more})`
  );
}
