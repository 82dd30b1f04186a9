import type { GenerateSettings } from "../config/index.js";
import { InterruptedError, TemplateError } from "../errors.js";
import { type LetterKit, loadLetterKit } from "../letters/index.js";
import { createRedcapClient, type RedcapClient, tokenlessClient } from "../redcap/client.js";
import { readRoster } from "../roster/read-roster.js";
import type { Clock, ProgressEvent, RosterHead, RowOutcome, RunSummary, StopReason } from "../types.js";
import { type CheckedLetter, type CheckedPlan, checkPlan } from "./check.js";
import type { ManifestWriter } from "./folder/manifest-writer.js";
import { type History, type LockOwner, RunFolder } from "./folder/run-folder.js";
import { makeLetters } from "./make-letters.js";
import { collectBetweenStages } from "./memory.js";
import { buildPlan } from "./plan.js";
import { printLetters } from "./print.js";
import { type StageSettings, stageSettings } from "./stage-settings.js";
import { bothStops, fileFailed } from "./stop.js";
import { type Triage, triage } from "./triage.js";

export interface GenerateDeps {
  readonly clock: Clock;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Aborting stops scheduling rows; rows in flight finish and the manifest is still written. */
  readonly signal?: AbortSignal;
  /** This process, for the run folder's lock. */
  readonly owner: LockOwner;
}

/** read roster → plan → load template → check (a dry run stops here) → lock the folder → make letters → print → summary */
export async function runGenerate(
  settings: GenerateSettings,
  deps: GenerateDeps,
  how: GenerateHow = {},
): Promise<RunSummary> {
  const stages = stageSettings(settings);
  const emit = deps.onProgress ?? (() => {});
  const client =
    stages.redcap.token === ""
      ? tokenlessClient()
      : createRedcapClient({ ...stages.redcap, clock: deps.clock, onEvent: emit });
  try {
    const run = await prepare(stages, deps, client, how);
    if (stages.run.dryRun) {
      const todo = await decideLetters(run, await run.folder.history());
      return summarize(run, todo, todo.decided, undefined, []);
    }
    if (deps.signal?.aborted)
      throw new InterruptedError("The run was interrupted before any code was fetched; nothing was written.");
    const lock = await run.folder.lock(deps.owner);
    try {
      return await makeAndPrint(run);
    } finally {
      await lock.release();
    }
  } finally {
    client.close();
  }
}

/**
 * Everything before the first code: the roster, the plan, the template and the check against the
 * project. Only the checked letters leave it (the roster's rows are not held for the rest of the run).
 */
async function prepare(
  stages: StageSettings,
  deps: GenerateDeps,
  client: RedcapClient,
  how: GenerateHow,
): Promise<Run> {
  const emit = deps.onProgress ?? (() => {});
  const { head, plan, languages, rows } = await readAndPlan(stages, emit);
  collectBetweenStages(rows);
  // A template that cannot be used is reported with everything the project check finds, not alone.
  const kit = await loadLetterKit({ ...stages.letters, date: new Date(deps.clock.now()), languages }).catch(
    (error: unknown) => {
      if (error instanceof TemplateError) return error;
      throw error;
    },
  );
  const folder = new RunFolder(stages.run.outDir);
  await folder.checkWritable();
  emit({ type: "stage", stage: "preflight" });
  const checked = await checkPlan({
    roster: head,
    plan,
    kit,
    client,
    folder,
    columns: stages.plan.columns ?? [],
    apiUrl: stages.redcap.apiUrl,
    codes: stages.run.codes,
    saved: how.fromRunFolder === true ? await folder.projectFacts() : undefined,
    canAsk: stages.redcap.token !== "",
  });
  for (const message of checked.warnings) emit({ type: "warning", message });
  // Unreachable: the check reports a template that cannot be used as a finding that stops the run.
  if (kit instanceof TemplateError) throw kit;
  const { redcap: _client, ...own } = stages;
  return { stages: own, deps, emit, kit, client, folder, checked, rows };
}

/**
 * The roster read and planned. Its rows are not returned: once the plan holds the letters, a
 * 50,000-row roster's rows (tens of MiB) go before the check against the project piles its own on top.
 */
async function readAndPlan(stages: StageSettings, emit: (event: ProgressEvent) => void) {
  emit({ type: "stage", stage: "roster" });
  const roster = await readRoster(stages.rosterFile, stages.roster);
  for (const message of roster.warnings ?? []) emit({ type: "warning", message });
  emit({ type: "stage", stage: "plan" });
  const plan = buildPlan(roster, stages.plan);
  for (const message of plan.warnings) emit({ type: "warning", message });
  const head: RosterHead = { file: roster.file, columns: roster.columns };
  const languages = new Set(roster.rows.map((row) => row.language));
  return { head, plan, languages, rows: roster.rows.length };
}

export interface GenerateHow {
  /**
   * `reprint`: what the run folder kept of the project stands in for the check against REDCap when
   * every code is kept, so one packet is made again with no request at all.
   */
  readonly fromRunFolder?: boolean;
}

