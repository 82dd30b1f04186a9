import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { ManifestWriter } from "../../../src/run/folder/manifest-writer.js";
import type { RowOutcome } from "../../../src/types.js";
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
