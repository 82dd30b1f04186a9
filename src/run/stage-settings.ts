import { type ConfigValues, type GenerateSettings, kitChoices, savedSettings } from "../config/index.js";
import type { LetterKitOptions } from "../letters/index.js";
import type { RedcapClientOptions } from "../redcap/client.js";
import type { RosterOptions } from "../roster/parse-roster.js";
import type { PrintOptions } from "./folder/run-folder.js";
import type { PlanOptions } from "./plan.js";
import type { TriageMode } from "./triage.js";

// The resolved settings cut into what each stage needs: the token goes to the REDCap client and
// nowhere else, and no stage sees a flag it does not act on.

export interface StageSettings {
  readonly rosterFile: string;
  readonly roster: RosterOptions;
  /** What run.json keeps of these settings (no token), for `reprint`. */
  readonly saved: ConfigValues;
  readonly letters: Omit<LetterKitOptions, "date">;
  readonly plan: PlanOptions;
  readonly redcap: Omit<RedcapClientOptions, "clock" | "onEvent" | "retry">;
  readonly run: RunChoices;
  readonly print: PrintOptions;
}

export interface RunChoices {
  readonly outDir: string;
  readonly dryRun: boolean;
  readonly mode: TriageMode;
  /** Where codes come from: the folder only (a rerender), REDCap only (a refresh), or the folder first. */
  readonly codes: "kept" | "refresh" | "kept-or-fetch";
  readonly includeCompleted: boolean;
  /** Letters in the making at once. */
  readonly concurrency: number;
}

export function stageSettings(settings: GenerateSettings): StageSettings {
  const { rateLimit, concurrency, timeoutMs, caFile } = settings;
  return {
    rosterFile: settings.rosterFile,
    roster: { delimiter: settings.delimiter },
    saved: savedSettings(settings),
    letters: {
      ...kitChoices(settings),
      rosterColumns: new Map(settings.columns.map((c) => [c.name, c.column])),
    },
    plan: {
      instruments: settings.instruments,
      event: settings.event,
      records: settings.records,
      sortBy: settings.sortBy,
      columns: settings.columns,
    },
    redcap: {
      apiUrl: settings.apiUrl,
      token: settings.token,
      rateLimit,
      concurrency,
      timeoutMs,
      ...(caFile === undefined ? {} : { caFile }),
    },
    run: {
      outDir: settings.outDir,
      dryRun: settings.dryRun,
      mode: settings.rerender ? "rerender" : settings.force ? "force" : "missing",
      codes: settings.rerender ? "kept" : settings.refreshCodes ? "refresh" : "kept-or-fetch",
      includeCompleted: settings.includeCompleted,
      concurrency,
    },
    print: { duplex: settings.duplex, sortBy: settings.sortBy },
  };
}
