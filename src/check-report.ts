// What the check before the first code found, as one report: the set-up findings that stop the run
// and the rows that will fail (the batch would go on without them). It is rendered here and nowhere
// else, so a run that stops and a dry run say the same things in the same words. Pure: data in, text out.

/** One thing wrong with the set-up, with the roster lines it concerns (none: a flag or the project). */
export interface Finding {
  readonly message: string;
  /** Roster lines concerned (empty when it comes from a flag or the project as a whole). */
  readonly lines: readonly number[];
}

/**
 * Why a row will fail, by kind: the report groups the rows by it. "making": it failed later, while
 * its codes were fetched or its letter made (only a real run's summary has these).
 */
export type RowFailureKind =
  | "roster"
  | "duplicate"
  | "missing-record"
  | "other-arm"
  | "unprintable"
  | "making";

/** One roster row that will get no letter, and why. */
export interface RowFinding {
  readonly line: number;
  readonly recordId: string;
  readonly kind: RowFailureKind;
  /** The manifest's reason for this row. */
  readonly message: string;
}

export interface CheckReport {
  /** Findings that stop the run: any one would fail every letter it touches. */
  readonly setup: readonly Finding[];
  /** Rows that will fail, in roster order. */
  readonly rows: readonly RowFinding[];
}

/** Lines (or rows) shown of each finding; the rest are counted. */
export const SHOWN = 5;

const GROUPS: readonly (readonly [RowFailureKind, string])[] = [
  ["roster", "rows the roster itself gets wrong"],
  ["duplicate", "duplicate rows"],
  ["missing-record", "records that do not exist in this REDCap project"],
  ["other-arm", "records in another arm than their event's"],
  ["unprintable", "rows whose values the letter cannot print"],
  ["making", "rows that failed while their codes were fetched or their letters made"],
];

export interface RowGroup {
  readonly kind: RowFailureKind;
  readonly heading: string;
  readonly rows: readonly RowFinding[];
}

/** The rows that will fail, grouped by kind in a fixed order; empty groups left out. */
export function groupRows(rows: readonly RowFinding[]): RowGroup[] {
  const sorted = [...rows].sort((a, b) => a.line - b.line);
  return GROUPS.map(([kind, heading]) => ({
    kind,
    heading,
    rows: sorted.filter((r) => r.kind === kind),
  })).filter((group) => group.rows.length > 0);
}

/** " (roster lines 2, 3, 4, 5, 6 and 7 more)", or "" for none. */
export function formatLines(lines: readonly number[]): string {
  if (lines.length === 0) return "";
  const shown = lines.slice(0, SHOWN).join(", ");
  const more = lines.length > SHOWN ? ` and ${lines.length - SHOWN} more` : "";
  return ` (roster line${lines.length === 1 ? "" : "s"} ${shown}${more})`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The whole report: what stops the run first, then the rows that would fail, each group counted. */
export function renderCheckReport(report: CheckReport): string {
  const { setup, rows } = report;
  const found = [
    ...(setup.length > 0 ? [`${plural(setup.length, "problem")} to fix`] : []),
    ...(rows.length > 0 ? [`${plural(rows.length, "row")} that would fail`] : []),
  ];
  const text = [`The check before fetching codes found ${found.join(" and ") || "nothing wrong"}.`];
  if (setup.length > 0) {
    text.push("Stops the run (no letter was made; each of these would fail every letter it touches):");
    // A finding of several lines (a template's own list of problems) stays under its bullet.
    for (const f of setup) text.push(`  - ${f.message.replaceAll("\n", "\n    ")}${formatLines(f.lines)}`);
  }
  if (rows.length > 0) text.push(...renderRowFailures(rows, wouldFail(rows.length)));
  return text.join("\n");
}

/** The heading of the rows a run would go on without. */
export const wouldFail = (count: number): string =>
  `Rows that would fail (the batch goes on without them; ${plural(count, "row")}):`;

/** Rows that fail, grouped under `heading`: each group with its count, its first rows with their reasons. */
export function renderRowFailures(rows: readonly RowFinding[], heading: string): string[] {
  const text = [heading];
  for (const group of groupRows(rows)) {
    text.push(`  - ${group.heading}: ${plural(group.rows.length, "row")}`);
    for (const row of group.rows.slice(0, SHOWN)) {
      const record = row.recordId === "" ? "no record id" : `record ${row.recordId}`;
      text.push(`      roster line ${row.line} (${record}): ${row.message}`);
    }
    if (group.rows.length > SHOWN) text.push(`      … and ${group.rows.length - SHOWN} more`);
  }
  return text;
}
