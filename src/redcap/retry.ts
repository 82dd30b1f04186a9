import { RedcapHttpError, RedcapNetworkError } from "../errors.js";

// The whole retry policy in one place (ky's retry-timing is the model), with documented defaults.
//
// What is retried, and why:
// - network failures (reset, refused, no answer before the timeout) and proxy answers 502/503/504:
//   transient by nature, and every REDCap survey method is idempotent.
// - never a 4xx: the request is wrong and stays wrong. Never 429: it means the IP is already banned,
//   permanently, and each further request only adds to the abuse log.
// - never REDCap's own 500 ("ran out of server memory", a PHP fatal): the same request makes the same
//   query, and a struggling server is the last one to hammer. The row fails with the reason and the
//   next run (which skips letters already made) picks it up.
// - never TLS or DNS failures: a wrong certificate or host name does not fix itself within seconds,
//   nor does https:// sent to a server that speaks only http (EPROTO, "wrong version number").
// Every retry is a new request through the same rate window: retries count against the budget.

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** Upper bound of the first retry's delay; doubles each retry. */
  readonly baseDelayMs: number;
  /** No delay is ever longer than this. */
  readonly maxDelayMs: number;
  /** A number in [0, 1) for the jitter; injectable so tests are exact. */
  readonly random: () => number;
}

/** 4 tries; delays drawn in [0, 1 s), [0, 2 s), [0, 4 s): at most ~7 s extra per request. */
export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  random: Math.random,
};

export function resolveRetryPolicy(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...defaultRetryPolicy, ...overrides };
  if (!Number.isSafeInteger(policy.attempts) || policy.attempts < 1) {
    throw new RangeError(`retry attempts must be a whole number of at least 1 (got ${policy.attempts})`);
  }
  if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= 0)) {
    throw new RangeError("retry delays must be 0 ms or more");
  }
  return policy;
}

/**
 * Delay before retry number `retry` (1 = the first retry): "full jitter" — uniform in
 * [0, min(max, base · 2^(retry-1))) — so clients that failed together do not come back together.
 */
export function retryDelay(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(policy.random() * ceiling);
}

/**
 * Our name for https:// sent to a plain-http server (Node says only EPROTO; OpenSSL "wrong version
 * number"): permanent, the URL's scheme or port is wrong.
 */
export const NOT_HTTPS = "ERR_SSL_WRONG_VERSION_NUMBER";

/** TLS failures: a certificate problem does not fix itself within seconds. */
export const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

/** Network failures that say "this configuration cannot work", not "try again". */
export function isPermanentNetworkCode(code: string): boolean {
  return (
    code === "ENOTFOUND" ||
    code === "ERR_INVALID_URL" ||
    code === "ERR_BAD_RESPONSE" ||
    // A TLS handshake the two sides cannot complete (protocol versions, not https at all) fails again.
    code === "EPROTO" ||
    TLS_CODE.test(code)
  );
}

/** Whether a failed try may be tried again (attempt budget aside). */
export function isRetryable(error: unknown): boolean {
  if (error instanceof RedcapHttpError) return error.retryable;
  if (error instanceof RedcapNetworkError) {
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    return !(typeof code === "string" && isPermanentNetworkCode(code));
  }
  return false;
}

/** Statuses retried when they come without REDCap's envelope (proxies, load balancers). */
export function isRetryableStatus(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}
