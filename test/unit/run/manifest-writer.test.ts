import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { ManifestWriter } from "../../../src/run/folder/manifest-writer.js";
import type { LetterPlan, RowOutcome } from "../../../src/types.js";
import { VirtualClock } from "../../helpers/virtual-clock.js";

const outcome = (row: number, status: RowOutcome["status"], error = ""): RowOutcome => ({
  row,
  line: row + 1,
  recordId: String(row),
  instrument: "s",
  event: "",
  repeatInstance: "1",
  status,
  file: status === "ok" ? `letters/${row}--s.pdf` : "",
  error,
  printFile: "",
});

async function statuses(path: string): Promise<string[]> {
  const rows = parse(await readFile(path), { columns: true }) as Record<string, string>[];
  return rows.map((r) => `${r.record_id}:${r.status}:${r.print_file}`);
}

describe("ManifestWriter", () => {
  it("writes at once, then at most every interval, and everything on flush", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "rp-mw-")), "manifest.csv");
    const clock = new VirtualClock();
    const writer = new ManifestWriter(
      path,
      [outcome(1, "failed", "not made yet"), outcome(2, "failed", "not made yet")],
      clock,
      1000,
    );
    await writer.flush();
    expect(await statuses(path)).toEqual(["1:failed:", "2:failed:"]);

    writer.update(outcome(1, "ok"));
    await writer.flush();
    writer.update(outcome(2, "ok"));
    await new Promise((r) => setTimeout(r, 20));
    // Within the interval: the second row is not on disk yet.
    expect(await statuses(path)).toEqual(["1:ok:", "2:failed:"]);

    writer.markPrinted([1, 2], "print/p.pdf");
    await writer.flush();
    expect(await statuses(path)).toEqual(["1:ok:print/p.pdf", "2:ok:print/p.pdf"]);
  });

  it("spaces its writes by twenty times the last write's time, when that is longer than the interval", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "rp-mw-")), "manifest.csv");
    // A clock that moves 100 ms each time it is read: each write seems to take 100 ms.
    let now = 0;
    const clock = { now: () => (now += 100), sleep: async () => {} };
    const writer = new ManifestWriter(path, [outcome(1, "failed", "not made yet")], clock, 1000);
    await writer.flush();
    // 1.7 s later by that clock: past the 1 s interval, within 20 × 100 ms.
    for (let i = 0; i < 15; i++) writer.update(outcome(1, "skipped", "x"));
    await new Promise((r) => setTimeout(r, 20));
    expect(await statuses(path)).toEqual(["1:failed:"]);
    writer.update(outcome(1, "skipped", "x"));
    writer.update(outcome(1, "skipped", "x"));
    writer.update(outcome(1, "ok")); // 2 s after the last write: written
    await new Promise((r) => setTimeout(r, 20));
    expect(await statuses(path)).toEqual(["1:ok:"]);
  });
});

describe("ManifestWriter with the run's letters to make", () => {
  const letter = (row: number): LetterPlan => ({
    row,
    line: row + 1,
    recordId: `R${row}`,
    surveys: [{ recordId: `R${row}`, instrument: "s", event: undefined, repeatInstance: 1 }],
    language: undefined,
    fields: {},
    file: `letters/R${row}--s.pdf`,
  });

  async function lines(path: string): Promise<string[]> {
    const rows = parse(await readFile(path), { columns: true }) as Record<string, string>[];
    return rows.map((r) => [r.row, r.record_id, r.status, r.file, r.error, r.print_file].join("|"));
  }

  it("writes each letter's line from the letter: not made yet, made, printed; outcomes of their own as given", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "rp-mw-")), "manifest.csv");
    const pending = { letters: [letter(4), letter(2), letter(3)], reason: "not made: the run ended" };
    const writer = new ManifestWriter(
      path,
      [outcome(1, "skipped", "not selected")],
      new VirtualClock(),
      1000,
      pending,
    );
    await writer.flush();
    expect(await lines(path)).toEqual([
      "1|1|skipped||not selected|",
      "2|R2|failed||not made: the run ended|",
      "3|R3|failed||not made: the run ended|",
      "4|R4|failed||not made: the run ended|",
    ]);

    writer.update({ ...outcome(2, "ok"), recordId: "R2", file: "letters/R2--s.pdf" });
    writer.update({ ...outcome(3, "failed", "REDCap said no"), recordId: "R3" });
    writer.update({ ...outcome(4, "ok"), recordId: "R4", file: "letters/R4--s.pdf" });
    writer.markPrinted([2, 4], "print/p.pdf");
    await writer.flush();
    expect(await lines(path)).toEqual([
      "1|1|skipped||not selected|",
      "2|R2|ok|letters/R2--s.pdf||print/p.pdf",
      "3|R3|failed||REDCap said no|",
      "4|R4|ok|letters/R4--s.pdf||print/p.pdf",
    ]);
    expect(writer.outcomes.map((o) => `${o.row}:${o.status}:${o.instrument}:${o.repeatInstance}`)).toEqual([
      "1:skipped:s:1",
      "2:ok:s:1",
      "3:failed:s:1",
      "4:ok:s:1",
    ]);
  });
});
