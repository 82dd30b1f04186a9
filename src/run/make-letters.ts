import { join } from "node:path";
import pLimit from "p-limit";
import {
  PacketsError,
  RedcapBannedError,
  RedcapNetworkError,
  RedcapPermissionError,
  RedcapRedirectError,
  RowError,
} from "../errors.js";
import type { LetterKit } from "../letters/index.js";
import type { RedcapClient } from "../redcap/client.js";
import type {
  LetterData,
  LetterPlan,
  LetterSurvey,
  ProgressEvent,
  RowOutcome,
  SurveyCodes,
  SurveyRef,
} from "../types.js";
import { type CodeSource, readCodes, writeCodes } from "./folder/code-cache.js";
import { appendHistory } from "./folder/history.js";
import { type Listed, type ListedCodes, listParticipants, refKey } from "./participant-codes.js";
import { letterOutcome } from "./plan.js";
import { writeFileAtomic } from "./folder/write.js";

// Fetch → render → write, one roster row at a time per worker, so a crash loses only the rows in
// flight and a re-run picks up exactly the missing letters.

export interface MakeLettersInput {
  readonly letters: readonly LetterPlan[];
  readonly labels: ReadonlyMap<string, string>;
  /** The REDCap project's title, for `{{project_title}}`. */
  readonly projectTitle: string;
  /** Where codes come from: codes the run folder kept from the same source are used without a request. */
  readonly codeSource: CodeSource;
  /** Ask REDCap again even for codes the run folder keeps. */
  readonly refreshCodes: boolean;
  /** Make letters for participants the participant list says completed the survey (else skipped). */
  readonly includeCompleted: boolean;
  /** Letter files an earlier run put in a print file: letters made again for them are replacements. */
  readonly printedBefore: ReadonlySet<string>;
  readonly runFolder: string;
  readonly concurrency: number;
  readonly client: RedcapClient;
  readonly kit: LetterKit;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: (event: ProgressEvent) => void;
  /** Each row's outcome as soon as it is known (for the manifest written during the run). */
  readonly onOutcome: (outcome: RowOutcome) => void;
  /** For the history's time stamps. */
  readonly now: () => Date;
}

export interface MadeLetters {
  readonly outcomes: RowOutcome[];
  /** Letters made in this run, in roster order: the content of this run's print file. */
  readonly made: MadeLetter[];
  /** Why the run stopped early, when the server (or the user) stopped it. */
  readonly stop: StopReason | undefined;
}

export interface MadeLetter {
  readonly row: number;
  /** The letter's file, relative to the run folder. */
  readonly file: string;
  readonly data: LetterData;
}

export interface StopReason {
  /** Short, for the manifest lines of rows not made. */
  readonly message: string;
  /** Whole, for the user: what happened and what to do. */
  readonly advice: string;
  readonly exitCode: 1 | 2 | 3;
}

export async function makeLetters(input: MakeLettersInput): Promise<MadeLetters> {
  const limit = pLimit(input.concurrency);
  const made = new Map<number, MadeLetter>();
  let stop: StopReason | undefined;
  let codes: KnownCodes;
  try {
    codes = await knownCodes(input);
  } catch (error) {
    // The participant list was stopped (a ban, a revoked token): no letter of this run is made.
    stop = stopReason(error) ?? {
      message: rowErrorMessage(error),
      advice: rowErrorMessage(error),
      exitCode: 1,
    };
    input.client.close();
    codes = { kept: new Map(), listed: new Map() };
  }

  const one = async (letter: LetterPlan): Promise<RowOutcome> => {
    const stopped = stop ?? interrupted(input.signal);
    if (stopped !== undefined) {
      stop ??= stopped;
      return letterOutcome(letter, "failed", `not made: ${stopped.message}`);
    }
    // A packet is left out only when every survey in it is done; a packet with one still open is
    // made (a completed survey REDCap gives no code for then fails the row, saying why).
    const completed = completedSurveys(letter, codes);
    if (completed.length === letter.surveys.length && !input.includeCompleted) {
      const why = `the participant already completed ${completed.join(", ")} in REDCap (--include-completed makes the letter anyway)`;
      return letterOutcome(letter, "skipped", why, "");
    }
    try {
      const data = await fetchLetterData(letter, input, codes);
      const pdf = await input.kit.renderLetter(data);
      // Recorded before the rename: a letter is never on disk without the history knowing it.
      await writeFileAtomic(join(input.runFolder, letter.file), pdf, () =>
        appendHistory(input.runFolder, [{ event: "made", letter: letter.file }], input.now()),
      );
      made.set(letter.row, { row: letter.row, file: letter.file, data });
      return letterOutcome(letter, "ok");
    } catch (error) {
      const reason = stopReason(error);
      if (reason !== undefined && stop === undefined) {
        stop = reason;
        // Nothing more may reach the server (a revoked token, a ban): cut the rows still in flight.
        input.client.close();
        return letterOutcome(letter, "failed", rowErrorMessage(error));
      }
      if (stop !== undefined && cutByStop(error))
        return letterOutcome(letter, "failed", `not made: ${stop.message}`);
      return letterOutcome(letter, "failed", rowErrorMessage(error));
    }
  };

  const outcomes = await Promise.all(
    input.letters.map((letter) =>
      limit(async () => {
        const result = await one(letter);
        input.onOutcome(result);
        input.onProgress({ type: "row", row: result.row, status: result.status });
        return result;
      }),
    ),
  );
  const inOrder = [...made.values()].sort((a, b) => a.row - b.row);
  return { outcomes, made: inOrder, stop };
}

