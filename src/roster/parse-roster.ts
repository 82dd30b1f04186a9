import { RosterError } from "../errors.js";
import type { Roster, RosterRow, RowProblem } from "../types.js";
import { type CsvRecord, csvRecords, type Delimiter } from "./csv-records.js";
import { decodeRoster } from "./decode-roster.js";
import {
  countOnHeaderLine,
  DELIMITER_FLAG,
  DELIMITER_NAME,
  detectDelimiter,
  excelSeparatorLine,
} from "./delimiter.js";
import { checkHeader, isRecordIdName, RECORD_ID } from "./roster-header.js";

/**
 * Reads a roster CSV (pure). Problems with the file as a whole throw a RosterError; problems with one
 * participant become that row's `problems`, so the batch can go on without them.
 */
export function parseRoster(input: Buffer | string, file: string, options: RosterOptions = {}): Roster {
  const { text: decoded, encoding } = decodeRoster(input, file);
  const sep = excelSeparatorLine(decoded);
  // The "sep=;" line becomes a blank line, so every other line keeps its number.
  const text = sep === undefined ? decoded : decoded.replace(/^[^\r\n]*/, "");
  const delimiter = options.delimiter ?? sep ?? detected(text, file);
  if (options.delimiter !== undefined) checkGivenDelimiter(text, options.delimiter, file);

  // Blank lines, and Excel's ",,,," rows, carry no participant; skipping them keeps line numbers true.
  const records = [...csvRecords(text, delimiter)].filter((record) =>
    record.fields.some((field) => field.trim() !== ""),
  );
  const [header, ...data] = records;
  if (header === undefined) {
    throw new RosterError(
      { file },
      "the file is empty: expected a header line naming the columns (with a record_id column), then one line per participant",
    );
  }

  const { names, problems } = checkHeader(header, data);
  if (problems.length === 1) throw new RosterError({ file, line: header.line }, problems[0] ?? "");
  if (problems.length > 1) {
    throw new RosterError(
      { file, line: header.line },
      `the header line has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }

  return {
    file,
    ...(encoding === "Windows-1252" ? { warnings: [READ_AS_WINDOWS_1252(file)] } : {}),
    columns: names.filter((name) => name !== ""),
    rows: data.map((record, index) => toRow(record, index + 1, names, delimiter)),
  };
}

const READ_AS_WINDOWS_1252 = (file: string) =>
  `${file} is not UTF-8 text; it was read as Windows-1252 (Excel's "CSV (Comma delimited)" in the Americas ` +
  'and Western Europe). Check a few names on the letters, or save it as "CSV UTF-8 (Comma delimited) (*.csv)"';

export interface RosterOptions {
  /** From `--delimiter`; undefined: detected from the header line. */
  readonly delimiter?: Delimiter | undefined;
}

function detected(text: string, file: string): Delimiter {
  const found = detectDelimiter(text);
  if ("delimiter" in found) return found.delimiter;
  // " record_id ,\tname": as many commas as tabs, but only one of them splits off a record_id column.
  const naming = found.tie.filter((d) => firstRecord(text, d)?.fields.some((name) => isRecordIdName(name)));
  if (naming.length === 1 && naming[0] !== undefined) return naming[0];
  const [a = ",", b = ";"] = found.tie;
  throw new RosterError(
    { file },
    `the header line has as many ${DELIMITER_NAME[a]}s as ${DELIMITER_NAME[b]}s, so which one separates the columns ` +
      `is unclear; say which with --delimiter ${DELIMITER_FLAG[a]} or --delimiter ${DELIMITER_FLAG[b]}`,
  );
}

function firstRecord(text: string, delimiter: Delimiter): CsvRecord | undefined {
  for (const record of csvRecords(text, delimiter))
    if (record.fields.some((field) => field.trim() !== "")) return record;
  return undefined;
}

/** A `--delimiter` that the header line does not use would read every line as one column. */
function checkGivenDelimiter(text: string, given: Delimiter, file: string): void {
  const counts = countOnHeaderLine(text);
  if ((counts.get(given) ?? 0) > 0) return;
  const found = detectDelimiter(text);
  if (!("delimiter" in found) || (counts.get(found.delimiter) ?? 0) === 0) return;
  throw new RosterError(
    { file },
    `--delimiter ${DELIMITER_FLAG[given]} was given, but the header line has no ${DELIMITER_NAME[given]}; ` +
      `it is separated by ${DELIMITER_NAME[found.delimiter]}s. Leave --delimiter out, or give --delimiter ${DELIMITER_FLAG[found.delimiter]}`,
  );
}

function toRow(record: CsvRecord, row: number, names: readonly string[], delimiter: Delimiter): RosterRow {
  // fromEntries, not assignment: a column named "__proto__" must stay an ordinary field.
  const fields: Readonly<Record<string, string>> = Object.fromEntries(
    names.flatMap((name, index) =>
      name === "" ? [] : [[name, (record.fields[index] ?? "").normalize("NFC")]],
    ),
  );
  const problems: RowProblem[] = [];
  const problem = (column: string | undefined, message: string, line = record.line): void => {
    problems.push({ line, column, message });
  };

  const quote = record.quoteProblem;
  const misshapen = quote !== undefined || record.fields.length !== names.length;
  if (quote !== undefined) {
    problem(names[quote.field] || undefined, quote.message, quote.line);
  } else if (record.fields.length !== names.length) {
    problem(
      undefined,
      `this row has ${record.fields.length} values but the header has ${names.length} columns; ` +
        `a value that contains a ${DELIMITER_NAME[delimiter]} must be in double quotes`,
    );
  }

  // REDCap trims record names on import, so " 0042 " is record 0042; inner spaces are kept as they are.
  const recordId = (fields[RECORD_ID] ?? "").trim();
  if (recordId === "")
    problem(RECORD_ID, "record_id is empty: every row needs the participant's REDCap record ID");
  const base = { row, line: record.line, recordId, fields, problems };

  // In a misshapen row the values may sit under the wrong column: read none of them, or a shifted value
  // could pass for an unknown instrument and stop the whole run instead of failing this one row.
  if (misshapen) {
    return {
      ...base,
      instruments: undefined,
      event: undefined,
      repeatInstance: undefined,
      language: undefined,
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

  return {
    ...base,
    instruments: instruments.length === 0 ? undefined : instruments,
    event: optional(fields.event),
    repeatInstance,
    language: optional(fields.language),
  };
}

function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}
