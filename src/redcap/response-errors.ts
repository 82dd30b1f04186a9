import { isLoopback } from "../config/api-url.js";
import { hideTokens } from "../config/problems.js";
import {
  RedcapApiError,
  RedcapBannedError,
  type RedcapError,
  RedcapHttpError,
  RedcapNetworkError,
  RedcapPermissionError,
  RedcapRedirectError,
} from "../errors.js";
import { describeBody, parseErrorEnvelope } from "./envelope.js";
import { NO_MESSAGE } from "./refusals.js";
import { isRetryableStatus, NOT_HTTPS, TLS_CODE } from "./retry.js";

// Turns an HTTP answer or a transport failure into our own errors. Nothing from the request (which
// carries the token) is ever attached: causes are built here from a code and our own words.

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Methods this server does not know answer 400 with this message (e.g. surveyAccessCode before 15.x). */
const UNKNOWN_CONTENT = /parameter "content" is not valid/i;

/** REDCap older than the access-code method: every letter would lack its code, so say it plainly. */
export class RedcapTooOldError extends RedcapApiError {
  constructor(content: string, status: number, serverMessage: string) {
    super(content, status, serverMessage);
    this.message =
      `This REDCap server does not have the API method "${content}" (it answered: ${serverMessage}). ` +
      "Its version is too old to give survey access codes through the API; ask its administrator about an upgrade.";
  }
}

/** The error an HTTP answer means, or undefined for a 2xx (whose body is validated separately). */
export function errorForStatus(content: string, status: number, body: string): RedcapError | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (REDIRECTS.has(status)) return new RedcapRedirectError(content, status);
  // 429 is the permanent IP ban; its body is plain text naming our IP: nothing to keep.
  if (status === 429) return new RedcapBannedError(content);
  const message = parseErrorEnvelope(body);
  if (status === 403) {
    return new RedcapPermissionError(content, message ?? `${NO_MESSAGE} (${describeBody(body)})`);
  }
  if (message !== undefined && status >= 400) {
    if (status === 400 && UNKNOWN_CONTENT.test(message) && content.startsWith("survey")) {
      return new RedcapTooOldError(content, status, message);
    }
    return new RedcapApiError(content, status, message);
  }
  return new RedcapHttpError(content, status, isRetryableStatus(status));
}

/** A cause that is safe to keep: a code and our own words, never the request or its config. */
export class TransportFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "TransportFailure";
  }
}

/** What a transport failure's message may name: our own deadline, the address asked. */
export interface NetworkContext {
  /** Set when our own deadline fired. */
  readonly timeoutMs?: number;
  /** The API URL the request went to (it carries no token: that travels in the body). */
  readonly apiUrl?: URL;
}

/** A request that got no HTTP answer. */
export function networkError(
  content: string,
  code: string,
  context: NetworkContext = {},
): RedcapNetworkError {
  const cause = new TransportFailure(code, `transport failure ${code}`);
  return new RedcapNetworkError(content, networkMessage(code, context), { cause });
}

function networkMessage(code: string, { timeoutMs, apiUrl }: NetworkContext): string {
  if (timeoutMs !== undefined) return `REDCap did not answer within ${formatSeconds(timeoutMs)} (--timeout)`;
  if (code === NOT_HTTPS) return notHttpsMessage(apiUrl);
  if (code === "ECONNREFUSED")
    return "REDCap's address refused the connection (ECONNREFUSED): check --api-url";
  if (code === "ECONNRESET" || code === "EPIPE") return `The connection to REDCap was cut (${code})`;
  if (code === "ENOTFOUND") return "The host name in --api-url could not be found (ENOTFOUND)";
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    // Trusted or not, a certificate for another host is refused: a CA bundle cannot help here.
    return (
      `REDCap's server presented a TLS certificate for another host name (${code}): ` +
      "check the host name in --api-url; verification is never turned off"
    );
  }
  if (UNTRUSTED_CODE.has(code)) {
    return (
      `REDCap's server presented a TLS certificate that is not trusted (${code}). If your institution ` +
      "inspects TLS traffic, give its CA bundle (PEM) with --ca-file; verification is never turned off"
    );
  }
  if (TLS_CODE.test(code)) {
    return (
      `REDCap's TLS certificate could not be verified (${code}). If your institution inspects TLS traffic, ` +
      "give its CA bundle (PEM) with --ca-file; verification is never turned off"
    );
  }
  return `The request to REDCap failed without an answer (${code})`;
}

/**
 * https:// to a server that answers plain http: OpenSSL reads the HTTP answer as a TLS record and
 * says "wrong version number" (Node's code is only EPROTO). The URL names the server's address alone.
 */
function notHttpsMessage(apiUrl: URL | undefined): string {
  const where = apiUrl === undefined ? "The server" : `The server at ${hideTokens(apiUrl.origin)}`;
  const what = `${where} does not speak https (it answered the TLS handshake in plain http: ${NOT_HTTPS})`;
  if (apiUrl === undefined) return `${what}: check the address and port in --api-url`;
  const http = new URL(apiUrl);
  http.protocol = "http:";
  if (isLoopback(apiUrl.hostname))
    return `${what}; did you mean ${hideTokens(http.toString())}? Change --api-url`;
  return (
    `${what}: check the port in --api-url (https usually has the default port, 443). ` +
    "http:// is accepted only for this computer: it would send the API token unencrypted"
  );
}

/** OpenSSL's ways of saying "no trusted root signed this chain": what a CA bundle fixes. */
const UNTRUSTED_CODE = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_UNTRUSTED",
]);

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Short, secret-free reason for a retry event. */
export function retryReason(error: unknown): string {
  if (error instanceof RedcapHttpError) return `HTTP ${error.status}`;
  if (error instanceof RedcapNetworkError) {
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    return typeof code === "string" ? code : "network error";
  }
  return "error";
}
