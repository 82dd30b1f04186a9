import { join, relative } from "node:path";
import type { GenerateSettings } from "../config/index.js";
import { type LetterKit, loadLetterKit } from "../letters/index.js";
import { createRedcapClient, type RedcapClient } from "../redcap/client.js";
import { readRoster } from "../roster/read-roster.js";
import type { Clock, ProgressEvent, RowOutcome, RunSummary } from "../types.js";
import { type EarlierRun, readEarlierRun } from "./earlier-run.js";
import { makeLetters, type StopReason } from "./make-letters.js";
import { ManifestWriter } from "./manifest-writer.js";
import { buildPlan, letterOutcome } from "./plan.js";
import { writePrintFile } from "./print-file.js";
import { type LockOwner, lockRunFolder } from "./run-lock.js";
import { checkLabels, preflight } from "./setup-checks.js";
import { type SortedLetters, sortLetters } from "./sort-letters.js";
import { checkTemplateColumns } from "./template-columns.js";
import { ensurePrivateDir, fileExists } from "./write.js";

export interface GenerateDeps {
  readonly clock: Clock;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Aborting stops scheduling rows; rows in flight finish and the manifest is still written. */
  readonly signal?: AbortSignal;
  /** This process, for the run folder's lock. */
  readonly owner: LockOwner;
}

/** read roster → plan → preflight → sort (made, unprintable) → (dry run stops) → make letters → print → manifest */
export async function runGenerate(settings: GenerateSettings, deps: GenerateDeps): Promise<RunSummary> {
  const emit = deps.onProgress ?? (() => {});
  emit({ type: "stage", stage: "roster" });
  const roster = await readRoster(settings.rosterFile);
  const kit = await loadLetterKit(
    settings.templateFile === undefined ? {} : { templateFile: settings.templateFile },
  );
  emit({ type: "stage", stage: "plan" });
  const plan = buildPlan(roster, settings);
  for (const message of plan.warnings) emit({ type: "warning", message });
  checkTemplateColumns(roster, plan.letters, kit);

  const client = createRedcapClient({
    apiUrl: settings.apiUrl,
    token: settings.token,
    rateLimit: settings.rateLimit,
    concurrency: settings.concurrency,
    timeoutMs: settings.timeoutMs,
    clock: deps.clock,
    ...(settings.caFile === undefined ? {} : { caFile: settings.caFile }),
    onEvent: emit,
  });
  try {
    emit({ type: "stage", stage: "preflight" });
    const checked = await preflight(client, plan, settings.dryRun);
    checkLabels(plan, checked.labels, kit);
    for (const message of checked.warnings) emit({ type: "warning", message });
    const earlier = await readEarlierRun(settings.outDir);
    const sorted = await sortLetters({
      plan,
      kit,
      rowProblems: checked.rowProblems,
      earlier,
      runFolder: settings.outDir,
      force: settings.force,
      exists: fileExists,
    });
    emit({
      type: "planned",
      total: roster.rows.length,
      toMake: sorted.toMake.length,
      skipped: countStatus(sorted.decided, "skipped"),
      failed: countStatus(sorted.decided, "failed"),
    });
    if (settings.dryRun) {
      return summarize(
        settings,
        sorted.decided,
        [],
        client.requestCount,
        undefined,
        sorted.toMake.length,
        true,
      );
    }

    await ensurePrivateDir(join(settings.outDir, "letters"));
    const lock = await lockRunFolder(settings.outDir, deps.owner);
    try {
      return await makeAndRecord(settings, deps, { sorted, labels: checked.labels, earlier, client, kit });
    } finally {
      await lock.release();
    }
  } finally {
    client.close();
  }
}

interface Prepared {
  readonly sorted: SortedLetters;
  readonly labels: ReadonlyMap<string, string>;
  readonly earlier: EarlierRun;
  readonly client: RedcapClient;
  readonly kit: LetterKit;
}

const NOT_REACHED = "not made: the run ended before this row; run the same command again";

/** Makes the letters, the print file and the manifest of a locked run folder. */
async function makeAndRecord(
  settings: GenerateSettings,
  deps: GenerateDeps,
  prepared: Prepared,
): Promise<RunSummary> {
  const emit = deps.onProgress ?? (() => {});
  const { sorted, client, kit } = prepared;
  const pending = sorted.toMake.map((letter) => letterOutcome(letter, "failed", NOT_REACHED));
  const manifest = new ManifestWriter(
    join(settings.outDir, "manifest.csv"),
    [...sorted.decided, ...pending],
    deps.clock,
  );
  await manifest.flush();
  const printFiles: string[] = [];
  let stop: StopReason | undefined;
  try {
    emit({ type: "stage", stage: "fetch" });
    const result = await makeLetters({
      letters: sorted.toMake,
      labels: prepared.labels,
      printedBefore: new Set(prepared.earlier.printed.keys()),
      runFolder: settings.outDir,
      concurrency: settings.concurrency,
      client,
      kit,
      signal: deps.signal,
      onProgress: emit,
      onOutcome: (outcome) => manifest.update(outcome),
    });
    stop = result.stop;
    if (result.made.length > 0) {
      emit({ type: "stage", stage: "print" });
      const path = await writePrintFile(
        settings.outDir,
        kit,
        result.made.map((m) => m.data),
        deps.clock,
        settings,
      );
      printFiles.push(path);
      manifest.markPrinted(
        result.made.map((m) => m.row),
        relative(settings.outDir, path),
      );
    }
  } finally {
    // Written whatever happened above: the letters on disk are always accounted for.
    emit({ type: "stage", stage: "manifest" });
    await manifest.flush();
  }
  return summarize(
    settings,
    manifest.outcomes,
    printFiles,
    client.requestCount,
    stop,
    sorted.toMake.length,
    false,
  );
}

function countStatus(outcomes: readonly RowOutcome[], status: RowOutcome["status"]): number {
  return outcomes.filter((o) => o.status === status).length;
}

function summarize(
  settings: GenerateSettings,
  outcomes: readonly RowOutcome[],
  printFiles: readonly string[],
  requests: number,
  stop: StopReason | undefined,
  planned: number,
  dryRun: boolean,
): RunSummary {
  const failedRows = outcomes.filter((o) => o.status === "failed").sort((a, b) => a.row - b.row);
  const failed = failedRows.length;
  const exitCode = stop?.exitCode ?? (failed > 0 ? 1 : 0);
  return {
    runFolder: settings.outDir,
    manifest: dryRun ? "" : join(settings.outDir, "manifest.csv"),
    printFiles: printFiles.map((file) => relative(settings.outDir, file)),
    ok: countStatus(outcomes, "ok"),
    skipped: countStatus(outcomes, "skipped"),
    failed,
    failedRows,
    planned,
    requests,
    stoppedBy: stop?.advice,
    exitCode,
  };
}
