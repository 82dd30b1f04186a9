import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { rootCertificates } from "node:tls";
import axios, { type AxiosInstance } from "axios";
import pLimit from "p-limit";
import { systemClock } from "../clock.js";
import { checkApiUrl } from "../config/api-url.js";
import { checkTokenShape } from "../config/token.js";
import { ConfigError, RedcapBannedError, RedcapNetworkError, RedcapResponseShapeError } from "../errors.js";
import type { Clock, ProgressEvent, RateLimit } from "../types.js";
import { type Call, type Params, type RedcapMethods, redcapMethods } from "./api-methods.js";
import { describeBody } from "./envelope.js";
import { arrivalGuardMs, burstLimit, RateWindow } from "./rate-window.js";
import { errorForStatus, networkError, retryReason } from "./response-errors.js";
import { isRetryable, NOT_HTTPS, type RetryPolicy, resolveRetryPolicy, retryDelay } from "./retry.js";
import type { Shape } from "./shapes.js";

// The one HTTP edge of the program (the only importer of axios). Every request goes through, in
// order: the concurrency limit, the ban latch, the burst window (pacing: at most a few requests at
// once, see burstLimit), the sliding rate window, one POST. Retries go through the latch and both
// windows again, so they are counted like any other request.

export interface RedcapClientOptions {
  readonly apiUrl: string;
  readonly token: string;
  readonly rateLimit: RateLimit;
  /** Requests in flight at most (also the socket cap). */
  readonly concurrency: number;
  /** Per request, from sending to the whole answer. */
  readonly timeoutMs: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly clock?: Clock;
  /** PEM bundle trusted in addition to the system roots (institutional TLS inspection). */
  readonly caFile?: string;
  readonly onEvent?: (event: ProgressEvent) => void;
}

