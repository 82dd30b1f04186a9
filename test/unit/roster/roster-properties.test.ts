import { parse as csvParse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitCsvRecords } from "../../../src/roster/csv-records.js";
import { parseRoster } from "../../../src/roster/parse-roster.js";
import { isRecordIdName } from "../../../src/roster/roster-header.js";
import { cleanValue } from "../../../src/roster/roster-values.js";

const RESERVED = new Set(["record_id", "instrument", "event", "repeat_instance", "language"]);

function quote(cell: string, always: boolean, delimiter = ","): string {
  const special = /["\r\n]/.test(cell) || cell.includes(delimiter) || cell.trim() !== cell;
  return always || special ? `"${cell.replaceAll('"', '""')}"` : cell;
}

const cellText = fc.string({ unit: "binary", maxLength: 12 });
// An id with a character nobody can see fails its row (row-problems.test.ts); here ids are printable.
const recordId = fc.oneof(
  fc.stringMatching(/^0{0,3}[0-9]{1,5}$/),
  fc.stringMatching(/^[0-9]+e[0-9]+$/),
  cellText.filter((s) => s.trim() !== "" && s.trim() === s && !/[\p{Cc}\p{Cf}]/u.test(s)),
);
const headerName = cellText
  .map((s) => s.normalize("NFC").trim())
  .filter((s) => s !== "" && !RESERVED.has(s) && !isRecordIdName(s) && !/[\u200B\u2060\uFEFF]/.test(s));

const roster = fc.uniqueArray(headerName, { minLength: 0, maxLength: 5 }).chain((extra) =>
  fc.record({
    columns: fc.constant(["record_id", ...extra]),
    rows: fc.array(
      fc.record({
        id: recordId,
        cells: fc.array(cellText, { minLength: extra.length, maxLength: extra.length }),
      }),
      { maxLength: 8 },
    ),
    eol: fc.constantFrom("\n", "\r\n", "\r"),
    bom: fc.boolean(),
    quoteAll: fc.boolean(),
    blankBefore: fc.array(fc.nat(2), { minLength: 9, maxLength: 9 }),
    finalEol: fc.boolean(),
  }),
);

const breaks = (text: string) => (text.match(/\r\n|\r|\n/g) ?? []).length;

describe("roster properties", () => {
  it("any roster written with proper CSV quoting parses back to the same values, on the right lines", () => {
    fc.assert(
      fc.property(roster, ({ columns, rows, eol, bom, quoteAll, blankBefore, finalEol }) => {
        let text = (bom ? "\uFEFF" : "") + columns.map((c) => quote(c, quoteAll)).join(",");
        const lines: number[] = [];
        rows.forEach((row, index) => {
          text += eol + eol.repeat(blankBefore[index] ?? 0);
          lines.push(breaks(text) + 1);
          text += [row.id, ...row.cells].map((c) => quote(c, quoteAll)).join(",");
        });
        if (finalEol) text += eol;

        const parsed = parseRoster(Buffer.from(text, "utf8"), "r.csv");
        expect(parsed.columns).toEqual(columns);
        // A row whose cells are all blank is not a participant: it is skipped like a blank line.
        const kept = rows
          .map((row, index) => ({ ...row, line: lines[index] }))
          .filter((row) => [row.id, ...row.cells].some((c) => c.trim() !== ""));
        expect(parsed.rows.map((r) => r.line)).toEqual(kept.map((r) => r.line));
        expect(parsed.rows.map((r) => r.recordId)).toEqual(kept.map((r) => r.id.normalize("NFC")));
        // Control and zero-width characters print as nothing: they are left out of every value but the id.
        expect(parsed.rows.map((r) => columns.map((c) => r.fields[c]))).toEqual(
          kept.map((r) => [r.id.normalize("NFC"), ...r.cells.map((c) => cleanValue(c.normalize("NFC")))]),
        );
        expect(parsed.rows.flatMap((r) => r.problems)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    [",", "comma"],
    [";", "semicolon"],
    ["\t", "tab"],
  ] as const)("splits well-formed CSV exactly as csv-parse does (%j, %s)", (delimiter, _name) => {
    // Cells with the delimiters, quotes and line breaks that make splitting hard.
    const cell = fc.oneof(
      cellText,
      fc.string({ unit: fc.constantFrom(",", ";", "\t", '"', "\n", "\r", "a", " ") }),
    );
    const table = fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(table, fc.constantFrom("\n", "\r\n"), fc.boolean(), (records, eol, quoteAll) => {
        const text =
          records.map((r) => r.map((c) => quote(c, quoteAll, delimiter)).join(delimiter)).join(eol) + eol;
        const ours = splitCsvRecords(text, delimiter).map((r) => r.fields);
        expect(ours).toEqual(csvParse(text, { delimiter, record_delimiter: eol, relax_column_count: true }));
      }),
      { numRuns: 300 },
    );
  });

  it("finds the delimiter of any roster written with proper quoting, and reads it back", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(",", ";", "\t"),
        fc.array(fc.array(cellText, { minLength: 2, maxLength: 2 }), { maxLength: 5 }),
        (delimiter, rows) => {
          const columns = ["record_id", "first_name", "city"];
          const lines = [
            columns.join(delimiter),
            ...rows.map((cells, k) =>
              [`${k + 1}`, ...cells].map((c) => quote(c, false, delimiter)).join(delimiter),
            ),
          ];
          const roster = parseRoster(`${lines.join("\n")}\n`, "r.csv");
          expect(roster.columns).toEqual(columns);
          const kept = rows.map((cells, k) => [
            `${k + 1}`,
            ...cells.map((c) => cleanValue(c.normalize("NFC"))),
          ]);
          expect(roster.rows.map((row) => columns.map((c) => row.fields[c]))).toEqual(kept);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary text once there is a record_id header", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (body) => {
        const parsed = parseRoster(`record_id,a,b\n${body}`, "r.csv");
        for (const row of parsed.rows) expect(row.line).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 500 },
    );
  });
});
