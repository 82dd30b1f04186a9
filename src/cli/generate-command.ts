import { plural, type RowFinding, renderRowFailures, wouldFail } from "../check-report.js";
import { systemClock } from "../clock.js";
import { resolveGenerateSettings } from "../config/index.js";
import { runGenerate } from "../run/run.js";
import type { RowOutcome, RunSummary } from "../types.js";
import { exitCodeOfRun } from "./exit-codes.js";
import { type CliIo, settingsFiles, writeLine, writeLines } from "./io.js";
import { madeCount } from "./made-words.js";
import { createProgressReporter } from "./progress.js";

export async function runGenerateCommand(
  flags: Record<string, string | boolean | undefined>,
  io: CliIo,
): Promise<number> {
  const settings = await resolveGenerateSettings({
    flags,
    env: io.env,
    cwd: io.cwd,
    ...settingsFiles,
    platform: io.platform,
  });
  const progress = createProgressReporter(io.stderr);
  io.signal.addEventListener(
    "abort",
    () =>
      writeLine(io.stderr, "\nStopping after the letters in progress (press Ctrl-C again to quit at once)…"),
    { once: true },
  );
  for (const message of settings.warnings) progress.report({ type: "warning", message });
  try {
    const summary = await runGenerate(settings, {
      clock: systemClock,
      onProgress: progress.report,
      signal: io.signal,
      owner: io.owner,
    });
    progress.finish();
    printSummary(io, summary, settings.dryRun, settings.records !== undefined);
    return exitCodeOfRun(summary);
  } catch (error) {
    progress.finish();
    throw error;
  }
}

const SHOWN_ROWS = 10;

/** The first rows with their reasons, so nobody has to open the manifest to see what went wrong. */
function printRows(io: CliIo, rows: readonly RowOutcome[], heading: string): void {
  if (rows.length === 0) return;
  writeLine(io.stdout, heading);
  for (const o of rows.slice(0, SHOWN_ROWS)) {
    const record = o.recordId === "" ? "no record id" : `record ${o.recordId}`;
    writeLine(io.stdout, `  roster line ${o.line} (${record}): ${o.error}`);
  }
  const more = rows.length - SHOWN_ROWS;
  if (more > 0) writeLine(io.stdout, `  … and ${more} more`);
}

/**
 * The failed rows grouped as the check's report groups them (what it found before the first code),
 * then those that failed while their letters were made.
 */
function printFailedRows(io: CliIo, summary: RunSummary): void {
  if (summary.failedRows.length === 0) return;
  const checked = new Set(summary.failing.map((r) => r.line));
  const later = summary.failedRows
    .filter((o) => !checked.has(o.line))
    .map((o): RowFinding => ({ line: o.line, recordId: o.recordId, kind: "making", message: o.error }));
  const rows = [...summary.failing, ...later];
  const heading = `Failed rows (${plural(rows.length, "row")}; all of them are in manifest.csv):`;
  writeLines(io.stdout, renderRowFailures(rows, heading));
}

function printSummary(io: CliIo, summary: RunSummary, dryRun: boolean, records: boolean): void {
  const out = io.stdout;
  if (dryRun) {
    // The same checks as a real run: had the set-up been wrong, the run would have stopped with the report.
    writeLine(
      out,
      "Dry run: the set-up is in order (settings, token, template, project, surveys); no participant's code was fetched, no letter written.",
    );
    writeLine(
      out,
      `Would make ${madeCount(summary.layout, summary.planned)}; ${summary.skipped} row(s) skipped, ${summary.failed} row(s) would fail.`,
    );
    const failing = summary.failing;
    if (failing.length > 0) writeLines(out, renderRowFailures(failing, wouldFail(failing.length)));
    return;
  }
  writeLine(
    out,
    `Made ${madeCount(summary.layout, summary.ok)}, skipped ${summary.skipped}, failed ${summary.failed} (${summary.requests} REDCap requests).`,
  );
  writeLine(out, `Run folder: ${summary.runFolder}`);
  for (const file of summary.printFiles) writeLine(out, `  print file: ${file}`);
  writeLine(
    out,
    `  manifest:   manifest.csv (one line per roster row, with the reason for every failed row)`,
  );
  printFailedRows(io, summary);
  // Asked for by id (a front desk, a lost letter): say why a record got nothing, and how to get it.
  if (records) printRows(io, summary.skippedRows, "Not made:");
  if (summary.stop !== undefined) {
    writeLine(
      io.stderr,
      `The run stopped early. ${summary.stop.advice}\nWhat finished is written and listed in the manifest.`,
    );
  }
}
