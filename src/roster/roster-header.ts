import type { CsvRecord } from "./csv-records.js";

export const RECORD_ID = "record_id";

// Names people give the record id column when it is not `record_id` (REDCap's label export writes "Record ID").
const NEAR_RECORD_ID = new Set(["recordid", "record", "id", "studyid", "participantid", "subjectid"]);

const squash = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, "");

// Invisible characters a spreadsheet or a copy from a web page leaves in a cell (a second byte order
// mark, a zero-width space): nobody means them in a column name.
const INVISIBLE = /[\u200B\u2060\uFEFF]/g;

/**
 * `record_id` in any case and with spaces for underscores (`Record ID`, `RECORD_ID`, `record id`): what
 * a person or a spreadsheet makes of the name, never another column's name.
 */
export function isRecordIdName(name: string): boolean {
  return (
    cleanName(name)
      .toLowerCase()
      .replace(/[\s_]+/g, "_") === RECORD_ID
  );
}

function cleanName(name: string): string {
  return name.normalize("NFC").replace(INVISIBLE, "").trim();
}

/*
 * Privacy rule for header messages: a roster without a header line has a participant's name and
 * address in its first line, and a name cannot be told from a column name by its shape ("Maria" and
 * "City" look alike). So a cell of the first line is quoted only once the line is known to be a header:
 * it has a record_id column, or a cell that is one of the fixed spellings in NEAR_RECORD_ID (quoting
 * one of those shows only a word from that list). Otherwise messages give column positions and counts.
 */

/** One name per field position ("" where the header cell is empty); any spelling of record_id is record_id. */
export function headerNames(header: CsvRecord): string[] {
  return header.fields.map(cleanName).map((name) => (isRecordIdName(name) ? RECORD_ID : name));
}

/**
 * What is wrong with the header line; every problem stops the run (the roster cannot be read as
 * intended). `unnamedUsed`: for a column without a name, the first line that has a value in it.
 */
export function checkHeader(
  header: CsvRecord,
  names: readonly string[],
  unnamedUsed: ReadonlyMap<number, number>,
): string[] {
  const spelled = header.fields.map(cleanName);
  const problems: string[] = [];

  if (header.quoteProblem !== undefined)
    problems.push(`the header line is not valid CSV: ${header.quoteProblem.message}`);

  const positions = new Map<string, number[]>();
  names.forEach((name, index) => {
    if (name !== "") positions.set(name, [...(positions.get(name) ?? []), index + 1]);
  });
  const near = names.find((name) => NEAR_RECORD_ID.has(squash(name)));
  const knownHeader = positions.has(RECORD_ID) || near !== undefined;
  if (!knownHeader && looksLikeData(names)) {
    // Duplicate or unnamed "columns" of a data line say nothing useful; only the missing header does.
    problems.push(
      "there is no header line: the first line looks like data, not column names. " +
        "Add a first line naming the columns, starting with record_id",
    );
    return problems;
  }

  for (const [name, at] of positions) {
    if (at.length < 2) continue;
    const spellings = new Set(at.map((column) => spelled[column - 1]));
    const as = spellings.size > 1 ? `, as ${[...spellings].map((s) => `"${s}"`).join(", ")}` : "";
    problems.push(
      knownHeader
        ? `the column name "${name}" appears ${at.length} times (columns ${at.join(", ")}${as}); every column needs its own name`
        : `columns ${at.join(", ")} have the same name; every column needs its own name`,
    );
  }

  if (!positions.has(RECORD_ID)) problems.push(missingRecordId(names, near));

  for (const [index, line] of [...unnamedUsed].sort((a, b) => a[0] - b[0])) {
    problems.push(
      `column ${index + 1} has no name in the header but has values (first on line ${line}); give it a name or delete it`,
    );
  }
  return problems;
}

/** A first line without record_id whose cells look like values: numbers, IDs, addresses, e-mail. */
function looksLikeData(names: readonly string[]): boolean {
  const cells = names.filter((name) => name !== "");
  const valueShaped = (cell: string): boolean =>
    /^\d/.test(cell) || // 42, 0001, 12 Main St, 2024-05-01, 555-0100
    /^[A-Za-z]{1,3}[-_]?\d{2,}$/.test(cell) || // P001, ID-0042, S_17
    cell.includes("@");
  // REDCap field names (first_name, postal_code) are lowercase with underscores; a cell with a digit
  // on a line with none of those is most likely an apartment, a postcode or an ID.
  const fieldShaped = (cell: string): boolean => /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(cell);
  return cells.some(valueShaped) || (!cells.some(fieldShaped) && cells.some((cell) => /\d/.test(cell)));
}

function missingRecordId(names: readonly string[], near: string | undefined): string {
  if (near !== undefined) {
    return `there is no record_id column (expected a column named record_id). Did you mean "${near}"? Rename that column to record_id`;
  }
  const count = names.filter((name) => name !== "").length;
  const found =
    count === 0
      ? "the header line names no columns"
      : `the header line names ${count === 1 ? "1 column" : `${count} columns`}, none of them record_id`;
  return `there is no record_id column (expected a column named record_id; ${found}). Name the column that holds the REDCap record IDs record_id`;
}
