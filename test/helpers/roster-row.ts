import type { RosterRow } from "../../src/types.js";

/** A roster row as the reader makes it: data row `n` on line n + 1, no optional columns. */
export function rosterRow(n: number, recordId: string, extra: Partial<RosterRow> = {}): RosterRow {
  return {
    row: n,
    line: n + 1,
    recordId,
    instruments: undefined,
    event: undefined,
    repeatInstance: undefined,
    language: undefined,
    fields: { record_id: recordId },
    problems: [],
    ...extra,
  };
}
