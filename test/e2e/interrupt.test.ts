import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { baselineResume, generateDemo, LETTER_QR_DPI, lettersMade, startDemo } from "../helpers/demo.js";
import { pdfQrCodes, pdfText } from "../helpers/pdf.js";
import { printFileQrCodes } from "../helpers/printed.js";
import { tempDir } from "../helpers/run-cli.js";

// Ctrl-C or a crash in the middle of a mailing: nothing is left half-written, the manifest says
// what was made, and the same command then finishes the job, printing every letter.

async function manifest(out: string): Promise<Record<string, string>[]> {
  return parse(await readFile(join(out, "manifest.csv")), { columns: true }) as Record<string, string>[];
}

// The runs that are stopped keep the default pace (not the tests' faster one), so the letters after
// the first ones take seconds: time for the signal to land mid-run on a busy machine.
const SLOW = ["--concurrency", "1", "--rate-limit", "300/60s"];

describe("Ctrl-C during a run", () => {
  it("stops cleanly, prints what it made, writes the manifest, and a second run finishes the job", async () => {
    const demo = await startDemo({ latencyMs: 150 });
    try {
      const out = join(await tempDir("interrupt"), "run");
      const first = await generateDemo(demo, out, SLOW, {
        onStart: (child) => void lettersMade(out).then(() => child.kill("SIGINT")),
      });
      expect(first.stderr).toContain("Stopping after the letters in progress");
      expect(first.code).toBe(1);
      const rows = await manifest(out);
      expect(rows).toHaveLength(14);
      const ok = rows.filter((r) => r.status === "ok").length;
      expect(ok).toBeGreaterThan(0);
      expect(ok).toBeLessThan(14);
      const notMade = rows.filter((r) => r.status === "failed");
      expect(notMade.every((r) => r.error === "not made: the run was interrupted before this row")).toBe(
        true,
      );
      const letters = await readdir(join(out, "letters"));
      expect(letters.filter((f) => f.endsWith(".tmp"))).toEqual([]);
      expect(letters).toHaveLength(ok);
      expect(await readdir(out)).not.toContain(".redcap-packets.lock");
      // What was made before the stop went to a print file of its own, each letter its own link.
      const madeFirst = rows.filter((r) => r.status === "ok");
      const firstPrint = madeFirst[0]?.print_file ?? "";
      expect(madeFirst.every((r) => r.print_file === firstPrint)).toBe(true);
      expect(await printFileQrCodes(out)).toEqual(
        new Map([[firstPrint, madeFirst.map((r) => baselineResume(demo, r.record_id ?? ""))]]),
      );

      const second = await generateDemo(demo, out, ["--concurrency", "4"]);
      expect(second.code).toBe(0);
      const after = await manifest(out);
      const madeNow = after.filter((r) => r.status === "ok");
      expect(madeNow).toHaveLength(14 - ok);
      expect(after.filter((r) => r.status === "skipped")).toHaveLength(ok);
      // The second print file holds exactly the letters the first run did not make.
      const secondPrint = madeNow[0]?.print_file ?? "";
      const printed = (await pdfQrCodes(await readFile(join(out, secondPrint)), LETTER_QR_DPI)).flat();
      expect(printed).toEqual(madeNow.map((r) => baselineResume(demo, r.record_id ?? "")));
    } finally {
      await demo.sim.close();
    }
  });

  it("after a hard kill, a second run prints the letters that were made but never printed", async () => {
    const demo = await startDemo({ latencyMs: 150 });
    try {
      const out = join(await tempDir("killed"), "run");
      const killed = await generateDemo(demo, out, SLOW, {
        onStart: (child) => void lettersMade(out, 2).then(() => child.kill("SIGKILL")),
      });
      expect(killed.code).toBeNull();
      // The manifest was on disk from the start: it accounts for every row.
      expect(await manifest(out)).toHaveLength(14);
      const madeBefore = (await readdir(join(out, "letters"))).filter((f) => f.endsWith(".pdf"));
      expect(madeBefore.length).toBeGreaterThanOrEqual(2);
      expect(await readdir(join(out, "print")).catch(() => [])).toEqual([]);
      // Each letter made before the kill is whole and carries its participant's link.
      for (const file of madeBefore) {
        const qrs = (await pdfQrCodes(await readFile(join(out, "letters", file)), LETTER_QR_DPI)).flat();
        expect(qrs, file).toEqual([baselineResume(demo, file.split("--")[0] ?? "")]);
      }

      const second = await generateDemo(demo, out);
      expect(second.code).toBe(0);
      // Every letter is in a print file now, the ones made before the kill included.
      expect((await manifest(out)).every((r) => r.status === "ok" && r.print_file !== "")).toBe(true);
      const [printFile] = await readdir(join(out, "print"));
      const printed = (
        await pdfQrCodes(await readFile(join(out, "print", printFile ?? "")), LETTER_QR_DPI)
      ).flat();
      const all = (await manifest(out)).map((r) => baselineResume(demo, r.record_id ?? ""));
      expect(printed).toEqual(all);
      // Never printed before, so not a replacement: no "replaces" note on the letters made again.
      const first = await readFile(join(out, "letters", madeBefore[0] ?? ""));
      expect((await pdfText(first)).join(" ")).not.toContain("replaces one");
    } finally {
      await demo.sim.close();
    }
  });
});
