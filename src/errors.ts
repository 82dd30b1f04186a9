// One small error hierarchy: a stable `code` and `cause` kept; which exit code an error means is
// decided in one place, src/cli/exit-codes.ts.
// No message may carry a secret: never the token, never a code or survey link, never a name.

import { type CheckReport, type Finding, type RowFinding, renderCheckReport } from "./check-report.js";
import { describeRefusal, type Refusal, refusalSentence } from "./redcap/refusals.js";

export abstract class PacketsError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad command line or flag value. */
export class UsageError extends PacketsError {
  readonly code = "USAGE";
}

/** Bad configuration: config file, API URL, token file, rate limit … */
export class ConfigError extends PacketsError {
  readonly code = "CONFIG";
}

/** Where in an input file a problem is. */
export interface FileLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: string | number;
}

export function formatLocation(where: FileLocation): string {
  let text = where.file;
  if (where.line !== undefined) text += `, line ${where.line}`;
  if (where.column !== undefined) {
    text += typeof where.column === "number" ? `, column ${where.column}` : `, column "${where.column}"`;
  }
  return text;
}

/** The roster as a whole cannot be used (missing file, no `record_id` column, not CSV). */
export class RosterError extends PacketsError {
  readonly code = "ROSTER";

  constructor(
    readonly where: FileLocation,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${formatLocation(where)}: ${problem}`, options);
  }
}

/** The letter template cannot be read or cannot render. */
export class TemplateError extends PacketsError {
  readonly code = "TEMPLATE";
}

export type { Finding } from "./check-report.js";

/**
 * Everything the check before the first code found, when some of it stops the run: the set-up
 * findings and the rows that would fail, reported together (src/check-report.ts). No participant's
 * code was fetched (only the one probe per survey the check itself sends).
 */
export class PreflightError extends PacketsError {
  readonly code = "PREFLIGHT";
  readonly report: CheckReport;

  constructor(findings: readonly Finding[], options?: { cause?: unknown; rows?: readonly RowFinding[] }) {
    const report: CheckReport = { setup: findings, rows: options?.rows ?? [] };
    super(renderCheckReport(report), options?.cause === undefined ? {} : { cause: options.cause });
    this.report = report;
  }

  /** The findings that stop the run. */
  get findings(): readonly Finding[] {
    return this.report.setup;
  }
}

/** Ctrl-C (or SIGTERM) before the run had fetched anything: nothing was fetched, exit 2. */
export class InterruptedError extends PacketsError {
  readonly code = "INTERRUPTED";
}

/** A row-level failure while making one letter (missing template value, unprintable script …). */
export class RowError extends PacketsError {
  readonly code = "ROW";
}

// ---- REDCap ---------------------------------------------------------------------------------------

/** Base of everything the REDCap client raises; `content` is the API method (`surveyLink`, …). */
export abstract class RedcapError extends PacketsError {
  abstract readonly retryable: boolean;
  /** After this error no further request may be sent (a ban, a refused token, a redirect): the run stops. */
  readonly stopsTheRun: boolean = false;

  constructor(
    readonly content: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** REDCap answered with its own error message (JSON, CSV or XML envelope, status >= 400). */
export class RedcapApiError extends RedcapError {
  readonly code = "REDCAP_API";
  readonly retryable = false;

  constructor(
    content: string,
    readonly status: number,
    readonly serverMessage: string,
    options?: { cause?: unknown },
  ) {
    super(content, `REDCap answered ${status}: ${serverMessage}`, options);
  }
}

/** 403: bad token or missing rights. Mid-run it means the token was revoked: the run stops. */
export class RedcapPermissionError extends RedcapError {
  readonly code = "REDCAP_FORBIDDEN";
  readonly retryable = false;
  override readonly stopsTheRun = true;
  /** Which of REDCap's refusals this is, and what to do about it. */
  readonly refusal: Refusal;

  constructor(
    content: string,
    readonly serverMessage: string,
    options?: { cause?: unknown },
  ) {
    const refusal = describeRefusal(serverMessage);
    super(content, refusalSentence(refusal, 403), options);
    this.refusal = refusal;
  }
}

/** 429: the server banned this IP address. Permanent until an administrator lifts it: stop at once. */
export class RedcapBannedError extends RedcapError {
  readonly code = "REDCAP_BANNED";
  readonly retryable = false;
  override readonly stopsTheRun = true;

  constructor(content: string, options?: { cause?: unknown }) {
    super(
      content,
      "REDCap banned this computer's IP address for sending too many requests (HTTP 429). " +
        "The ban is permanent until a REDCap administrator lifts it: ask them, and lower --rate-limit before the next run.",
      options,
    );
  }
}

/** 301/302/307/308: a redirected POST arrives as a GET; the URL is wrong (usually http instead of https). */
export class RedcapRedirectError extends RedcapError {
  readonly code = "REDCAP_REDIRECT";
  readonly retryable = false;
  override readonly stopsTheRun = true;

  constructor(content: string, status: number, options?: { cause?: unknown }) {
    super(
      content,
      `REDCap's address redirected the request (HTTP ${status}). Use the exact API URL, with https, ending in /api/.`,
      options,
    );
  }
}

/** An HTTP error status without REDCap's envelope (proxy 502/503/504 pages, 500 out of memory …). */
export class RedcapHttpError extends RedcapError {
  readonly code = "REDCAP_HTTP";

  constructor(
    content: string,
    readonly status: number,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(content, `REDCap's server answered HTTP ${status} without a REDCap message`, options);
  }
}

/** Status 200, but the body is not what the method returns (an HTML outage or login page …). */
export class RedcapResponseShapeError extends RedcapError {
  readonly code = "REDCAP_UNEXPECTED_RESPONSE";
  readonly retryable = false;

  constructor(content: string, expected: string, received: string, options?: { cause?: unknown }) {
    super(content, `REDCap's answer to ${content} was not ${expected}: it was ${received}`, options);
  }
}

/** No answer: connection refused or reset, DNS, TLS, timeout. */
export class RedcapNetworkError extends RedcapError {
  readonly code = "REDCAP_NETWORK";
  readonly retryable = true;
}
