import { once } from "node:events";
import type { Clock, RowOutcome } from "../../types.js";
import { letterOutcome, type RowLetter, revised } from "../plan.js";
import { orderedManifestChunks } from "./manifest.js";
import { writeStreamAtomic } from "./write.js";

// The manifest is on disk from the moment the run starts and rewritten as rows finish (at most every
// few seconds), so a crash, a kill or a power cut leaves one that says what was made. Each write
// rewrites every row: on a large roster (a 50,000-row manifest takes a good part of a second) the
// writes are spaced so that they take at most a twentieth of the run's time.
//
// It holds one entry a row for the whole run. A row whose letter is still to make, or was made, is
// held as that letter (which the run holds anyway), with a byte saying which: its manifest line
// follows from the letter and is built only when written. Only rows with an outcome of their own
// (failed, skipped, decided before the run) hold one: an outcome a row is some 130 bytes, 6 MiB
// at 50,000 rows.

/** Rows to make in this run, each until its own outcome arrives "failed" with `reason`. */
export interface PendingLetters {
  readonly letters: readonly RowLetter[];
  readonly reason: string;
}

/** What a row held as its letter stands for: not made yet, made, or made and in `printFiles[k - PRINTED]`. */
const PENDING = 0;
const MADE = 1;
const PRINTED = 2;

export class ManifestWriter {
  /** Row number → its own outcome, or its letter while the outcome follows from the letter. */
  readonly #rows: (RowOutcome | RowLetter | undefined)[];
  /** For a row held as its letter: PENDING, MADE, or PRINTED + the index of its print file. */
  readonly #states: Uint8Array;
  readonly #printFiles: string[] = [];
  readonly #pendingReason: string;
  #queue: Promise<void> = Promise.resolve();
  #lastWrite = Number.NEGATIVE_INFINITY;
  /** Time between interim writes: the interval, or twenty times the last write's own time. */
  #gap: number;

  constructor(
    private readonly path: string,
    initial: readonly RowOutcome[],
    private readonly clock: Clock,
    private readonly intervalMs = 2_000,
    pending: PendingLetters = { letters: [], reason: "" },
  ) {
    let last = 0;
    for (const { row } of [...initial, ...pending.letters]) last = Math.max(last, row);
    // Filled, not sized: an array made with `new Array(n)` for a large n keeps its elements in a
    // dictionary, several times the size.
    this.#rows = Array.from({ length: last + 1 }, () => undefined);
    this.#states = new Uint8Array(last + 1);
    for (const outcome of initial) this.#rows[outcome.row] = outcome;
    for (const letter of pending.letters) this.#rows[letter.row] = letter;
    this.#pendingReason = pending.reason;
    this.#gap = intervalMs;
  }

  /** Records a row's outcome; writes the manifest when the last write is old enough. */
  update(outcome: RowOutcome): void {
    const held = this.#rows[outcome.row];
    if (held !== undefined && !isOutcome(held) && isMadeLetter(outcome, held))
      this.#states[outcome.row] = MADE;
    else this.#rows[outcome.row] = outcome;
    if (this.clock.now() - this.#lastWrite >= this.#gap) {
      // An interim write that fails is not fatal: the final one reports its error.
      void this.#write().catch(() => {});
    }
  }

  /** Notes the print file that took these rows' letters. */
  markPrinted(rows: readonly number[], printFile: string): void {
    this.#printFiles.push(printFile);
    const printed = PRINTED + this.#printFiles.length - 1;
    for (const row of rows) {
      const held = this.#rows[row];
      if (held === undefined) continue;
      if (!isOutcome(held) && this.#states[row] === PENDING) continue;
      // A run makes one print file; past what a byte can count, a row keeps an outcome of its own.
      if (isOutcome(held) || printed > 255)
        this.#rows[row] = revised(this.#outcomeOf(row, held), { printFile });
      else this.#states[row] = printed;
    }
  }

  /** Every row's outcome, in roster order. */
  get outcomes(): RowOutcome[] {
    return [...this.#inOrder()];
  }

  /** Writes the manifest now, after any write in progress. */
  flush(): Promise<void> {
    return this.#write();
  }

  *#inOrder(): Generator<RowOutcome> {
    for (const [row, held] of this.#rows.entries()) {
      if (held !== undefined) yield this.#outcomeOf(row, held);
    }
  }

  #outcomeOf(row: number, held: RowOutcome | RowLetter): RowOutcome {
    if (isOutcome(held)) return held;
    const letter = held;
    const state = this.#states[row] ?? PENDING;
    if (state === PENDING) return letterOutcome(letter, "failed", this.#pendingReason);
    const made = letterOutcome(letter, "ok");
    return state === MADE ? made : revised(made, { printFile: this.#printFiles[state - PRINTED] ?? "" });
  }

  #write(): Promise<void> {
    this.#lastWrite = this.clock.now();
    const next = this.#queue.then(async () => {
      const started = this.clock.now();
      await writeStreamAtomic(this.path, async (out) => {
        for (const chunk of orderedManifestChunks(this.#inOrder())) {
          if (!out.write(chunk)) await once(out, "drain");
        }
      });
      this.#gap = Math.max(this.intervalMs, 20 * (this.clock.now() - started));
    });
    this.#queue = next.catch(() => {});
    return next;
  }
}

function isOutcome(held: RowOutcome | RowLetter): held is RowOutcome {
  return "status" in held;
}

/** The outcome is the plain "made" one of this letter, which the letter itself can stand for. */
function isMadeLetter(outcome: RowOutcome, letter: RowLetter): boolean {
  return (
    outcome.status === "ok" &&
    outcome.file === letter.file &&
    outcome.error === "" &&
    outcome.printFile === ""
  );
}
