import { join } from "node:path";
import { type GenerateSettings, kitChoices } from "../config/index.js";
import { InterruptedError } from "../errors.js";
import { type LetterKit, loadLetterKit } from "../letters/index.js";
import { createRedcapClient, type RedcapClient } from "../redcap/client.js";
import { readRoster } from "../roster/read-roster.js";
import type { Clock, LetterPlan, ProgressEvent, RowOutcome, RunSummary } from "../types.js";
import { allCodesKept, type CodeSource, codeSourceOf } from "./folder/code-cache.js";
import { ensureHistory, type History, readHistory } from "./folder/history.js";
import { checkLanguages } from "./language-check.js";
import { makeLetters, rowErrorMessage, type StopReason } from "./make-letters.js";
import { ManifestWriter } from "./folder/manifest-writer.js";
import { buildPlan, letterOutcome, type Plan } from "./plan.js";
import { writePrintFile } from "./folder/print-file.js";
import { type LockOwner, lockRunFolder } from "./folder/run-lock.js";
import { checkLabels, preflight } from "./setup-checks.js";
import { type SortedLetters, sortLetters } from "./sort-letters.js";
import { checkTemplateColumns } from "./template-columns.js";
import { ensurePrivateDir, fileExists } from "./folder/write.js";

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
  const kit = await loadLetterKit({
    ...kitChoices(settings),
    date: new Date(deps.clock.now()),
    rosterColumns: new Map(settings.columns.map((c) => [c.name, c.column])),
  });
  emit({ type: "stage", stage: "plan" });
  const plan = buildPlan(roster, settings);
  for (const message of plan.warnings) emit({ type: "warning", message });
  checkTemplateColumns(roster, plan.letters, kit, settings.columns);
  checkLanguages(plan.letters, kit);

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
    // A rerender fetches no code at all; otherwise the probe is needed unless every code is kept.
    const codesKept = (projectId: number) =>
      settings.rerender
        ? Promise.resolve(true)
        : settings.refreshCodes
          ? Promise.resolve(false)
          : allCodesKept(settings.outDir, codeSourceOf(settings.apiUrl, projectId), plan.letters);
    const checked = await preflight(client, plan, { dryRun: settings.dryRun, codesKept });
    checkLabels(plan, checked.labels, kit);
    for (const message of checked.warnings) emit({ type: "warning", message });
    const prepared = {
      plan,
      labels: checked.labels,
      projectTitle: checked.project.title,
      codeSource: codeSourceOf(settings.apiUrl, checked.project.id),
      rowProblems: checked.rowProblems,
      client,
      kit,
      total: roster.rows.length,
    };
    if (settings.dryRun) {
      const sorted = await sortFor(settings, prepared, await readHistory(settings.outDir, fileExists), emit);
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
    if (deps.signal?.aborted)
      throw new InterruptedError("The run was interrupted before any code was fetched; nothing was written.");

    await ensurePrivateDir(join(settings.outDir, "letters"));
    const lock = await lockRunFolder(settings.outDir, deps.owner);
    try {
      // Read under the lock: a run that finished a moment ago has left its whole history.
      await ensureHistory(settings.outDir);
      const history = await readHistory(settings.outDir, fileExists);
      const sorted = await sortFor(settings, prepared, history, emit);
      return await makeAndRecord(settings, deps, { ...prepared, sorted, history });
    } finally {
      await lock.release();
    }
  } finally {
    client.close();
  }
}

interface Checked {
  readonly plan: Plan;
  readonly labels: ReadonlyMap<string, string>;
  readonly projectTitle: string;
  readonly codeSource: CodeSource;
  readonly rowProblems: ReadonlyMap<number, string>;
  readonly client: RedcapClient;
  readonly kit: LetterKit;
  /** Roster rows in all. */
  readonly total: number;
}

async function sortFor(
  settings: GenerateSettings,
  checked: Checked,
  history: History,
  emit: (event: ProgressEvent) => void,
): Promise<SortedLetters> {
  const sorted = await sortLetters({
    plan: checked.plan,
    kit: checked.kit,
    rowProblems: checked.rowProblems,
    history,
    runFolder: settings.outDir,
    force: settings.force || settings.rerender,
    exists: fileExists,
  });
  if (settings.rerender) await keepToRerender(sorted, settings.outDir, checked.codeSource);
  emit({
    type: "planned",
    total: checked.total,
    toMake: sorted.toMake.length,
    skipped: countStatus(sorted.decided, "skipped"),
    failed: countStatus(sorted.decided, "failed"),
  });
  return sorted;
}

/**
 * A rerender makes again the letters whose codes the run folder keeps, and nothing else: a row that
 * never got a letter (it failed, its participant had completed) is left for a plain run, so a
 * rerender asks REDCap for no code.
 */
async function keepToRerender(sorted: SortedLetters, runFolder: string, source: CodeSource): Promise<void> {
  const kept: LetterPlan[] = [];
  for (const letter of sorted.toMake) {
    if (await allCodesKept(runFolder, source, [letter])) kept.push(letter);
    else sorted.decided.push(letterOutcome(letter, "skipped", NEVER_MADE, ""));
  }
  sorted.toMake.splice(0, sorted.toMake.length, ...kept);
}

const NEVER_MADE =
  "no letter was made for this row before: --rerender remakes letters only; run without it to make this one";

interface Prepared extends Checked {
  readonly sorted: SortedLetters;
  readonly history: History;
}

const NOT_REACHED = "not made: the run ended before this row; run the command again (without --force)";

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
      projectTitle: prepared.projectTitle,
      codeSource: prepared.codeSource,
      refreshCodes: settings.refreshCodes,
      includeCompleted: settings.includeCompleted,
      // A rerender makes first letters: the template changed, nothing was mailed yet.
      printedBefore: settings.rerender ? new Set<string>() : prepared.history.printedEver,
      runFolder: settings.outDir,
      concurrency: settings.concurrency,
      client,
      kit,
      signal: deps.signal,
      onProgress: emit,
      onOutcome: (outcome) => manifest.update(outcome),
      now: () => new Date(deps.clock.now()),
    });
    stop = result.stop;
    if (result.made.length > 0) {
      emit({ type: "stage", stage: "print" });
      try {
        const printFile = await writePrintFile(settings.outDir, kit, result.made, deps.clock, settings);
        printFiles.push(printFile);
        manifest.markPrinted(
          result.made.map((m) => m.row),
          printFile,
        );
      } catch (error) {
        // The letters are made and recorded: the next run puts them in a print file.
        const failed = printFailed(error);
        stop = stop === undefined ? failed : { ...stop, advice: `${stop.advice}\n${failed.advice}` };
      }
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

function printFailed(error: unknown): StopReason {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why = code === undefined ? rowErrorMessage(error) : `the file system said ${code}`;
  return {
    message: "the print file could not be written",
    advice:
      `The letters were made, but the print file could not be written (${why}). ` +
      "Free some disk space or fix the print folder, then run the same command again: it prints them.",
    exitCode: 1,
  };
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
    printFiles,
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
