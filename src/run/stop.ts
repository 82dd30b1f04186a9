import {
  PacketsError,
  RedcapBannedError,
  RedcapError,
  RedcapNetworkError,
  RedcapPermissionError,
} from "../errors.js";
import type { StopReason } from "../types.js";

// Why a run ended before every letter was made, in a coordinator's words. The CLI turns the kind
// into the exit code (src/cli/exit-codes.ts); the run only says what happened.

export type { StopReason } from "../types.js";

export function interrupted(signal: AbortSignal | undefined): StopReason | undefined {
  if (!signal?.aborted) return undefined;
  return {
    kind: "interrupted",
    message: "the run was interrupted before this row",
    advice: "It was interrupted: run the command again (without --force) to make the rest.",
  };
}

/** The stop an error means: after it no further request may be sent. Undefined for a row's own failure. */
export function serverStop(error: unknown): StopReason | undefined {
  if (!(error instanceof RedcapError) || !error.stopsTheRun) return undefined;
  const message =
    error instanceof RedcapBannedError
      ? "the server banned this IP address (HTTP 429)"
      : error instanceof RedcapPermissionError
        ? "the server stopped accepting the API token (HTTP 403)"
        : "the API URL redirects";
  return { kind: "server", message, advice: error.message };
}

/** A row that failed only because the run had stopped (its request refused or cut off). */
export function cutByStop(error: unknown): boolean {
  return error instanceof RedcapNetworkError || serverStop(error) !== undefined;
}

/** Two stops in one run (a ban, then the print file): both are said. */
export function bothStops(first: StopReason | undefined, then: StopReason): StopReason {
  return first === undefined ? then : { ...first, advice: `${first.advice}\n${then.advice}` };
}

/**
 * A file of the run folder that could not be written once letters were made (the print file, the
 * manifest): the letters are on disk and in the history, and the next run finishes the job.
 */
export function fileFailed(what: string, error: unknown): StopReason {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why = code === undefined ? rowErrorMessage(error) : `the file system said ${code}`;
  return {
    kind: "error",
    message: `${what} could not be written`,
    advice:
      `The letters were made, but ${what} could not be written (${why}). ` +
      "Free some disk space or fix the run folder, then run the same command again: it finishes the job.",
  };
}

/** The manifest's `error`: what went wrong in a coordinator's words; never a code or link. */
export function rowErrorMessage(error: unknown): string {
  if (error instanceof PacketsError) return error.message;
  // An unknown error's message could quote anything (even a code): name the kind only.
  const kind = error instanceof Error ? error.name : typeof error;
  return `unexpected error while making this letter (${kind}); please report it`;
}
