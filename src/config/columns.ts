import { echo, type ProblemList } from "./problems.js";
import type { Found } from "./setting-values.js";

// `--columns postal_code=zip`: the letter template names its values (postal_code, address_1), while a
// roster exported from REDCap names them after the project's fields (zip, street). A mapping lets the
// bundled template read such a roster without renaming its columns in a spreadsheet.

/** One name the template uses, and the roster column that holds its value. */
export interface ColumnMapping {
  /** The name as the template writes it: `{{postal_code}}`, `address.required`. */
  readonly name: string;
  /** The roster's own column header. */
  readonly column: string;
}

/**
 * Columns redcap-packets reads itself, whatever the template says (see parse-roster.ts). Mapping one
 * would change only what the letter prints, not which record, survey, event or language the row gets:
 * a coordinator who maps `record_id=participant_id` expects the codes of participant_id's records.
 */
export const RESERVED_COLUMNS: Readonly<Record<string, string>> = {
  record_id: "the REDCap record whose codes are fetched",
  instrument: "the surveys in the row's packet",
  event: "the row's REDCap event",
  repeat_instance: "the row's repeat instance",
  language: "the language of the row's letter",
};

const EXAMPLE = "e.g. postal_code=zip";
const SHAPE = `expected NAME=COLUMN, the template's name then the roster's column, ${EXAMPLE}`;

/** Placeholders the letter fills itself (see templates/README.md); a mapping to them would be ignored. */
const FILLED_BY_THE_TOOL = ["date", "project_title", "survey_title", "page", "pages"];

type Parsed = { ok: true; value: ColumnMapping } | { ok: false; message: string };

/** `--columns` (`a=b,c=d`) or the config file's `columns` (that text, or `{ "a": "b" }`) → the mappings. */
export function columnsOf(found: Found | undefined, problems: ProblemList): readonly ColumnMapping[] {
  if (found === undefined) return [];
  const candidates = candidatesOf(found.value);
  if (candidates === undefined) {
    problems.add(found.source, "needs a value");
    return [];
  }
  if (candidates.length === 0 && typeof found.value === "string") {
    problems.add(found.source, `names no column; expected NAME=COLUMN[,NAME=COLUMN…], ${EXAMPLE}`);
    return [];
  }
  const mappings: ColumnMapping[] = [];
  for (const candidate of candidates) {
    if (candidate.ok) mappings.push(candidate.value);
    else problems.add(found.source, candidate.message);
  }
  const { unique, twice } = withoutRepeats(mappings);
  for (const message of twice) problems.add(found.source, message);
  return unique;
}

function candidatesOf(value: unknown): Parsed[] | undefined {
  if (typeof value === "string") {
    return value
      .split(",")
      .filter((pair) => pair.trim() !== "")
      .map(parsePair);
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return Object.entries(value).map(([name, column]) =>
      typeof column === "string"
        ? checkMapping(name, column, `${name}=${column}`)
        : {
            ok: false,
            message: `${echo(name)} must map to a roster column name in quotes, received ${echo(column)}`,
          },
    );
  }
  return undefined;
}

function parsePair(pair: string): Parsed {
  const text = pair.trim();
  const parts = text.split("=");
  if (parts.length === 1) return { ok: false, message: `${echo(text)} has no "="; ${SHAPE}` };
  if (parts.length > 2) return { ok: false, message: `${echo(text)} has more than one "="; ${SHAPE}` };
  return checkMapping(parts[0] ?? "", parts[1] ?? "", text);
}

function checkMapping(rawName: string, rawColumn: string, typed: string): Parsed {
  // NFC and trimmed, as the roster reader stores its column names.
  const name = rawName.normalize("NFC").trim();
  const column = rawColumn.normalize("NFC").trim();
  const fail = (message: string): Parsed => ({ ok: false, message });
  if (name === "") return fail(`${echo(typed)} has no template name before the "="; ${SHAPE}`);
  if (column === "") return fail(`${echo(typed)} has no roster column after the "="; ${SHAPE}`);
  if (/[{}]/.test(name) || /[{}]/.test(column))
    return fail(`${echo(typed)}: write the names without {{ }}, ${EXAMPLE}`);
  // Own keys only: "constructor" or "__proto__" are column names like any other, not Object's.
  const purpose = Object.hasOwn(RESERVED_COLUMNS, name) ? RESERVED_COLUMNS[name] : undefined;
  if (purpose !== undefined && name !== column) {
    return fail(
      `${name} cannot be mapped: redcap-packets reads the roster's ${name} column itself (${purpose}), ` +
        `so a mapping would change only what the letter prints; rename the roster's column to ${name} instead`,
    );
  }
  if (FILLED_BY_THE_TOOL.includes(name)) {
    return fail(
      `${name} cannot be mapped: the letters fill {{${name}}} themselves; ` +
        "use another name for the roster's column in the template, e.g. {{visit_date}}",
    );
  }
  return { ok: true, value: { name, column } };
}

/** The same mapping twice is harmless; one name from two columns is ambiguous. */
function withoutRepeats(mappings: readonly ColumnMapping[]): { unique: ColumnMapping[]; twice: string[] } {
  const byName = new Map<string, ColumnMapping>();
  const twice: string[] = [];
  for (const mapping of mappings) {
    const earlier = byName.get(mapping.name);
    if (earlier === undefined) byName.set(mapping.name, mapping);
    else if (earlier.column !== mapping.column) {
      twice.push(
        `${mapping.name} is given twice (${mapping.name}=${earlier.column} and ${mapping.name}=${mapping.column}); ` +
          "each name the template uses takes its value from one roster column",
      );
    }
  }
  return { unique: [...byName.values()], twice };
}
