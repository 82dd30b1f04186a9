import { join, relative } from "node:path";
import type { GenerateSettings } from "../config/index.js";
import { ConfigError, type Finding, PreflightError, RedcapError } from "../errors.js";
import { type LetterKit, loadLetterKit } from "../letters/index.js";
import { createRedcapClient, type RedcapClient } from "../redcap/client.js";
import { runPreflight } from "../redcap/preflight.js";
import { readRoster } from "../roster/read-roster.js";
import type { Clock, LetterPlan, ProgressEvent, RowOutcome, RunSummary } from "../types.js";
import { earlierLetterFiles } from "./earlier-run.js";
import { makeLetters, rowErrorMessage, type StopReason } from "./make-letters.js";
import { manifestCsv } from "./manifest.js";
import { buildPlan, letterOutcome, type Plan } from "./plan.js";
import { writePrintFile } from "./print-file.js";
import { type LockOwner, lockRunFolder } from "./run-lock.js";
import { checkTemplateColumns } from "./template-columns.js";
import { ensurePrivateDir, fileExists, writeFileAtomic } from "./write.js";

export interface GenerateDeps {
  readonly clock: Clock;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Aborting stops scheduling rows; rows in flight finish and the manifest is still written. */
  readonly signal?: AbortSignal;
  /** This process, for the run folder's lock. */
  readonly owner: LockOwner;
}

/** read roster → plan → check rows printable → preflight → (dry run stops) → make letters → print → manifest */
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
    const sorted = await sortLetters(plan, settings, kit, checked.rowProblems);
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
      return await makeAndRecord(settings, deps, { plan: sorted, labels: checked.labels, client, kit });
    } finally {
      await lock.release();
    }
  } finally {
    client.close();
  }
}

interface Prepared {
  readonly plan: SortedLetters;
  readonly labels: ReadonlyMap<string, string>;
  readonly client: RedcapClient;
  readonly kit: LetterKit;
}

/** Makes the letters, the print file and the manifest of a locked run folder. */
async function makeAndRecord(
  settings: GenerateSettings,
  deps: GenerateDeps,
  prepared: Prepared,
): Promise<RunSummary> {
  const emit = deps.onProgress ?? (() => {});
  const { plan: sorted, client, kit } = prepared;
  emit({ type: "stage", stage: "fetch" });
  const result = await makeLetters({
    letters: sorted.toMake,
    labels: prepared.labels,
    earlier: await earlierLetterFiles(settings.outDir),
    runFolder: settings.outDir,
    concurrency: settings.concurrency,
    client,
    kit,
    signal: deps.signal,
    onProgress: emit,
  });
  const outcomes = [...sorted.decided, ...result.outcomes];
  emit({ type: "stage", stage: "print" });
  const printFiles =
    result.made.length === 0
      ? []
      : [await writePrintFile(settings.outDir, kit, result.made, deps.clock, settings)];
  emit({ type: "stage", stage: "manifest" });
  await writeFileAtomic(join(settings.outDir, "manifest.csv"), manifestCsv(outcomes));
  return summarize(
    settings,
    outcomes,
    printFiles,
    client.requestCount,
    result.stop,
    sorted.toMake.length,
    false,
  );
}

interface SortedLetters {
  readonly toMake: LetterPlan[];
  readonly decided: RowOutcome[];
}

/** Splits planned letters into those to make and those decided now: already made, unprintable, or rejected by preflight. */
async function sortLetters(
  plan: Plan,
  settings: GenerateSettings,
  kit: LetterKit,
  rowProblems: ReadonlyMap<number, string>,
): Promise<SortedLetters> {
  const toMake: LetterPlan[] = [];
  const decided: RowOutcome[] = [...plan.decided];
  for (const letter of plan.letters) {
    const serverProblem = rowProblems.get(letter.line);
    const printProblems = printProblemsOf(kit, letter);
    if (serverProblem !== undefined) {
      decided.push(letterOutcome(letter, "failed", serverProblem));
    } else if (printProblems.length > 0) {
      decided.push(letterOutcome(letter, "failed", printProblems.join("; ")));
    } else if (!settings.force && (await fileExists(join(settings.outDir, letter.file)))) {
      decided.push(
        letterOutcome(letter, "skipped", "already made in an earlier run (kept; --force rebuilds it)"),
      );
    } else {
      toMake.push(letter);
    }
  }
  return { toMake, decided };
}

/**
 * The check before fetching codes. Whatever keeps it from finishing (no answer, an unexpected
 * answer) means nothing was fetched: exit 2, per the CLI contract, not a row failure's 1.
 */
async function preflight(client: RedcapClient, plan: Plan, dryRun: boolean) {
  try {
    return await runPreflight(client, {
      surveys: plan.surveys,
      records: plan.records,
      checkSurveySettings: !dryRun,
    });
  } catch (error) {
    if (error instanceof RedcapError && error.exitCode === 1) {
      throw new ConfigError(`Could not check the project before fetching codes. ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** A survey label the letters cannot print would fail every letter of that survey: stop instead. */
function checkLabels(plan: Plan, labels: ReadonlyMap<string, string>, kit: LetterKit): void {
  const findings: Finding[] = [];
  for (const instrument of new Set(plan.surveys.map((s) => s.instrument))) {
    const problem = kit.labelProblem(labels.get(instrument) ?? instrument);
    if (problem === undefined) continue;
    const lines = plan.surveys.filter((s) => s.instrument === instrument).flatMap((s) => s.lines);
    findings.push({
      message: `The label of instrument "${instrument}" ${problem}`,
      lines: [...new Set(lines)],
    });
  }
  if (findings.length > 0) throw new PreflightError(findings);
}

/** What would stop this row's letter; a failing check fails the row, never the run. */
function printProblemsOf(kit: LetterKit, letter: LetterPlan): string[] {
  try {
    return kit.check({ language: letter.language, fields: letter.fields });
  } catch (error) {
    return [rowErrorMessage(error)];
  }
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
  const failed = countStatus(outcomes, "failed");
  const exitCode = stop?.exitCode ?? (failed > 0 ? 1 : 0);
  return {
    runFolder: settings.outDir,
    manifest: dryRun ? "" : join(settings.outDir, "manifest.csv"),
    printFiles: printFiles.map((file) => relative(settings.outDir, file)),
    ok: countStatus(outcomes, "ok"),
    skipped: countStatus(outcomes, "skipped"),
    failed,
    planned,
    requests,
    stoppedBy: stop?.advice,
    exitCode,
  };
}
