import type { CsvRecord } from "./csv-records.js";

export const RECORD_ID = "record_id";

/** What the header line says; `problems` stop the run (the roster cannot be read as intended). */
export interface HeaderCheck {
  /** One name per field position; "" where the header cell is empty. */
  readonly names: readonly string[];
  readonly problems: readonly string[];
}

// Names people give the record id column when it is not `record_id` (REDCap's label export writes "Record ID").
const NEAR_RECORD_ID = new Set(["recordid", "record", "id", "studyid", "participantid", "subjectid"]);

const squash = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, "");

export function checkHeader(header: CsvRecord, data: readonly CsvRecord[]): HeaderCheck {
  const names = header.fields.map((field) => field.normalize("NFC").trim());
  const problems: string[] = [];

  if (header.quoteProblem !== undefined)
    problems.push(`the header line is not valid CSV: ${header.quoteProblem.message}`);

  const positions = new Map<string, number[]>();
  names.forEach((name, index) => {
    if (name !== "") positions.set(name, [...(positions.get(name) ?? []), index + 1]);
  });
  for (const [name, at] of positions) {
    if (at.length > 1) {
      problems.push(
        `the column name "${name}" appears ${at.length} times (columns ${at.join(", ")}); every column needs its own name`,
      );
    }
  }

  if (!positions.has(RECORD_ID)) problems.push(missingRecordId(names));

  names.forEach((name, index) => {
    if (name !== "") return;
    const used = data.find((record) => (record.fields[index] ?? "").trim() !== "");
    if (used !== undefined) {
      problems.push(
        `column ${index + 1} has no name in the header but has values (first on line ${used.line}); give it a name or delete it`,
      );
    }
  });
  return { names, problems };
}

function missingRecordId(names: readonly string[]): string {
  const found = names.filter((name) => name !== "");
  const listed =
    found.length === 0 ? "no column names" : `the columns ${found.map((n) => `"${n}"`).join(", ")}`;
  const first = found[0] ?? "";
  if (/^\d+$/.test(first)) {
    return `there is no header line: the first line looks like data ("${first}"). Add a first line naming the columns, starting with record_id`;
  }
  const near = found.find((name) => NEAR_RECORD_ID.has(squash(name)));
  const hint =
    near === undefined
      ? "Name the column that holds the REDCap record IDs record_id"
      : `Did you mean "${near}"? Rename that column to record_id (exactly, in lowercase)`;
  return `there is no record_id column (expected a column named exactly record_id; found ${listed}). ${hint}`;
}
