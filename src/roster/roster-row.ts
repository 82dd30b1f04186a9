import type { RosterRow, RowProblem } from "../types.js";
import type { CsvRecord, Delimiter } from "./csv-records.js";
import { DELIMITER_NAME } from "./delimiter.js";
import { RECORD_ID } from "./roster-header.js";
import { cleanValue, idProblem, MAX_VALUE_LENGTH } from "./roster-values.js";

/** Where values were cleaned of characters that print as nothing: line and column name, never the value. */
export interface Cleaned {
  readonly line: number;
  readonly column: string;
}

export function toRow(
  record: CsvRecord,
  row: number,
  names: readonly string[],
  delimiter: Delimiter,
  cleaned: Cleaned[],
): RosterRow {
  const problems: RowProblem[] = [];
  const problem = (column: string | undefined, message: string, line = record.line): void => {
    problems.push({ line, column, message });
  };
  // The shape of the row first: when it is wrong, it is the problem to show.
  const shape = shapeProblem(record, names, delimiter);
  if (shape !== undefined) problem(shape.column, shape.message, shape.line);
  const misshapen = shape !== undefined;
  const fields = rowFields(record, names, problem, cleaned);

  // REDCap trims record names on import, so " 0042 " is record 0042; inner spaces are kept as they are.
  const recordId = (fields[RECORD_ID] ?? "").trim();
  if (recordId === "")
    problem(RECORD_ID, "record_id is empty: every row needs the participant's REDCap record ID");
  // In a misshapen row the values may sit under the wrong column: read none of them, or a shifted value
  // could pass for an unknown instrument and stop the whole run instead of failing this one row.
  if (misshapen) {
    return {
      row,
      line: record.line,
      recordId,
      instruments: undefined,
      event: undefined,
      repeatInstance: undefined,
      language: undefined,
      fields,
      problems,
    };
  }

  const instance = optional(fields.repeat_instance);
  const repeatInstance =
    instance !== undefined && /^[1-9][0-9]{0,8}$/.test(instance) ? Number(instance) : undefined;
  if (instance !== undefined && repeatInstance === undefined) {
    problem(
      "repeat_instance",
      // The message goes to the manifest: it names the column, never the value typed there.
      "repeat_instance must be a whole number from 1 up, or empty for 1",
    );
  }
  const instruments = (fields.instrument ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");

  // Every property named, in one order, not spread from another object: V8 gives each object a
  // spread builds a hidden class of its own (about 400 bytes a row: 22 MiB while a 50,000-row roster
  // is read and checked).
  return {
    row,
    line: record.line,
    recordId,
    instruments: instruments.length === 0 ? undefined : instruments,
    event: optional(fields.event),
    repeatInstance,
    language: optional(fields.language),
    fields,
    problems,
  };
}

function shapeProblem(
  record: CsvRecord,
  names: readonly string[],
  delimiter: Delimiter,
): RowProblem | undefined {
  const quote = record.quoteProblem;
  if (quote !== undefined)
    return { line: quote.line, column: names[quote.field] || undefined, message: quote.message };
  const count = record.fields.length;
  if (count === names.length) return undefined;
  const name = DELIMITER_NAME[delimiter];
  return {
    line: record.line,
    column: undefined,
    message:
      `this row has ${count} values but the header has ${names.length} columns; ` +
      (count > names.length
        ? `a value that contains a ${name} must be in double quotes`
        : `every column needs a value or an empty place between ${name}s, and a line break inside a value must be in double quotes`),
  };
}

/** The row's values by column name (NFC, without characters that print as nothing), and their problems. */
function rowFields(
  record: CsvRecord,
  names: readonly string[],
  problem: (column: string, message: string) => void,
  cleaned: Cleaned[],
): Readonly<Record<string, string>> {
  const entries: [string, string][] = [];
  names.forEach((name, index) => {
    if (name === "") return;
    const raw = nfc(record.fields[index] ?? "");
    if (raw.length > MAX_VALUE_LENGTH) {
      problem(
        name,
        `the value is ${raw.length.toLocaleString("en-US")} characters long; a roster value may have at most ` +
          `${MAX_VALUE_LENGTH.toLocaleString("en-US")} (a letter prints names and addresses, not documents)`,
      );
    }
    // The id goes to REDCap as typed: a character that cannot be seen fails the row instead of being dropped.
    const bad = name === RECORD_ID ? idProblem(raw.trim()) : undefined;
    if (bad !== undefined) problem(name, bad);
    const value = name === RECORD_ID ? raw : cleanValue(raw);
    if (value !== raw) cleaned.push({ line: record.line, column: name });
    entries.push([name, value]);
  });
  // fromEntries, not assignment: a column named "__proto__" must stay an ordinary field.
  return Object.fromEntries(entries);
}

function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

// NFD text (macOS, some web forms) prints the same as NFC but compares unequal: REDCap ids, the
// template's checks and duplicate detection all see NFC. Text within Latin-1 is NFC already (it holds
// no combining mark), and most roster values are: they skip the costly normalization.
function nfc(value: string): string {
  return /[\u0100-\uFFFF]/.test(value) ? value.normalize("NFC") : value;
}
