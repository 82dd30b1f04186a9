import type { RowOutcome } from "../types.js";
import type { CheckedLetter, CheckedPlan } from "./check.js";
import { type History, manifestKey, type RunFolder } from "./folder/run-folder.js";
import { letterOutcome, NOT_SELECTED, revised } from "./plan.js";

// Which checked letters this run makes, read against what the run folder already holds.

export interface Triage {
  readonly toMake: CheckedLetter[];
  /** Rows decided before any code is fetched, with what an earlier run recorded of them. */
  readonly decided: RowOutcome[];
  /**
   * Rows --records left out (by row number): the manifest keeps what it said of them before, but
   * this run's counts and exit code do not take them in.
   */
  readonly leftOut: ReadonlySet<number>;
}

/**
 * "missing": letters not in the folder, and those made but never printed;
 * "force": every letter (replacements for those printed before);
 * "rerender": every letter whose codes the folder keeps (a fixed template), and no other.
 */
export type TriageMode = "missing" | "force" | "rerender";

/**
 * A letter already in the run folder is kept (skipped) when the history says it was printed, or
 * when the history does not know it (made by hand, or before the history); one the history says was
 * made but never printed (that run died first) is made again, with the same codes, so that it gets
 * printed.
 */
export async function triage(
  checked: CheckedPlan,
  folder: RunFolder,
  history: History,
  mode: TriageMode,
): Promise<Triage> {
  const toMake: CheckedLetter[] = [];
  const earlier = await folder.earlierManifest();
  const leftOut = new Set(checked.decided.filter((o) => o.error === NOT_SELECTED).map((o) => o.row));
  const decided = await Promise.all(checked.decided.map((o) => carryForward(o, folder, history, earlier)));
  const present = await folder.letterFiles();
  for (const letter of checked.letters) {
    const kept = mode === "missing" && present.has(letter.file);
    if (letter.problem !== undefined) {
      decided.push(letterOutcome(letter, "failed", letter.problem));
    } else if (mode === "rerender" && !(await folder.keepsAllCodes([letter], checked.codeSource))) {
      // A rerender asks REDCap for no code: a row that never got a letter is left for a plain run.
      decided.push(letterOutcome(letter, "skipped", NEVER_MADE, ""));
    } else if (!kept || history.unprinted.has(letter.file)) {
      // Made here but never printed (the run died before its print file): made again to print it.
      toMake.push(letter);
    } else if (history.printed.has(letter.file)) {
      const printFile = history.printed.get(letter.file) ?? "";
      const outcome = letterOutcome(letter, "skipped", PRINTED_BEFORE);
      decided.push(revised(outcome, { printFile }));
    } else {
      decided.push(letterOutcome(letter, "skipped", "already in the run folder (kept; --force rebuilds it)"));
    }
  }
  return { toMake, decided, leftOut };
}

const PRINTED_BEFORE = "already made and printed in an earlier run (kept; --force rebuilds it)";
const NEVER_MADE =
  "no letter was made for this row before: --rerender remakes letters only; run without it to make this one";

/**
 * A row --records (or reprint) left out keeps what the manifest said of it before (a failed row its
 * reason: one front-desk reprint must not wipe the coordinator's list), with its letter's file and
 * print file while the letter exists; a row the manifest did not know is "not selected".
 */
async function carryForward(
  outcome: RowOutcome,
  folder: RunFolder,
  history: History,
  earlier: ReadonlyMap<string, RowOutcome>,
): Promise<RowOutcome> {
  if (outcome.error !== NOT_SELECTED) return outcome;
  const before = earlier.get(manifestKey(outcome));
  if (before !== undefined && before.error !== NOT_SELECTED) {
    const file = before.file !== "" && (await folder.has(before.file)) ? before.file : "";
    // A letter that was made but is gone since is no longer "ok": it is said as not selected.
    if (before.status !== "ok" || file !== "") {
      const printFile = file === "" ? "" : (history.printed.get(file) ?? before.printFile);
      return revised(outcome, { status: before.status, error: before.error, file, printFile });
    }
  }
  if (outcome.file === "") return outcome;
  if (!(await folder.has(outcome.file))) return revised(outcome, { file: "" });
  return revised(outcome, { printFile: history.printed.get(outcome.file) ?? "" });
}
