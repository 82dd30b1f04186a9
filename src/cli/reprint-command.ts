import { join, resolve } from "node:path";
import { systemClock } from "../clock.js";
import { resolveGenerateSettings } from "../config/index.js";
import { ConfigError, UsageError } from "../errors.js";
import { RUN_FILE } from "../run/folder/run-record.js";
import { fileExists } from "../run/folder/write.js";
import { runGenerate } from "../run/run.js";
import { exitCodeOfRun } from "./exit-codes.js";
import { type CliIo, settingsFiles, writeLine } from "./io.js";
import { madeCount } from "./made-words.js";
import { createProgressReporter } from "./progress.js";

// One packet now (a front desk, a lost letter): the records' packets made again from the run
// folder's own settings (run.json) and the codes it keeps, as replacements, into a print file of
// their own. With every code kept it sends REDCap nothing and needs no token.

export async function runReprintCommand(
  ids: readonly string[],
  flags: Record<string, string | boolean | undefined>,
  io: CliIo,
): Promise<number> {
  if (typeof flags.out !== "string") {
    throw new UsageError("Which run folder? Give --out DIR, the folder of the run that made the letters.");
  }
  if (ids.length === 0) throw new UsageError("Which records? Give their ids after the options, e.g. 0042.");
  const out = resolve(io.cwd, flags.out);
  const runFile = join(out, RUN_FILE);
  if (!(await fileExists(runFile))) {
    throw new ConfigError(
      `${out} has no ${RUN_FILE}: it is not a run folder, or an older version made it. ` +
        "Make the letters again with generate --records ID --force and the same options as before.",
    );
  }
  const settings = await resolveGenerateSettings({
    flags: {
      config: runFile,
      out,
      records: ids.join(","),
      force: true,
      ...(typeof flags.tokenFile === "string" ? { tokenFile: flags.tokenFile } : {}),
    },
    env: io.env,
    cwd: io.cwd,
    ...settingsFiles,
    platform: io.platform,
    tokenOptional: true,
  });
  if (!(await fileExists(settings.rosterFile))) {
    throw new ConfigError(
      `The roster these letters were made from, ${settings.rosterFile} (named in ${runFile}), is not there: ` +
        `put it back, or write its new place as "roster" in ${runFile}.`,
    );
  }
  const progress = createProgressReporter(io.stderr);
  try {
    const summary = await runGenerate(
      settings,
      { clock: systemClock, onProgress: progress.report, signal: io.signal, owner: io.owner },
      { fromRunFolder: true },
    );
    progress.finish();
    const made = madeCount(summary.layout, summary.ok);
    writeLine(io.stdout, `Made ${made} again (${summary.requests} REDCap requests).`);
    for (const file of summary.printFiles) writeLine(io.stdout, `Open and print: ${join(out, file)}`);
    for (const o of [...summary.failedRows, ...summary.skippedRows]) {
      writeLine(io.stdout, `  record ${o.recordId}: ${o.error}`);
    }
    if (summary.stop !== undefined) writeLine(io.stderr, `The run stopped early. ${summary.stop.advice}`);
    return exitCodeOfRun(summary);
  } catch (error) {
    progress.finish();
    throw error;
  }
}