/** Codes the run folder keeps, and what the participant lists say of the surveys still to fetch. */
interface KnownCodes {
  readonly kept: ReadonlyMap<string, SurveyCodes>;
  readonly listed: ListedCodes;
}

async function knownCodes(input: MakeLettersInput): Promise<KnownCodes> {
  const kept = new Map<string, SurveyCodes>();
  const missing: SurveyRef[] = [];
  for (const letter of input.letters) {
    const found = input.refreshCodes
      ? []
      : await readCodes(input.runFolder, letter.file, input.codeSource, letter.surveys);
    for (const [i, ref] of letter.surveys.entries()) {
      const codes = found[i];
      if (codes === undefined) missing.push(ref);
      else kept.set(refKey(ref), codes);
    }
  }
  if (missing.length === 0) return { kept, listed: new Map() };
  const { listed, unavailable } = await listParticipants(input.client, missing);
  if (unavailable.length > 0) {
    input.onProgress({
      type: "warning",
      message: `REDCap gave no participant list for ${unavailable.join(", ")}: each letter there takes three requests instead of one`,
    });
  }
  return { kept, listed };
}

/** Instruments of the packet the participant list says were completed (codes kept: not asked). */
function completedSurveys(letter: LetterPlan, codes: KnownCodes): string[] {
  return letter.surveys
    .filter((ref) => !codes.kept.has(refKey(ref)) && codes.listed.get(refKey(ref))?.completed === true)
    .map((ref) => ref.instrument);
}

async function fetchLetterData(
  letter: LetterPlan,
  input: MakeLettersInput,
  known: KnownCodes,
): Promise<LetterData> {
  const surveys: LetterSurvey[] = [];
  let fetched = false;
  // The surveys of one packet are fetched one after another: the client's own limit spreads
  // requests across rows, and a packet never holds half its codes when a stop arrives.
  for (const ref of letter.surveys) {
    let codes = known.kept.get(refKey(ref));
    if (codes === undefined) {
      codes = await fetchCodes(ref, input.client, known.listed.get(refKey(ref)));
      fetched = true;
    }
    surveys.push({ ...ref, ...codes, label: input.labels.get(ref.instrument) ?? ref.instrument });
  }
  // Kept before the letter is rendered: a letter that fails to render costs no request next time.
  if (fetched) await writeCodes(input.runFolder, letter.file, input.codeSource, surveys);
  const data = {
    recordId: letter.recordId,
    language: letter.language,
    fields: letter.fields,
    surveys,
    projectTitle: input.projectTitle,
  };
  return input.printedBefore.has(letter.file) ? { ...data, reprint: true } : data;
}

/** One request when the participant list gave link and access code, else the three per-record calls. */
async function fetchCodes(
  ref: SurveyRef,
  client: RedcapClient,
  listed: Listed | undefined,
): Promise<SurveyCodes> {
  if (listed?.completed === true && (listed.accessCode === "" || listed.surveyLink === "")) {
    throw new RowError(
      `the participant already completed ${ref.instrument}, and REDCap gives no code for a completed response ` +
        'unless the survey allows editing completed responses ("Allow respondents to return and modify completed responses")',
    );
  }
  if (listed === undefined || listed.accessCode === "" || listed.surveyLink === "")
    return client.surveyCodes(ref);
  const returnCode = await client.surveyReturnCode(ref);
  return { accessCode: listed.accessCode, surveyLink: listed.surveyLink, returnCode };
}

function interrupted(signal: AbortSignal | undefined): StopReason | undefined {
  if (!signal?.aborted) return undefined;
  const message = "the run was interrupted before this row";
  return {
    message,
    advice: "It was interrupted: run the command again (without --force) to make the rest.",
    exitCode: 1,
  };
}

/** Errors after which no further request may be sent. */
function stopReason(error: unknown): StopReason | undefined {
  const advice = error instanceof Error ? error.message : "";
  if (error instanceof RedcapBannedError) {
    return { message: "the server banned this IP address (HTTP 429)", advice, exitCode: 3 };
  }
  if (error instanceof RedcapPermissionError) {
    return { message: "the server stopped accepting the API token (HTTP 403)", advice, exitCode: 3 };
  }
  if (error instanceof RedcapRedirectError) return { message: "the API URL redirects", advice, exitCode: 3 };
  return undefined;
}

/** A row that failed only because the run had stopped (its request refused or cut off). */
function cutByStop(error: unknown): boolean {
  return error instanceof RedcapNetworkError || stopReason(error) !== undefined;
}

/** The manifest's `error`: what went wrong in a coordinator's words; never a code or link. */
export function rowErrorMessage(error: unknown): string {
  if (error instanceof PacketsError) return error.message;
  // An unknown error's message could quote anything (even a code): name the kind only.
  const kind = error instanceof Error ? error.name : typeof error;
  return `unexpected error while making this letter (${kind}); please report it`;
}
