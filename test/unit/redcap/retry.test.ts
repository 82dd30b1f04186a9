import { describe, expect, it } from "vitest";
import {
  RedcapApiError,
  RedcapBannedError,
  RedcapHttpError,
  RedcapNetworkError,
  RedcapPermissionError,
  RedcapRedirectError,
  RedcapResponseShapeError,
} from "../../../src/errors.js";
import { errorForStatus, networkError } from "../../../src/redcap/response-errors.js";
import {
  defaultRetryPolicy,
  isRetryable,
  resolveRetryPolicy,
  retryDelay,
} from "../../../src/redcap/retry.js";

describe("retryDelay (full jitter, capped)", () => {
  const policy = { ...defaultRetryPolicy, baseDelayMs: 1000, maxDelayMs: 5000 };
  it.each([
    [1, 0.5, 500],
    [2, 0.5, 1000],
    [3, 0.5, 2000],
    [4, 0.5, 2500],
    [9, 0.999, 4995],
    [1, 0, 0],
  ])("retry %i with random %f waits %i ms", (retry, random, delay) => {
    expect(retryDelay({ ...policy, random: () => random }, retry)).toBe(delay);
  });

  it("defaults: 4 attempts, 1 s base, 30 s cap", () => {
    expect(defaultRetryPolicy).toMatchObject({ attempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 });
  });

  it.each([{ attempts: 0 }, { attempts: 1.5 }, { baseDelayMs: -1 }])("refuses %o", (bad) => {
    expect(() => resolveRetryPolicy(bad)).toThrow(RangeError);
  });
});

describe("isRetryable", () => {
  it.each([
    ["proxy 502", new RedcapHttpError("x", 502, true), true],
    ["proxy 503", errorForStatus("x", 503, "<html><title>503</title></html>"), true],
    ["proxy 504", errorForStatus("x", 504, ""), true],
    ["500 without envelope", errorForStatus("x", 500, "<html></html>"), false],
    [
      "500 out of memory (REDCap's csv envelope)",
      errorForStatus("x", 500, "ERROR: REDCap ran out of server memory."),
      false,
    ],
    ["400 REDCap message", errorForStatus("x", 400, '{"error":"Invalid event"}'), false],
    ["404 page", errorForStatus("x", 404, "Not Found"), false],
    ["403", errorForStatus("x", 403, '{"error":"You do not have permissions to use the API"}'), false],
    [
      "429 ban",
      errorForStatus("x", 429, "Your IP address (1.2.3.4) has been banned due to suspected abuse."),
      false,
    ],
    ["301 redirect", errorForStatus("x", 301, ""), false],
    ["reset", networkError("x", "ECONNRESET"), true],
    ["refused", networkError("x", "ECONNREFUSED"), true],
    ["timeout", networkError("x", "ETIMEDOUT", { timeoutMs: 30_000 }), true],
    ["TLS", networkError("x", "DEPTH_ZERO_SELF_SIGNED_CERT"), false],
    ["DNS", networkError("x", "ENOTFOUND"), false],
    ["https to an http server", networkError("x", "ERR_SSL_WRONG_VERSION_NUMBER"), false],
    ["another TLS protocol failure", networkError("x", "EPROTO"), false],
    ["shape", new RedcapResponseShapeError("x", "a code", "empty"), false],
    ["other error", new Error("x"), false],
  ])("%s → %s", (_what, error, retryable) => {
    expect(isRetryable(error)).toBe(retryable);
  });
});

describe("errorForStatus", () => {
  it.each([
    [200, "anything", undefined],
    [301, "", RedcapRedirectError],
    [302, "", RedcapRedirectError],
    [303, "", RedcapRedirectError],
    [307, "", RedcapRedirectError],
    [308, "", RedcapRedirectError],
    [429, "Your IP address (1.2.3.4) has been banned due to suspected abuse.", RedcapBannedError],
    [403, '{"error":"You do not have API Export privileges"}', RedcapPermissionError],
    [403, "<html><title>Forbidden</title></html>", RedcapPermissionError],
    [400, "ERROR: Invalid event", RedcapApiError],
    [400, "<hash><error>Invalid event</error></hash>", RedcapApiError],
    [502, "<html><title>502 Bad Gateway</title></html>", RedcapHttpError],
    [501, "The requested method is not implemented.", RedcapHttpError],
  ])("%i %j → %o", (status, body, kind) => {
    const error = errorForStatus("surveyLink", status, body);
    if (kind === undefined) expect(error).toBeUndefined();
    else expect(error).toBeInstanceOf(kind);
  });

  it("keeps REDCap's message", () => {
    const error = errorForStatus("surveyLink", 400, '{"error":"The record \\"0099\\" does not exist"}');
    expect(error).toBeInstanceOf(RedcapApiError);
    expect((error as RedcapApiError).serverMessage).toBe('The record "0099" does not exist');
    expect(error?.message).toBe('REDCap answered 400: The record "0099" does not exist');
  });

  it("says plainly that a server without surveyAccessCode is too old", () => {
    const error = errorForStatus(
      "surveyAccessCode",
      400,
      '{"error":"The value of the parameter \\"content\\" is not valid"}',
    );
    expect(error).toBeInstanceOf(RedcapApiError);
    expect(error?.message).toContain("too old to give survey access codes");
  });

  it("403 without envelope describes the body", () => {
    const error = errorForStatus("version", 403, "<html><head><title>Access denied</title></head></html>");
    expect((error as RedcapPermissionError).serverMessage).toBe(
      "no REDCap message (an HTML page titled 'Access denied')",
    );
  });

  it("https:// to a plain-http host that is not this computer: check the port, never http://", () => {
    const error = networkError("version", "ERR_SSL_WRONG_VERSION_NUMBER", {
      apiUrl: new URL("https://redcap.example.edu:8080/redcap/api/"),
    });
    expect(error.message).toBe(
      "The server at https://redcap.example.edu:8080 does not speak https (it answered the TLS handshake in plain http: " +
        "ERR_SSL_WRONG_VERSION_NUMBER): check the port in --api-url (https usually has the default port, 443). " +
        "http:// is accepted only for this computer: it would send the API token unencrypted",
    );
  });

  it("a network error's cause holds only a code", () => {
    const error = networkError("surveyLink", "ECONNRESET");
    expect(error).toBeInstanceOf(RedcapNetworkError);
    expect(JSON.stringify(error.cause)).toBe('{"code":"ECONNRESET","name":"TransportFailure"}');
  });
});
