import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A long run's memory stays flat only if old garbage is collected as it goes. Drawing a letter makes
// objects that live a little while (a page's content lives until the page ends, a letter's document
// until it is written), long enough for V8 to move them out of its young generation; V8 then grows
// the old generation rather than collect it: a 10,000-letter run peaked at 431 MiB with about 70 MiB
// alive. A full collection every few hundred letters keeps the peak flat (the print file of 10,000
// letters: 450 MiB → 242 MiB, for about 5 % of its time). Node offers no switch for this but V8's own
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

/**
 * Counts letters and collects garbage every `every` of them: a letter made alone (a document of its
 * own, its fonts embedded anew) leaves about five times the garbage of a page in the print file.
 */
export function memoryKeeper(every: number): () => void {
  let letters = 0;
  return () => {
    letters += 1;
    if (letters % every === 0) collectGarbage();
  };
}