/** One run's stages and what the stages before the letters found. */
interface Run {
  /** Every stage's settings but the client's: the token stays with the client. */
  readonly stages: Omit<StageSettings, "redcap">;
  readonly deps: GenerateDeps;
  readonly emit: (event: ProgressEvent) => void;
  readonly kit: LetterKit;
  readonly client: RedcapClient;
  readonly folder: RunFolder;
  readonly checked: CheckedPlan;
  /** Roster rows in all. */
  readonly rows: number;
}

async function decideLetters(run: Run, history: History): Promise<Triage> {
  const todo = await triage(run.checked, run.folder, history, run.stages.run.mode);
  const own = todo.decided.filter((o) => !todo.leftOut.has(o.row));
  const count = (status: RowOutcome["status"]) => own.filter((o) => o.status === status).length;
  run.emit({
    type: "planned",
    layout: run.kit.layout,
    total: run.rows,
    toMake: todo.toMake.length,
    skipped: count("skipped") + todo.leftOut.size,
    failed: count("failed"),
  });
  return todo;
}

const NOT_REACHED = "not made: the run ended before this row; run the command again (without --force)";

/** Makes the letters, the print file and the manifest of a locked run folder. */
async function makeAndPrint(run: Run): Promise<RunSummary> {
  collectBetweenStages(run.checked.letters.length);
  // Read under the lock: a run that finished a moment ago has left its whole history.
  const history = await run.folder.history();
  const todo = await decideLetters(run, history);
  const pending = { letters: todo.toMake, reason: NOT_REACHED };
  const manifest = run.folder.manifest(todo.decided, run.deps.clock, pending);
  await manifest.flush();
  let done: Done = { printFiles: [], stop: undefined };
  try {
    done = await makeThenPrint(run, todo.toMake, history, manifest);
  } finally {
    // What the print file's end left behind goes before the manifest and the summary read every row.
    collectBetweenStages(run.checked.letters.length);
    // Written whatever happened above: the letters on disk are always accounted for.
    run.emit({ type: "stage", stage: "manifest" });
    const unwritten = await manifest.flush().then(
      () => undefined,
      (error: unknown) => fileFailed("manifest.csv", error),
    );
    if (unwritten !== undefined) done = { ...done, stop: bothStops(done.stop, unwritten) };
  }
  return summarize(run, todo, manifest.outcomes, done.stop, done.printFiles);
}

interface Done {
  readonly printFiles: readonly string[];
  readonly stop: StopReason | undefined;
}

/** fetch → render → write each letter, then the print file of those made; run.json once a letter is. */
async function makeThenPrint(
  run: Run,
  letters: readonly CheckedLetter[],
  history: History,
  manifest: ManifestWriter,
): Promise<Done> {
  const { stages, deps, folder, checked } = run;
  // A rerender makes first letters (the template changed, nothing was mailed yet); otherwise a letter
  // that was ever printed is made again as a replacement, and says so.
  const firstLetters = stages.run.mode === "rerender";
  const replacements = firstLetters ? new Set<string>() : history.printedEver;
  const context = { projectTitle: checked.project.title, replacements, folder, kit: run.kit };
  run.emit({ type: "stage", stage: "fetch" });
  const { made, stop } = await makeLetters({
    ...context,
    letters,
    supply: { client: run.client, folder, source: checked.codeSource, codes: stages.run.codes },
    includeCompleted: stages.run.includeCompleted,
    firstLetters,
    concurrency: stages.run.concurrency,
    signal: deps.signal,
    onProgress: run.emit,
    onOutcome: (outcome) => manifest.update(outcome),
    now: () => new Date(deps.clock.now()),
  });
  if (made.length === 0) return { printFiles: [], stop };
  // What `reprint` needs, kept once this run has made a letter with it.
  await folder.saveRun(stages.saved, checked.project);
  // What the letters left behind goes before the print file piles its own on top (see memory.ts).
  collectBetweenStages(made.length);
  run.emit({ type: "stage", stage: "print" });
  try {
    const printFile = await printLetters(made, {
      ...context,
      source: checked.codeSource,
      clock: deps.clock,
      options: stages.print,
    });
    manifest.markPrinted(
      made.map((m) => m.row),
      printFile,
    );
    return { printFiles: [printFile], stop };
  } catch (error) {
    return { printFiles: [], stop: bothStops(stop, fileFailed("the print file", error)) };
  }
}

/** What this run did: rows --records left out count as skipped, whatever the manifest keeps of them. */
function summarize(
  run: Run,
  todo: Triage,
  outcomes: readonly RowOutcome[],
  stop: StopReason | undefined,
  printFiles: readonly string[],
): RunSummary {
  const own = [...outcomes].filter((o) => !todo.leftOut.has(o.row)).sort((a, b) => a.row - b.row);
  const failedRows = own.filter((o) => o.status === "failed");
  const dryRun = run.stages.run.dryRun;
  return {
    runFolder: run.folder.path,
    manifest: dryRun ? "" : run.folder.manifestPath,
    printFiles,
    layout: run.kit.layout,
    ok: own.filter((o) => o.status === "ok").length,
    skipped: own.filter((o) => o.status === "skipped").length + todo.leftOut.size,
    failed: failedRows.length,
    failedRows,
    skippedRows: own.filter((o) => o.status === "skipped"),
    planned: todo.toMake.length,
    failing: run.checked.failing,
    requests: run.client.requestCount,
    stop,
  };
}
