// The domain types every stage shares. Stages exchange plain data; only the edges do I/O.

import type { RowFinding } from "./check-report.js";
import type { TemplateLayout } from "./letters/template/settings.js";

/** Never more than `count` requests in any sliding window of `windowMs` milliseconds. */
export interface RateLimit {
  readonly count: number;
  readonly windowMs: number;
}

/** Time as a parameter, so tests and the simulator need no fake globals. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** One participant row of the roster, as read (values are strings, NFC-normalized). */
export interface RosterRow {
  /** 1-based data row number: the manifest's `row`. */
  readonly row: number;
  /** 1-based line of the roster file on which this row starts. */
  readonly line: number;
  readonly recordId: string;
  /** From the optional `instrument` column (a comma-separated list); undefined when the cell is empty. */
  readonly instruments: readonly string[] | undefined;
  readonly event: string | undefined;
  readonly repeatInstance: number | undefined;
  readonly language: string | undefined;
  /** Every column by its header name, for the template. */
  readonly fields: Readonly<Record<string, string>>;
  /** What is wrong with this row alone; a row with problems becomes a failed manifest row. */
  readonly problems: readonly RowProblem[];
}

export interface RowProblem {
  readonly line: number;
  /** The column concerned, when there is one. */
  readonly column: string | undefined;
  /** Words a coordinator understands; never a code, a link or a name. */
  readonly message: string;
}

/** What the checks after the plan need of a roster: its name and columns, not its rows. */
export interface RosterHead {
  readonly file: string;
  readonly columns: readonly string[];
}

export interface Roster extends RosterHead {
  readonly rows: readonly RosterRow[];
  /** What the reader accepted but the coordinator should know (a roster read as Windows-1252). */
  readonly warnings?: readonly string[];
}

/** One survey of a packet, whose record is the packet's: letters with the same surveys share these. */
export interface PacketSurvey {
  readonly instrument: string;
  /** Unique event name; undefined on classic projects. */
  readonly event: string | undefined;
  readonly repeatInstance: number;
}

/** One survey of one participant: what the three REDCap survey methods are asked for. */
export interface SurveyRef extends PacketSurvey {
  readonly recordId: string;
}

/** What REDCap gave for one survey, validated in shape. Bearer credentials: never logged. */
export interface SurveyCodes {
  readonly accessCode: string;
  readonly surveyLink: string;
  readonly returnCode: string;
}

/** Everything a letter template needs for one survey of a packet. */
export interface LetterSurvey extends SurveyRef, SurveyCodes {
  /** Human label of the instrument (from REDCap's instrument export), e.g. "Baseline Survey". */
  readonly label: string;
}

/** Everything needed to render one packet (one PDF). */
export interface LetterData {
  readonly recordId: string;
  readonly language: string | undefined;
  readonly fields: Readonly<Record<string, string>>;
  readonly surveys: readonly LetterSurvey[];
  /** The REDCap project's title, for `{{project_title}}`. */
  readonly projectTitle?: string;
  /** A replacement for a letter made before: it says the codes are the same (REDCap cannot revoke them). */
  readonly reprint?: boolean;
  /**
   * The kit's check of these values and language passed before (a run checks every row before its
   * first code, and draws only rows that passed): drawing does not check them again.
   */
  readonly checked?: boolean;
}

/** One roster row turned into the letter it should produce (pure output of the plan stage). */
export interface LetterPlan {
  readonly row: number;
  readonly line: number;
  readonly recordId: string;
  readonly surveys: readonly SurveyRef[];
  readonly language: string | undefined;
  readonly fields: Readonly<Record<string, string>>;
  /** Path of the packet PDF relative to the run folder, e.g. `letters/0042_baseline_survey.pdf`. */
  readonly file: string;
}

export type RowStatus = "ok" | "skipped" | "failed";

/** One manifest line. */
export interface RowOutcome {
  readonly row: number;
  readonly line: number;
  readonly recordId: string;
  readonly instrument: string;
  readonly event: string;
  readonly repeatInstance: string;
  readonly status: RowStatus;
  readonly file: string;
  readonly error: string;
  /** The print file (relative to the run folder) that holds this row's letter; "" when none yet. */
  readonly printFile: string;
}

export interface RunSummary {
  readonly runFolder: string;
  readonly manifest: string;
  readonly printFiles: readonly string[];
  /** What each participant got (letters, hand-outs, cards, labels): the summary says so in its words. */
  readonly layout: TemplateLayout;
  readonly ok: number;
  readonly skipped: number;
  readonly failed: number;
  /** The failed rows, in roster order (what the manifest says of them). */
  readonly failedRows: readonly RowOutcome[];
  /** Rows skipped for a reason of their own (kept letters, completed surveys; not those --records left out). */
  readonly skippedRows: readonly RowOutcome[];
  /** Letters this run set out to make (in a dry run: would make). */
  readonly planned: number;
  /** The rows the check before the first code found will fail, with their kinds (the dry run's report). */
  readonly failing: readonly RowFinding[];
  readonly requests: number;
  /** Why the run ended before every letter was made (the server, Ctrl-C, the print file); undefined when it did not. */
  readonly stop: StopReason | undefined;
}

/** Why a run ended before every letter was made, in a coordinator's words. */
export interface StopReason {
  /** "server": REDCap stopped the run (ban, refused token, redirect); "interrupted": Ctrl-C; "error": anything else. */
  readonly kind: "server" | "interrupted" | "error";
  /** Short, for the manifest lines of rows not made. */
  readonly message: string;
  /** Whole, for the user: what happened and what to do. */
  readonly advice: string;
}

/** Progress the library reports; the CLI turns these into a progress bar and a summary. */
export type ProgressEvent =
  | {
      readonly type: "stage";
      readonly stage: "roster" | "preflight" | "plan" | "fetch" | "render" | "print" | "manifest";
    }
  | {
      readonly type: "planned";
      readonly layout: TemplateLayout;
      readonly total: number;
      readonly toMake: number;
      readonly skipped: number;
      readonly failed: number;
    }
  | {
      readonly type: "row";
      readonly row: number;
      readonly status: RowStatus;
      /** False for a letter a stop (Ctrl-C, a ban) left out before it began: not made, but not failing either. */
      readonly begun: boolean;
    }
  | {
      readonly type: "retry";
      readonly content: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    }
  | { readonly type: "warning"; readonly message: string };
