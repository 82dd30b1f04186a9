import { CommanderError } from "commander";
import { RedcapBannedError } from "../errors.js";
import type { RunSummary } from "../types.js";

// The exit codes of cli.md, decided here and nowhere else:
//   0  every row ok or skipped
//   1  the batch ran and some row failed (a dry run: its set-up is in order, but some row would fail),
//      or it was interrupted, or its print file could not be written
//   2  no participant's code was fetched: usage, config, token, roster, template, or the check's
//      report (PreflightError) had a finding that stops the run
//   3  the server stopped the run (IP ban, token revoked, a redirect mid-run): what finished is written

export type ExitCode = 0 | 1 | 2 | 3;

/** The exit code of a run that got as far as its summary. */
export function exitCodeOfRun(summary: Pick<RunSummary, "failed" | "stop">): ExitCode {
  if (summary.stop?.kind === "server") return 3;
  if (summary.stop !== undefined || summary.failed > 0) return 1;
  return 0;
}

/** The exit code of an error that ended a command before its summary: a set-up stage, so 2. */
export function exitCodeOfError(error: unknown): ExitCode {
  // --help and "help" are successes; a missing command or a bad flag is a usage error.
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  // A ban stops everything, even the check before the first code: the contract's "stopped by the server".
  if (error instanceof RedcapBannedError) return 3;
  return 2;
}
