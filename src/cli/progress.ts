import { MultiBar, type SingleBar } from "cli-progress";
import type { ProgressEvent } from "../types.js";
import { writeLine } from "./io.js";
import { madeCount, progressUnit } from "./made-words.js";

// Long runs show a bar on a terminal; in a log (no TTY) a line at each quarter instead.

export interface ProgressReporter {
  readonly report: (event: ProgressEvent) => void;
  readonly finish: () => void;
}

type ErrStream = NodeJS.WritableStream & { isTTY?: boolean };

export function createProgressReporter(stream: ErrStream): ProgressReporter {
  let multi: MultiBar | undefined;
  let bar: SingleBar | undefined;
  let total = 0;
  let done = 0;
  let failed = 0;
  let nextQuarter = 1;
  let unit = "letters";
  const say = (text: string) => {
    if (multi === undefined) writeLine(stream, text);
    else multi.log(`${text}\n`);
  };

  const report = (event: ProgressEvent) => {
    switch (event.type) {
      case "warning":
        say(`warning: ${event.message}`);
        break;
      case "retry":
        if (event.attempt === 2) say(`REDCap did not answer ${event.content} (${event.reason}); retrying…`);
        break;
      case "planned":
        total = event.toMake;
        unit = progressUnit(event.layout);
        say(
          `${event.total} roster row(s): ${madeCount(event.layout, event.toMake)} to make, ${event.skipped} skipped, ${event.failed} failed before fetching.`,
        );
        if (total > 0 && stream.isTTY === true) {
          multi = new MultiBar({
            stream,
            format: `${capitalized(unit)} [{bar}] {value}/{total} | failed {failed} | ETA {eta_formatted}`,
            hideCursor: true,
            etaBuffer: 50,
          });
          bar = multi.create(total, 0, { failed: 0 });
        }
        break;
      case "row":
        // A letter the stop left out never began: the bar stops where the run stopped.
        if (!event.begun) break;
        done += 1;
        if (event.status === "failed") failed += 1;
        bar?.update(done, { failed });
        if (bar === undefined && total >= 20 && done >= (total * nextQuarter) / 4) {
          writeLine(stream, `… ${done}/${total} ${unit} (${failed} failed)`);
          nextQuarter += 1;
        }
        break;
      case "stage":
        break;
    }
  };
  return {
    report,
    finish: () => {
      multi?.stop();
      multi = undefined;
      bar = undefined;
    },
  };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
