import type { LetterKit } from "../letters/index.js";
import type { LetterData, ProgressEvent, RowOutcome, SurveyCodes } from "../types.js";
import { type CheckedLetter, fieldsOf } from "./check.js";
import {
  type CodeSupply,
  completedSurveys,
  forgetListed,
  type KnownCodes,
  knownCodes,
  packetCodes,
  withCodes,
} from "./fetch-codes.js";
import type { RunFolder } from "./folder/run-folder.js";
import { collectBetweenStages, memoryKeeper } from "./memory.js";
import { ListedCodes } from "./participant-codes.js";
import { letterOutcome } from "./plan.js";
import { cutByStop, interrupted, rowErrorMessage, type StopReason, serverStop } from "./stop.js";

// Fetch → render → write, one letter at a time per worker, so a crash loses only the letters in
// flight and a re-run picks up exactly the missing ones. Nothing of a letter is held once it is
// written: the print file reads each letter's codes back from the run folder.

export interface MakeLettersInput {
  readonly letters: readonly CheckedLetter[];
  readonly supply: CodeSupply;
  readonly folder: RunFolder;
  readonly kit: LetterKit;
  /** The REDCap project's title, for `{{project_title}}`. */
  readonly projectTitle: string;
  /** Make letters for participants the participant list says completed the survey (else skipped). */
  readonly includeCompleted: boolean;
  /** Letter files an earlier run put in a print file: letters made again for them are replacements. */
  readonly replacements: ReadonlySet<string>;
  /** A rerender: the letters are first letters again, never replacements, now or later. */
  readonly firstLetters: boolean;
  /** Letters in the making at once (fetching or rendering). */
  readonly concurrency: number;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: (event: ProgressEvent) => void;
  /** Each row's outcome as soon as it is known (for the manifest written during the run). */
  readonly onOutcome: (outcome: RowOutcome) => void;
  /** For the history's time stamps. */
  readonly now: () => Date;
}

export interface MadeLetters {
  /** Letters made in this run, in roster order: the content of this run's print file. */
  readonly made: readonly CheckedLetter[];
  /** Why the run stopped early, when the server (or the user) stopped it. */
  readonly stop: StopReason | undefined;
}

export async function makeLetters(input: MakeLettersInput): Promise<MadeLetters> {
  const made: CheckedLetter[] = [];
  let stop: StopReason | undefined;
  let known: KnownCodes = { listed: new ListedCodes() };
  try {
    // The participant lists (at 50,000 rows, tens of MiB each) are read between two collections.
    collectBetweenStages(input.letters.length);
    known = await knownCodes(input.letters, input.supply, input.onProgress);
    collectBetweenStages(input.letters.length);
  } catch (error) {
    // The participant list was stopped (Ctrl-C, a ban, a revoked token): only letters whose codes are
    // kept are made (none after Ctrl-C), and the stop is said as what it was.
    const message = rowErrorMessage(error);
    stop = interrupted(input.signal) ?? serverStop(error) ?? { kind: "error", message, advice: message };
    input.supply.client.close();
  }

  // Rendering is CPU work on this one thread: letters rendered side by side are no faster, and each
  // holds a whole document in memory. Fetches overlap; renders take turns.
  let renderTurn: Promise<unknown> = Promise.resolve();
  const renderOneAtATime = <T>(render: () => Promise<T>): Promise<T> => {
    const result = renderTurn.then(render);
    renderTurn = result.catch(() => {});
    return result;
  };

  // After REDCap stopped the run (a ban is permanent), a letter whose codes the folder keeps needs no
  // request: it is still made, so that it is printed now. Ctrl-C stops everything.
  const keptWhole = (letter: CheckedLetter) =>
    input.supply.codes !== "refresh" && input.supply.folder.keepsAllCodes([letter], input.supply.source);

  /** The outcome of a letter the stop leaves out before it begins; undefined when it may be made. */
  const cutBeforeStart = async (letter: CheckedLetter): Promise<RowOutcome | undefined> => {
    const stopped = interrupted(input.signal) ?? stop;
    if (stopped === undefined || (stopped.kind !== "interrupted" && (await keptWhole(letter))))
      return undefined;
    stop ??= stopped;
    return letterOutcome(letter, "failed", `not made: ${stopped.message}`);
  };

  const makeOne = async (letter: CheckedLetter): Promise<RowOutcome> => {
    // A packet is left out only when every survey in it is done; a packet with one still open is
    // made (a completed survey REDCap gives no code for then fails the row, saying why).
    const completed = completedSurveys(letter, known);
    if (completed.length === letter.surveys.length && !input.includeCompleted) {
      const why = `the participant already completed ${completed.join(", ")} in REDCap (--include-completed makes the letter anyway)`;
      return letterOutcome(letter, "skipped", why, "");
    }
    try {
      const codes = await packetCodes(letter, input.supply, known);
      const pdf = await renderOneAtATime(() => input.kit.renderLetter(letterData(letter, codes, input)));
      await input.folder.writeLetter(letter.file, pdf, input.now(), input.firstLetters);
      made.push(letter);
      return letterOutcome(letter, "ok");
    } catch (error) {
      const reason = serverStop(error);
      if (reason !== undefined && stop === undefined) {
        stop = reason;
        // Nothing more may reach the server (a revoked token, a ban): cut the letters still in flight.
        input.supply.client.close();
        return letterOutcome(letter, "failed", rowErrorMessage(error));
      }
      if (stop !== undefined && cutByStop(error))
        return letterOutcome(letter, "failed", `not made: ${stop.message}`);
      return letterOutcome(letter, "failed", rowErrorMessage(error));
    }
  };

  // A few workers take the next letter as they finish one: nothing per letter waits in memory.
  let next = 0;
  const letterDone = memoryKeeper();
  const worker = async () => {
    for (let letter = input.letters[next++]; letter !== undefined; letter = input.letters[next++]) {
      const cut = await cutBeforeStart(letter);
      const outcome = cut ?? (await makeOne(letter));
      forgetListed(letter, known);
      letterDone();
      input.onOutcome(outcome);
      input.onProgress({ type: "row", row: outcome.row, status: outcome.status, begun: cut === undefined });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.concurrency) }, worker));
  return { made: made.sort((a, b) => a.row - b.row), stop };
}

/** What the kit draws for a letter: the same whether it is made alone or again into the print file. */
export function letterData(
  letter: CheckedLetter,
  codes: readonly (SurveyCodes | undefined)[],
  context: Pick<MakeLettersInput, "projectTitle" | "replacements">,
): LetterData {
  const data = {
    recordId: letter.recordId,
    language: letter.language,
    fields: fieldsOf(letter),
    surveys: withCodes(letter, codes),
    projectTitle: context.projectTitle,
    // Every letter a run draws passed the kit's check before the first code (its `problem` is undefined).
    checked: letter.problem === undefined,
  };
  return context.replacements.has(letter.file) ? { ...data, reprint: true } : data;
}
