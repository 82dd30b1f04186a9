// `npm run bench`: every figure of issue 7 measured in one run, printed section by section as each
// finishes. Prints absolute numbers and ratios; asserts nothing (machines differ, ratios should hold).
// `--quick` (or BENCH_QUICK=1): tiny sizes, every figure in well under a minute, for CI.

import { cpus, loadavg, totalmem } from "node:os";
import { measureBudget } from "./budget.js";
import { naiveRate, pipelineRate, type RateFigures } from "./letters-per-minute.js";
import { measurePeakRss, type RssFigure } from "./peak-rss.js";
import { measureRemake } from "./remake.js";
import { measureRender, type RenderResult } from "./render.js";
import { measureRequests } from "./requests.js";
import { type BenchSizes, benchSizes } from "./sizes.js";

const LABEL = 50;
/** REDCap's default ban: more than 600 requests from one address in any 60 s. */
const BAN_PER_MINUTE = 600;

function line(label: string, value: string, note = ""): string {
  return `  ${label.padEnd(LABEL)} ${value.padStart(10)}${note === "" ? "" : `  ${note}`}`;
}

/** The machine may be shared: a load above the core count slows every timed figure. */
function load(): string {
  return loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");
}

function print(...lines: string[]): void {
  process.stdout.write(`${lines.join("\n")}\n\n`);
}

/** The goal, and in full mode whether it was met (quick sizes are too small to judge). */
function goal(sizes: BenchSizes, text: string, met: boolean): string {
  return sizes.quick ? `(goal ${text})` : `(goal ${text}: ${met ? "met" : "NOT met"})`;
}

function perSecond(label: string, r: RenderResult): string {
  return line(
    label,
    r.lettersPerSecond.toFixed(1),
    `letters/s ${(r.bytesPerLetter / 1024).toFixed(1).padStart(6)} KB/letter`,
  );
}

async function render(sizes: BenchSizes): Promise<void> {
  const merged = sizes.renderLetters * 5;
  const r = await measureRender(sizes.renderLetters, merged, sizes.renderRounds);
  const kitShare = r.merged.lettersPerSecond / r.minimal.lettersPerSecond;
  print(
    `render (the median of ${sizes.renderRounds} interleaved round(s); ${sizes.renderLetters} letters per separate-file trial)`,
    perSecond("separate files, fonts parsed once, vector QR", r.once),
    perSecond("separate files, fonts re-parsed per document", r.perDoc),
    perSecond("separate files, PNG QR", r.pngQr),
    perSecond(`kit print file (${merged} letters)`, r.merged),
    perSecond(`pdfkit alone, the same pages (${merged} letters)`, r.minimal),
    line(
      "fonts parsed once vs re-parsed per document",
      (r.once.lettersPerSecond / r.perDoc.lettersPerSecond).toFixed(2),
      "×",
    ),
    line("vector QR vs PNG QR", (r.once.lettersPerSecond / r.pngQr.lettersPerSecond).toFixed(2), "×"),
    line(
      "merged file vs separate files",
      (r.merged.lettersPerSecond / r.once.lettersPerSecond).toFixed(2),
      "×",
    ),
    line(
      "kit print file vs pdfkit alone",
      (kitShare * 100).toFixed(1),
      `% ${goal(sizes, "≥ 85 %", kitShare >= 0.85)}`,
    ),
  );
}

async function requests(sizes: BenchSizes): Promise<void> {
  const r = await measureRequests(sizes.requestLetters);
  print(
    `survey requests per letter (${r.letters} letters, whole generate run, counted by the simulator)`,
    line("first run, every participant listed", r.mapped.toFixed(2)),
    line("first run, no participant listed", r.unmapped.toFixed(2)),
    line("--rerender of the listed run folder", r.rerender.toFixed(2)),
  );
}

async function budget(sizes: BenchSizes): Promise<void> {
  const { count, windowMs } = sizes.budget;
  const b = await measureBudget(sizes.budget, sizes.budgetWindows);
  print(
    `budget utilization (our client, scaled budget ${count} requests / ${windowMs / 1000} s, 50–150 ms latency, concurrency 4)`,
    line("requests the simulator received", String(b.requests)),
    line("windows elapsed", b.windowsElapsed.toFixed(2)),
    line("utilization", b.utilization.toFixed(3), goal(sizes, "≥ 0.95", b.utilization >= 0.95)),
    line(
      "windows over budget (simulator's count)",
      String(b.overBudget),
      goal(sizes, "0", b.overBudget === 0),
    ),
    line("client banned", b.banned ? "yes" : "no"),
  );
}

