import { stringify } from "csv-stringify/sync";
import type { RowOutcome } from "../../types.js";

// The manifest is what a coordinator opens after a run: one line per roster row, in roster order.
// It never holds a code, a link or a name: only ids, survey names, status and the reason in words.

export const MANIFEST_COLUMNS = [
  "row",
  "record_id",
  "instrument",
  "event",
  "repeat_instance",
  "status",
  "file",
  "error",
  "line",
  "print_file",
] as const;

export function manifestCsv(outcomes: readonly RowOutcome[]): string {
  const sorted = [...outcomes].sort((a, b) => a.row - b.row);
  const records = sorted.map((o) => [
    String(o.row),
    o.recordId,
    o.instrument,
    o.event,
    o.repeatInstance,
    o.status,
    o.file,
    o.error,
    String(o.line),
    o.printFile,
  ]);
  // A leading "=", "+", "-" or "@" would make a spreadsheet run the cell as a formula (OWASP CSV injection).
  const safe = records.map((cells) => cells.map(neutralizeFormula));
  return stringify([[...MANIFEST_COLUMNS], ...safe], { record_delimiter: "unix" });
}

function neutralizeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
