import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { BENCH_INSTRUMENT, benchIds } from "../../../src/bench/bench-project.js";
import type { GenerateRun } from "../../../src/bench/generate-run.js";
import { measureRequests } from "../../../src/bench/requests.js";
import { resumeUrl } from "../../../src/links.js";
import type { RunningSimulator } from "../../../src/simulator/index.js";
import { PRINT_QR_DPI } from "../../helpers/demo.js";
import { pdfInfo, pdfQrCodes } from "../../helpers/pdf.js";

// The benchmark's request counts, pinned: counts are the same on every machine (no timing here).
// A re-render costs no request because it draws the letters from the codes the run folder keeps;
// its print file is read back to prove those are each participant's own codes. The benchmark deletes
// its folders when it is done, so the test looks on from inside: every simulator it starts is kept,
// and the print file each re-render adds is read as it finishes.

/**
 * The letters read back of each re-render's 40 (one page each), by roster position: the first two
 * and the last (a shift by one, a reversed or a cut order), and one in the middle. All 40 at 72 dpi
 * cost about 3.5 s a print file, and the rows of a run are drawn alike.
 */
const READ = [0, 1, 20, 39];

const seen = vi.hoisted(() => ({
  sims: [] as RunningSimulator[],
  rerenders: [] as { sim: RunningSimulator | undefined; pages: number; printed: string[][] }[],
}));

vi.mock("../../../src/simulator/index.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../src/simulator/index.js")>();
  return {
    ...real,
    startSimulator: async (...args: Parameters<typeof real.startSimulator>) => {
      const sim = await real.startSimulator(...args);
      seen.sims.push(sim);
      return sim;
    },
  };
});

vi.mock("../../../src/bench/generate-run.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../src/bench/generate-run.js")>();
  const printFiles = async (out: string) =>
    (await readdir(join(out, "print")).catch(() => [])).filter((n) => n.endsWith(".pdf"));
  return {
    ...real,
    generateInProcess: async (run: GenerateRun, token: string, cwd: string) => {
      const before = new Set(await printFiles(run.out));
      await real.generateInProcess(run, token, cwd);
      if (!run.extra?.includes("--rerender")) return;
      const added = (await printFiles(run.out)).filter((n) => !before.has(n));
      if (added.length !== 1) throw new Error(`a re-render added ${added.length} print files, not one`);
      const pdf = await readFile(join(run.out, "print", added[0] ?? ""));
      const pages = (await pdfInfo(pdf)).pages;
      const printed = await pdfQrCodes(pdf, PRINT_QR_DPI, READ);
      // The re-render's server: the last one started (each measurement starts its own).
      seen.rerenders.push({ sim: seen.sims.at(-1), pages, printed });
    },
  };
});

describe("survey requests per letter, whole generate run", () => {
  it("about one for listed participants, three for the others, none for a re-render, whose letters read back carry their own participant's codes", async () => {
    const figures = await measureRequests(40);
    // 40 return codes, one participant list and one probe of the survey.
    expect(figures.mapped).toBeCloseTo((40 + 2) / 40, 5);
    expect(figures.mapped).toBeLessThanOrEqual(1.1);
    // 3 × 40, the list (which ties no one to a record here) and the probe.
    expect(figures.unmapped).toBeCloseTo((3 * 40 + 2) / 40, 5);
    expect(figures.rerender).toBe(0);

    // Each re-render's print file (the listed run's and the other's): the roster's 40 letters in order,
    // those read each with its own record's resume link from the server that gave the codes.
    expect(seen.rerenders).toHaveLength(2);
    const ids = benchIds(40);
    for (const { sim, pages, printed } of seen.rerenders) {
      if (sim === undefined) throw new Error("a re-render ran with no simulator started");
      expect(pages).toBe(40);
      const expected = READ.map((i) => {
        const codes = sim.codesFor({ recordId: ids[i] ?? "", instrument: BENCH_INSTRUMENT });
        return [resumeUrl(codes.surveyLink, codes.returnCode)];
      });
      expect(printed).toEqual(expected);
    }
  }, 60_000);
});
