import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { RowOutcome } from "../../types.js";
import { cellFromSpreadsheet, spreadsheetCell } from "./csv-cells.js";

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
  return [...manifestChunks(outcomes)].join("");
}

/**
 * The manifest a few hundred lines at a time, in roster order: at 50,000 rows one string of it (with
 * a list of cells per row) would be tens of MiB. (A run's writer, which rewrites it whole as rows
 * finish, gives its rows in order already: `orderedManifestChunks`.)
 */
export function manifestChunks(outcomes: readonly RowOutcome[], linesPerChunk = 500): Generator<string> {
  return orderedManifestChunks(
    [...outcomes].sort((a, b) => a.row - b.row),
    linesPerChunk,
  );
}

/** The same from outcomes already in roster order, each read only when its chunk is written. */
export function* orderedManifestChunks(
  outcomes: Iterable<RowOutcome>,
  linesPerChunk = 500,
): Generator<string> {
  const csv = (records: string[][]) => stringify(records, { record_delimiter: "unix" });
  yield csv([[...MANIFEST_COLUMNS]]);
  let lines: string[][] = [];
  for (const outcome of outcomes) {
    lines.push(cellsOf(outcome));
    if (lines.length === linesPerChunk) {
      yield csv(lines);
      lines = [];
    }
  }
  if (lines.length > 0) yield csv(lines);
}

function cellsOf(o: RowOutcome): string[] {
  const cells = [
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
  ];
  return cells.map(spreadsheetCell);
}

/** One row's identity across runs: its record, surveys, event and instance (row numbers shift). */
export function manifestKey(
  o: Pick<RowOutcome, "recordId" | "instrument" | "event" | "repeatInstance">,
): string {
  return JSON.stringify([o.recordId, o.instrument, o.event, o.repeatInstance]);
}

/** An earlier manifest's rows by manifestKey; empty when there is none or it cannot be read. */
export async function readManifest(path: string): Promise<Map<string, RowOutcome>> {
  let rows: Record<string, string>[];
  try {
    rows = parse(await readFile(path), { columns: true, skip_records_with_error: true }) as Record<
      string,
      string
    >[];
  } catch {
    return new Map();
  }
  const found = new Map<string, RowOutcome>();
  for (const written of rows) {
    const r = Object.fromEntries(Object.entries(written).map(([k, v]) => [k, cellFromSpreadsheet(v)]));
    const status = r.status;
    if (status !== "ok" && status !== "skipped" && status !== "failed") continue;
    const outcome: RowOutcome = {
      row: Number(r.row),
      line: Number(r.line),
      recordId: r.record_id ?? "",
      instrument: r.instrument ?? "",
      event: r.event ?? "",
      repeatInstance: r.repeat_instance ?? "",
      status,
      file: r.file ?? "",
      error: r.error ?? "",
      printFile: r.print_file ?? "",
    };
    found.set(manifestKey(outcome), outcome);
  }
  return found;
}
