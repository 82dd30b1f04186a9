import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A long run's memory stays flat only if old garbage is collected as it goes. Drawing a letter makes
// objects that live a little while (a page's content lives until the page ends, a letter's document
// until it is written), long enough for V8 to move them out of its young generation; V8 then grows
// the old generation rather than collect it: a 10,000-letter run peaked at 431 MiB with about 70 MiB
// alive. A full collection each time the heap has grown by a few dozen MiB keeps the peak flat (the
// print file of 10,000 letters: 450 MiB → 242 MiB, for about 5 % of its time). Node offers no switch for this but V8's own
// `gc`, which a flag exposes; if a future Node refuses, the run simply goes on without it.

let gc: (() => void) | undefined | null;

function collector(): (() => void) | undefined {
  if (gc === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      const found: unknown = runInNewContext("typeof gc === 'function' ? gc : undefined");
      gc = typeof found === "function" ? (found as () => void) : null;
    } catch {
      gc = null;
    }
  }
  return gc ?? undefined;
}

/** A full collection now; false when this Node gives no way to ask for one. */
export function collectGarbage(): boolean {
  const collect = collector();
  collect?.();
  return collect !== undefined;
}

/** How far the heap may grow past what the last collection left before the next is asked for. */
const GROWTH = 48 * 1024 * 1024;

/**
 * Called once a letter: collects garbage when the heap has grown by `growth` bytes since the least
 * it held (after a collection, ours or V8's own). Bounded by growth, not by a count of letters, the
 * heap stays within `growth` of what is alive whatever the roster's size, and a collection (whose
 * cost grows with what is alive) comes no more often on a large roster than on a small one.
 */
export function memoryKeeper(growth = GROWTH): () => void {
  let floor = usedHeap();
  return () => {
    const used = usedHeap();
    if (used < floor) floor = used;
    else if (used - floor > growth && collectGarbage()) floor = usedHeap();
  };
}

function usedHeap(): number {
  return getHeapStatistics().used_heap_size;
}

/** Letters from which a run collects its garbage between stages. */
const LARGE_RUN = 1_000;

/**
 * Between two stages of a large run: what one stage left behind (reading and checking 50,000 rows
 * leaves tens of MiB) goes before the next one piles its own on top, which would set the run's peak.
 * A front desk's one packet leaves too little to be worth the pause.
 */
export function collectBetweenStages(letters: number): void {
  if (letters >= LARGE_RUN) collectGarbage();
}
