import { once } from "node:events";
import type { Clock, RowOutcome } from "../../types.js";
import { revised } from "../plan.js";
import { manifestChunks } from "./manifest.js";
import { writeStreamAtomic } from "./write.js";

// The manifest is on disk from the moment the run starts and rewritten as rows finish (at most every
// few seconds), so a crash, a kill or a power cut leaves one that says what was made. Each write
// rewrites every row: on a large roster (a 50,000-row manifest takes a good part of a second) the
// writes are spaced so that they take at most a twentieth of the run's time.

export class ManifestWriter {
  readonly #outcomes = new Map<number, RowOutcome>();
  #queue: Promise<void> = Promise.resolve();
  #lastWrite = Number.NEGATIVE_INFINITY;
  /** Time between interim writes: the interval, or twenty times the last write's own time. */
  #gap: number;

  constructor(
    private readonly path: string,
    initial: readonly RowOutcome[],
    private readonly clock: Clock,
    private readonly intervalMs = 2_000,
  ) {
    for (const outcome of initial) this.#outcomes.set(outcome.row, outcome);
    this.#gap = intervalMs;
  }

  /** Records a row's outcome; writes the manifest when the last write is old enough. */
  update(outcome: RowOutcome): void {
    this.#outcomes.set(outcome.row, outcome);
    if (this.clock.now() - this.#lastWrite >= this.#gap) {
      // An interim write that fails is not fatal: the final one reports its error.
      void this.#write().catch(() => {});
    }
  }

  /** Notes the print file that took these rows' letters. */
  markPrinted(rows: readonly number[], printFile: string): void {
    for (const row of rows) {
      const outcome = this.#outcomes.get(row);
      if (outcome !== undefined) this.#outcomes.set(row, revised(outcome, { printFile }));
    }
  }

  get outcomes(): RowOutcome[] {
    return [...this.#outcomes.values()];
  }

  /** Writes the manifest now, after any write in progress. */
  flush(): Promise<void> {
    return this.#write();
  }

  #write(): Promise<void> {
    this.#lastWrite = this.clock.now();
    const next = this.#queue.then(async () => {
      const started = this.clock.now();
      await writeStreamAtomic(this.path, async (out) => {
        for (const chunk of manifestChunks(this.outcomes)) {
          if (!out.write(chunk)) await once(out, "drain");
        }
      });
      this.#gap = Math.max(this.intervalMs, 20 * (this.clock.now() - started));
    });
    this.#queue = next.catch(() => {});
    return next;
  }
}