function rateLine(label: string, r: RateFigures): string {
  const most = `most requests in 60 s: ${Math.round(r.mostPerMinute)}${r.extrapolated ? ", extrapolated" : ""}`;
  return line(
    label,
    r.lettersPerMinute.toFixed(1),
    `letters/min (${r.letters} letters in ${r.seconds.toFixed(1)} s; ${most})`,
  );
}

async function lettersPerMinute(sizes: BenchSizes): Promise<void> {
  const listed = await pipelineRate(sizes.listedLetters, true);
  const unlisted = await pipelineRate(sizes.unlistedLetters, false);
  const naive = await naiveRate(sizes.naiveMs);
  const ratio = (r: RateFigures) => (r.lettersPerMinute / naive.lettersPerMinute).toFixed(2);
  print(
    "letters per minute at the default budget, 300 requests / 60 s (50–150 ms latency)",
    rateLine("generate, every participant listed", listed),
    rateLine("generate, no participant listed", unlisted),
    rateLine("naive client, three calls one after another", naive),
    line("generate (listed) vs naive", ratio(listed), "×"),
    line("generate (not listed) vs naive", ratio(unlisted), "×"),
    line(
      "naive client: most requests in 60 s",
      String(Math.round(naive.mostPerMinute)),
      `${naive.mostPerMinute > BAN_PER_MINUTE ? "OVER" : "under"} REDCap's ban threshold of ${BAN_PER_MINUTE}` +
        (naive.extrapolated ? " (extrapolated from a shorter run)" : ""),
    ),
  );
}

async function remake(sizes: BenchSizes): Promise<void> {
  const r = await measureRemake(sizes.remakeRuns, sizes.remakeRows);
  print(
    `one packet made again, whole process (generate --records <id> --force, codes kept; median of ${r.runs} process(es), 50–150 ms latency)`,
    line("wall time", r.medianSeconds.toFixed(2), "s"),
    line("requests per remake (preflight)", r.requests.toFixed(1)),
    line("survey requests per remake", r.surveyRequests.toFixed(1)),
    line(
      "reprint --out <run> <id>: wall time",
      r.reprintSeconds.toFixed(2),
      `s ${goal(sizes, "≤ 1.5 s", r.reprintSeconds <= 1.5)}`,
    ),
    line("reprint: requests", r.reprintRequests.toFixed(1)),
    line(
      "a participant not yet in the folder: wall time",
      r.newPacketSeconds.toFixed(2),
      `s ${goal(sizes, "≤ 2 s", r.newPacketSeconds <= 2)}`,
    ),
  );
}

async function peakRss(sizes: BenchSizes): Promise<void> {
  process.stdout.write("peak RSS of a whole generate process (every participant listed, no budget)\n");
  const figures: RssFigure[] = [];
  for (const rows of sizes.rssRows) {
    const f = await measurePeakRss(rows);
    figures.push(f);
    const at10k = rows === 10_000 ? ` ${goal(sizes, "≤ 300 MiB", f.peakMiB <= 300)}` : "";
    process.stdout.write(
      `${line(`${rows} rows`, f.peakMiB.toFixed(1), `MiB (${f.seconds.toFixed(1)} s)${at10k}`)}\n`,
    );
  }
  const [small, large] = figures.slice(-2);
  if (small !== undefined && large !== undefined && small !== large) {
    const ratio = large.peakMiB / small.peakMiB;
    const judged = small.rows === 10_000 && large.rows === 50_000;
    const note = judged ? `× ${goal(sizes, "≤ 1.2", ratio <= 1.2)}` : "×";
    process.stdout.write(`${line(`${large.rows} rows vs ${small.rows} rows`, ratio.toFixed(2), note)}\n`);
  }
  process.stdout.write("\n");
}

async function main(): Promise<void> {
  const sizes = benchSizes(process.env, process.argv.slice(2));
  const started = performance.now();
  const cpu = cpus();
  print(
    `redcap-packets benchmarks, ${sizes.quick ? "quick mode (sizes too small to judge any goal)" : "full mode"}`,
    `  Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `  load average at start (1, 5, 15 min): ${load()}`,
  );
  // BENCH_ONLY=render,rss (say) runs just those parts, e.g. to measure again after a change.
  const only = process.env.BENCH_ONLY?.split(",").map((part) => part.trim());
  const parts = { render, requests, budget, lettersPerMinute, remake, rss: peakRss };
  for (const [name, part] of Object.entries(parts)) {
    if (only === undefined || only.includes(name)) await part(sizes);
  }
  print(
    `whole benchmark: ${((performance.now() - started) / 1000).toFixed(0)} s`,
    `  load average at end (1, 5, 15 min): ${load()}`,
  );
}

await main();
