import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resumeUrl } from "../../src/links.js";
import { packagePath } from "../../src/paths.js";
import {
  parseProject,
  pickDisplayToken,
  type RunningSimulator,
  startSimulator,
} from "../../src/simulator/index.js";
import { PRINT_QR_DPI } from "../helpers/demo.js";
import { pdfPageSizes, pdfQrCodes } from "../helpers/pdf.js";
import { runBuiltCli, tempDir } from "../helpers/run-cli.js";

// A real-time run against a server whose ban threshold is just above the client's budget: pressed
// against the budget, the client must never trip it. (How much of the budget a run uses is a speed
// figure: the benchmark measures it, goal ≥ 95 %, and the client's window is held to the exact
// millisecond under a virtual clock in test/integration/redcap/secrets-and-window.test.ts.)
// The window is scaled down (5 s instead of 60 s) so the test takes seconds, not minutes. Not
// further: the client keeps an arrival guard of 2 % of the window between a request and the one a
// window's budget later (1.2 s at REDCap's 60 s), and the server stamps arrivals with its own clock,
// which on a loaded machine lags the client's by tens of milliseconds. At 2 s the guard was 40 ms, and
// a test machine at load 7 saw the server count two requests too many in a window (a ban) in one run
// of three; at 5 s it is 100 ms. The pace is the same (10 requests every half second), so the run
// still crosses a window's edge at full budget.

const BUDGET = { count: 100, windowMs: 5_000 };
const ROWS = 60;

let sim: RunningSimulator;
let token: string;

beforeAll(async () => {
  const demo = JSON.parse(await readFile(packagePath("fixtures", "demo-project.json"), "utf8")) as {
    records: { id: string }[];
  };
  const extra = Array.from({ length: ROWS }, (_, i) => ({ id: `L${String(i + 1).padStart(3, "0")}` }));
  const project = parseProject({ ...demo, records: [...demo.records, ...extra] }, "long-run project");
  sim = await startSimulator({
    project,
    port: 0,
    latencyMs: 10,
    latencyJitterMs: 15,
    ban: { count: BUDGET.count + 1, windowMs: BUDGET.windowMs },
  });
  token = pickDisplayToken(project);
});
afterAll(async () => {
  await sim.close();
});

describe("a long run at the edge of the ban threshold", () => {
  it("never trips the ban while pressed against the budget", async () => {
    const dir = await tempDir("long-run");
    const roster = join(dir, "roster.csv");
    const ids = Array.from({ length: ROWS }, (_, i) => `L${String(i + 1).padStart(3, "0")}`);
    await writeFile(
      roster,
      [
        "record_id,first_name,last_name,address_1,city,state,postal_code",
        ...ids.map((id) => `${id},A,B,1 Main St,Miami,FL,33135`),
      ].join("\n"),
    );
    const args = ["generate", "--roster", roster, "--api-url", sim.apiUrl, "--instrument", "baseline_survey"];
    const rate = `${BUDGET.count}/${BUDGET.windowMs / 1000}s`;
    const result = await runBuiltCli(
      [...args, "--out", join(dir, "run"), "--rate-limit", rate, "--concurrency", "8"],
      {
        env: { REDCAP_API_TOKEN: token },
      },
    );

    // (It warns that 100/5s would exceed a real server's default 600/min: true, and wanted here.)
    expect(result.stderr).not.toMatch(/error|banned|429/i);
    expect(result.code).toBe(0);
    expect(sim.bans.bannedIps).toEqual([]);
    const requests = sim.stats.total;
    expect(requests).toBeGreaterThanOrEqual(ROWS * 3);
    // The server's own count never reaches its threshold. (It may see one more than the client's
    // budget: the server stamps arrivals with its own clock, and on a loaded test machine that can lag
    // by more than the arrival guard, which is 2 % of the window — 100 ms at this 5 s scale, 1.2 s at
    // REDCap's 60 s. That one request is what the margin between budget and threshold is for.)
    expect(sim.stats.maxInWindow(BUDGET.windowMs)).toBeLessThanOrEqual(BUDGET.count + 1);
    // Pressed against the budget, or "never banned" would prove little: at least half the rate it
    // allows, over the whole run. Only a floor, far under what the client reaches (99 % on an
    // idle machine): a loaded test machine starves the client's rendering, and a tighter figure failed
    // there (73–87 % at load 8–10) for reasons that are not the client's.
    const times = sim.stats.timestamps;
    const took = (times.at(-1) ?? 0) - (times[0] ?? 0);
    expect((requests - 1) / took).toBeGreaterThanOrEqual((0.5 * BUDGET.count) / BUDGET.windowMs);

    // Paced and eight at a time, each letter still carries its own record's link. The print file
    // (one, in roster order) has a page per row; reading all 60 takes ~4 s even at 72 dpi on an idle
    // machine (10 s on a busy one), so these pages are read: the first nine (eight rows fetched at
    // once, then the first to wait for a free worker) and the last (the run's end, at full budget).
    const [printFile, ...others] = await readdir(join(dir, "run", "print"));
    expect(others).toEqual([]);
    const pdf = await readFile(join(dir, "run", "print", printFile ?? ""));
    expect(await pdfPageSizes(pdf)).toHaveLength(ROWS);
    const pages = [0, 1, 2, 3, 4, 5, 6, 7, 8, ROWS - 1];
    const expected = pages.map((page) => {
      const ref = {
        recordId: ids[page] ?? "",
        instrument: "baseline_survey",
        event: undefined,
        repeatInstance: 1,
      };
      const codes = sim.codesFor(ref);
      return resumeUrl(codes.surveyLink, codes.returnCode);
    });
    expect(await pdfQrCodes(pdf, PRINT_QR_DPI, pages)).toEqual(expected.map((url) => [url]));
  });
});
