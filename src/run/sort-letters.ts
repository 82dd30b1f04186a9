import { join } from "node:path";
import type { LetterKit } from "../letters/index.js";
import type { LetterPlan, RowOutcome } from "../types.js";
import type { History } from "./folder/history.js";
import { letterOutcome, NOT_SELECTED, type Plan } from "./plan.js";
import { printProblemsOf } from "./setup-checks.js";

export interface SortedLetters {
  readonly toMake: LetterPlan[];
  /** Rows decided before any code is fetched, with what an earlier run recorded of them. */
  readonly decided: RowOutcome[];
}

export interface SortInput {
  readonly plan: Plan;
  readonly kit: LetterKit;
  readonly rowProblems: ReadonlyMap<number, string>;
  readonly history: History;
  readonly runFolder: string;
  readonly force: boolean;
  readonly exists: (path: string) => Promise<boolean>;
}

/**
 * Which planned letters to make now. A letter already in the run folder is kept (skipped) when the
 * history says it was printed, or when the history does not know it (made by hand, or before the
 * history); one the history says was made but never printed (that run died first) is made again,
 * with the same codes, so that it gets printed.
 */
export async function sortLetters(input: SortInput): Promise<SortedLetters> {
  const { history } = input;
  const toMake: LetterPlan[] = [];
  const decided = await Promise.all(input.plan.decided.map((o) => carryForward(o, input)));
  for (const letter of input.plan.letters) {
    const serverProblem = input.rowProblems.get(letter.line);
    const printProblems = serverProblem === undefined ? printProblemsOf(input.kit, letter) : [];
    if (serverProblem !== undefined) {
      decided.push(letterOutcome(letter, "failed", serverProblem));
    } else if (printProblems.length > 0) {
      decided.push(letterOutcome(letter, "failed", printProblems.join("; ")));
    } else if (input.force || !(await input.exists(join(input.runFolder, letter.file)))) {
      toMake.push(letter);
    } else if (history.printed.has(letter.file)) {
      const printFile = history.printed.get(letter.file) ?? "";
      const kept = letterOutcome(
        letter,
        "skipped",
        "already made and printed in an earlier run (kept; --force rebuilds it)",
      );
      decided.push({ ...kept, printFile });
    } else if (history.unprinted.has(letter.file)) {
      // Made here but never printed (the run died before its print file): make it again to print it.
      toMake.push(letter);
    } else {
      decided.push(letterOutcome(letter, "skipped", "already in the run folder (kept; --force rebuilds it)"));
    }
  }
  return { toMake, decided };
}

/** A row --records left out keeps its letter's file (and print file) in the manifest when it exists. */
async function carryForward(outcome: RowOutcome, input: SortInput): Promise<RowOutcome> {
  if (outcome.error !== NOT_SELECTED || outcome.file === "") return outcome;
  if (!(await input.exists(join(input.runFolder, outcome.file)))) return { ...outcome, file: "" };
  return { ...outcome, printFile: input.history.printed.get(outcome.file) ?? "" };
}