export interface RedcapClient extends RedcapMethods {
  /** Requests sent so far: preflight, retries, all. */
  readonly requestCount: number;
  /** True after a 429: the client sends nothing more, ever. */
  readonly stopped: boolean;
  close(): void;
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;

export function createRedcapClient(options: RedcapClientOptions): RedcapClient {
  const url = checkedApiUrl(options.apiUrl);
  checkToken(options.token);
  if (!Number.isSafeInteger(options.concurrency) || options.concurrency < 1) {
    throw new ConfigError(`--concurrency must be a whole number of at least 1 (got ${options.concurrency})`);
  }
  if (!(options.timeoutMs > 0))
    throw new ConfigError(`--timeout must be longer than 0 (got ${options.timeoutMs} ms)`);
  const clock = options.clock ?? systemClock;
  const policy = resolveRetryPolicy(options.retry);
  const window = new RateWindow(options.rateLimit, clock, arrivalGuardMs(options.rateLimit));
  // Pacing, so that runs one after another cannot stack whole budgets in one server window (see
  // rate-window.ts). No arrival guard: the main window above is what the ban threshold is kept by.
  const burst = new RateWindow(burstLimit(options.rateLimit), clock);
  const limit = pLimit(options.concurrency);
  const emit = options.onEvent ?? (() => {});
  const agents = makeAgents(options.concurrency, options.caFile);
  const http_ = makeAxios(url, agents);
  // Aborted on the first 429 (and on close): wakes every caller waiting for a slot or a retry.
  const stop = new AbortController();
  let banned = false;
  let sent = 0;

  const refusal = (content: string) =>
    banned ? new RedcapBannedError(content) : new RedcapNetworkError(content, "The REDCap client was closed");

  async function sendOnce(content: string, params: Params): Promise<string> {
    if (stop.signal.aborted) throw refusal(content);
    try {
      // Burst first, main window last: the main window records the start closest to the send.
      // Both queues are FIFO in the same order, so the sends themselves keep the burst bound.
      await burst.acquire(stop.signal);
      await window.acquire(stop.signal);
    } catch {
      throw refusal(content);
    }
    // Checked again: the ban may have arrived while this call waited for its slot.
    if (stop.signal.aborted) throw refusal(content);
    sent += 1;
    const body = new URLSearchParams({
      ...params,
      token: options.token,
      content,
      format: "json",
      returnFormat: "json",
    }).toString();
    // Our own deadline for the whole exchange: axios's `timeout` only watches socket inactivity.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
    try {
      const response = await http_.post<string>("", body, { signal: deadline.signal });
      const failure = errorForStatus(content, response.status, response.data);
      if (failure instanceof RedcapBannedError) {
        banned = true;
        stop.abort();
      }
      if (failure !== undefined) throw failure;
      return response.data;
    } catch (error) {
      if (axios.isAxiosError(error) || axios.isCancel(error)) {
        // Built afresh: an axios error holds the request body and config, token included.
        throw deadline.signal.aborted
          ? networkError(content, "ETIMEDOUT", { timeoutMs: options.timeoutMs })
          : networkError(content, transportCode(error), { apiUrl: url });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  // A call keeps its concurrency slot through its retry delays: when the server struggles, fewer
  // requests reach it. The retry event's `attempt` is the number of the try about to be made (2 = first retry).
  async function call<T>(content: string, params: Params, shape: Shape<T>): Promise<T> {
    return limit(async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          const body = await sendOnce(content, params);
          const value = shape.parse(body);
          if (value === undefined)
            throw new RedcapResponseShapeError(content, shape.expected, describeBody(body));
          return value;
        } catch (error) {
          if (attempt >= policy.attempts || !isRetryable(error) || stop.signal.aborted) throw error;
          const delayMs = retryDelay(policy, attempt);
          emit({ type: "retry", content, attempt: attempt + 1, delayMs, reason: retryReason(error) });
          try {
            await clock.sleep(delayMs, stop.signal);
          } catch {
            throw refusal(content);
          }
        }
      }
    });
  }

  return {
    ...redcapMethods(call),
    get requestCount() {
      return sent;
    },
    get stopped() {
      return banned;
    },
    close() {
      if (!stop.signal.aborted) stop.abort();
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

interface Agents {
  readonly http: http.Agent;
  readonly https: https.Agent;
}

/** Keep-alive saves a TCP (and TLS) handshake per request; sockets capped at the concurrency. */
function makeAgents(concurrency: number, caFile: string | undefined): Agents {
  const common = { keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency };
  let ca: string[] | undefined;
  if (caFile !== undefined) {
    let pem: string;
    try {
      pem = readFileSync(caFile, "utf8");
    } catch (error) {
      throw new ConfigError(`The CA file ${caFile} could not be read`, { cause: error });
    }
    // Node silently ignores a bundle it cannot parse, which would then read as "not trusted".
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
      throw new ConfigError(
        `The CA file ${caFile} holds no PEM certificate (text starting "-----BEGIN CERTIFICATE-----"); ` +
          `a binary (DER) certificate converts with: openssl x509 -inform der -in ${caFile} -out ca.pem`,
      );
    }
    ca = [...rootCertificates, pem];
  }
  return {
    http: new http.Agent(common),
    https: new https.Agent({ ...common, rejectUnauthorized: true, ...(ca === undefined ? {} : { ca }) }),
  };
}

function makeAxios(url: URL, agents: Agents): AxiosInstance {
  return axios.create({
    baseURL: url.toString(),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/json, text/plain, */*",
    },
    httpAgent: agents.http,
    httpsAgent: agents.https,
    // A redirected POST arrives as a GET and REDCap answers 501: report the redirect instead.
    maxRedirects: 0,
    responseType: "text",
    // The raw text: every body is validated by its method's shape, never trusted by status.
    transformResponse: [(data: unknown) => (typeof data === "string" ? data : String(data ?? ""))],
    validateStatus: () => true,
    maxContentLength: MAX_BODY_BYTES,
  });
}

function transportCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const causeCode = ((error as { cause?: unknown }).cause as { code?: unknown } | undefined)?.code;
  if (typeof causeCode === "string" && (code === undefined || code === "ERR_BAD_RESPONSE")) return causeCode;
  // OpenSSL's reason is only in the message; the message itself is never kept.
  if (code === "EPROTO" && /wrong version number/i.test(String((error as { message?: unknown }).message))) {
    return NOT_HTTPS;
  }
  return typeof code === "string" ? code : "UNKNOWN";
}

// The same rules as the settings (a library caller may skip those): http only to this computer,
// and a token in REDCap's shape, never quoted in the message.
function checkedApiUrl(apiUrl: string): URL {
  const checked = checkApiUrl(apiUrl);
  if (!checked.ok) throw new ConfigError(`The API URL: ${checked.message}`);
  return new URL(checked.value);
}

function checkToken(token: string): void {
  const checked = checkTokenShape(token);
  // The message starts "the API token is …".
  if (!checked.ok) throw new ConfigError(checked.message.replace(/^t/, "T"));
}

/**
 * The client of a run that has no token (`reprint` from the codes a run folder keeps): it sends
 * nothing, and anything that would need a request fails saying a token is needed for it.
 */
export function tokenlessClient(): RedcapClient {
  const refuse: Call = async () => {
    throw new ConfigError(
      "this needs a REDCap request, and no API token was given: set REDCAP_API_TOKEN or give --token-file FILE",
    );
  };
  return { ...redcapMethods(refuse), requestCount: 0, stopped: false, close() {} };
}
