import { RosterError } from "../errors.js";
import { type CsvRecord, csvRecords, type Delimiter } from "./csv-records.js";
import {
  countOnHeaderLine,
  DELIMITER_FLAG,
  DELIMITER_NAME,
  detectDelimiter,
  excelSeparatorLine,
} from "./delimiter.js";
import { isRecordIdName } from "./roster-header.js";

/**
 * The text to read and its delimiter: `--delimiter`, else Excel's "sep=;" line, else the header line's.
 * The "sep=;" line becomes a blank line, so every other line keeps its number.
 */
export function chooseDelimiter(
  decoded: string,
  file: string,
  given: Delimiter | undefined,
): { text: string; delimiter: Delimiter } {
  const sep = excelSeparatorLine(decoded);
  const text = sep === undefined ? decoded : decoded.replace(/^[^\r\n]*/, "");
  if (given !== undefined) checkGivenDelimiter(text, given, file);
  return { text, delimiter: given ?? sep ?? detected(text, file) };
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
