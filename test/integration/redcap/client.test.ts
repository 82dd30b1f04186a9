import { describe, expect, it } from "vitest";
import {
  ConfigError,
  RedcapApiError,
  RedcapBannedError,
  RedcapHttpError,
  RedcapPermissionError,
  RedcapRedirectError,
  RedcapResponseShapeError,
} from "../../../src/errors.js";
import type { RunningSimulator } from "../../../src/simulator/index.js";
import {
  clientFor,
  closeAfterEach,
  DEMO_SURVEY,
  DEMO_TOKEN,
  NO_EXPORT_TOKEN,
  NO_SURVEY_RIGHTS_TOKEN,
  startFixture,
  UNKNOWN_TOKEN,
} from "./helpers.js";

const ref = DEMO_SURVEY;
const closeLater = closeAfterEach();

async function demo(options: Parameters<typeof startFixture>[1] = {}) {
  const sim = await startFixture("demo-project.json", options);
  closeLater(() => sim.close());
  return sim;
}

function harness(s: RunningSimulator, options: Parameters<typeof clientFor>[1] = {}) {
  const h = clientFor(s, options);
  closeLater(() => h.client.close());
  return h;
}

describe("REDCap client against the simulator", () => {
  it("fetches the three survey values exactly as the server holds them, one request each", async () => {
    const s = await demo();
    const { client } = harness(s);
    const codes = await client.surveyCodes(ref);
    expect(codes).toEqual(s.codesFor(ref));
    expect(s.stats.byContent).toEqual({ surveyAccessCode: 1, surveyLink: 1, surveyReturnCode: 1 });
    expect(client.requestCount).toBe(3);
  });

  it("reads version, project, instruments and records", async () => {
    const s = await demo();
    const { client } = harness(s);
    expect(await client.version()).toBe("15.7.6");
    expect(await client.project()).toMatchObject({
      project_id: 1234,
      is_longitudinal: false,
      surveys_enabled: true,
    });
    expect((await client.instruments()).map((i) => i.instrument_name)).toContain("baseline_survey");
    const existing = await client.existingRecords(["0001", "0014", "9999", "0001"], "record_id");
    expect([...existing.keys()].sort()).toEqual(["0001", "0014"]);
    expect(s.stats.count("record")).toBe(1);
  });

  it("checks existence in batches of 200 ids", async () => {
    const s = await demo();
    const { client } = harness(s);
    const ids = Array.from({ length: 450 }, (_, i) => String(i + 1).padStart(4, "0"));
    const existing = await client.existingRecords(ids, "record_id");
    expect(existing.size).toBe(s.project.records.size);
    expect(s.project.records.size).toBeGreaterThan(10);
    expect(s.stats.count("record")).toBe(3);
  });

  it("retries a proxy 502 and then succeeds; the retry is reported and counted", async () => {
    const s = await demo({ faults: [{ kind: "proxy-502", match: { content: "surveyLink" } }] });
    const { client, events } = harness(s);
    expect(await client.surveyLink(ref)).toBe(s.codesFor(ref).surveyLink);
    expect(s.stats.count("surveyLink")).toBe(2);
    expect(client.requestCount).toBe(2);
    expect(events).toEqual([
      { type: "retry", content: "surveyLink", attempt: 2, delayMs: expect.any(Number), reason: "HTTP 502" },
    ]);
  });

  it("gives up after 4 tries of a persistent 503", async () => {
    const s = await demo({ faults: [{ kind: "proxy-503", times: 10 }] });
    const { client, events } = harness(s);
    const error = await client.surveyLink(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedcapHttpError);
    expect((error as RedcapHttpError).status).toBe(503);
    expect(s.stats.total).toBe(4);
    expect(events.map((e) => (e.type === "retry" ? e.attempt : 0))).toEqual([2, 3, 4]);
  });

  it("does not retry REDCap's own 500 (out of memory)", async () => {
    const s = await demo({ faults: [{ kind: "out-of-memory" }] });
    const { client, events } = harness(s);
    const error = await client.surveyAccessCode(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedcapApiError);
    expect((error as RedcapApiError).status).toBe(500);
    expect((error as Error).message).toContain("ran out of server memory");
    expect(s.stats.total).toBe(1);
    expect(events).toEqual([]);
  });

  it("retries a reset connection", async () => {
    const s = await demo({ faults: [{ kind: "reset" }] });
    const { client, events } = harness(s);
    expect(await client.surveyReturnCode(ref)).toBe(s.codesFor(ref).returnCode);
    expect(s.stats.total).toBe(2);
    expect(events[0]).toMatchObject({ type: "retry", reason: "ECONNRESET" });
  });

  it("retries after its timeout when the server hangs", async () => {
    const s = await demo({ faults: [{ kind: "hang" }] });
    const { client, events } = harness(s, { timeoutMs: 150 });
    expect(await client.surveyAccessCode(ref)).toBe(s.codesFor(ref).accessCode);
    expect(s.stats.total).toBe(2);
    expect(events[0]).toMatchObject({ type: "retry", reason: "ETIMEDOUT" });
  });

  it.each([
    ["database-error", "an HTML page titled 'REDCap'"],
    ["sso-login", "an HTML page titled 'Web Login Service'"],
  ] as const)("a 200 %s page is a shape error, never a code, and is not retried", async (kind, received) => {
    const s = await demo({ faults: [{ kind }] });
    const { client } = harness(s);
    const error = await client.surveyAccessCode(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedcapResponseShapeError);
    expect((error as Error).message).toBe(
      `REDCap's answer to surveyAccessCode was not a 9-character survey access code: it was ${received}`,
    );
    expect(s.stats.total).toBe(1);
  });

  it("reports a redirect and does not follow it", async () => {
    const s = await demo({ faults: [{ kind: "redirect" }] });
    const { client } = harness(s);
    const error = await client.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedcapRedirectError);
    expect((error as Error).message).toContain("HTTP 301");
    expect(s.stats.requests.map((r) => r.method)).toEqual(["POST"]);
  });

  it.each([
    [UNKNOWN_TOKEN, "version", "You do not have permissions to use the API"],
    [NO_EXPORT_TOKEN, "version", "You do not have API Export privileges"],
    [
      NO_SURVEY_RIGHTS_TOKEN,
      "surveyLink",
      'currently you do not have "Manage Survey Participants" privileges',
    ],
  ] as const)("403 with token %s on %s → permission error, not retried", async (token, method, message) => {
    const s = await demo();
    const { client } = harness(s, { token });
    const call = method === "version" ? client.version() : client.surveyLink(ref);
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedcapPermissionError);
    expect((error as RedcapPermissionError).serverMessage).toContain(message);
    expect(s.stats.total).toBe(1);
  });

  it("keeps REDCap's 400 message", async () => {
    const s = await demo();
    const { client } = harness(s);
    const error = await client.surveyLink({ ...ref, recordId: "9999" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedcapApiError);
    expect((error as Error).message).toBe('REDCap answered 400: The record "9999" does not exist');
  });

  it("says an old server is too old for access codes", async () => {
    const sim = await startFixture("demo-project.json", {}, (p) => {
      (p.project as Record<string, unknown>).version = "10.8.2";
    });
    closeLater(() => sim.close());
    const { client } = harness(sim);
    expect(await client.supportsAccessCodes()).toBe(false);
    const error = await client.surveyAccessCode(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedcapApiError);
    expect((error as Error).message).toContain("too old to give survey access codes");
  });

  it("refuses a plain-http URL that is not this computer, and a token of the wrong shape", () => {
    const base = {
      token: DEMO_TOKEN,
      rateLimit: { count: 1, windowMs: 1000 },
      concurrency: 1,
      timeoutMs: 1000,
    };
    expect(() => clientFor({ apiUrl: "http://redcap.example.edu/api/" } as RunningSimulator, base)).toThrow(
      ConfigError,
    );
    expect(() =>
      clientFor({ apiUrl: "https://redcap.example.edu/api/" } as RunningSimulator, { token: "abc" }),
    ).toThrow("The API token is 3 characters long;");
  });
});

describe("the 429 latch", () => {
  it("after the one 429, no request is ever sent again (one at a time: exactly one 429)", async () => {
    // Threshold 4: REDCap still answers the 5th request (the one that crosses it) and refuses the 6th.
    const s = await demo({ ban: { count: 4, windowMs: 60_000 } });
    const { client } = harness(s, { concurrency: 1, rateLimit: { count: 50, windowMs: 60_000 } });
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => client.version()));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    const rejected = results
      .filter((r) => r.status === "rejected")
      .map((r) => (r as PromiseRejectedResult).reason);
    expect(rejected).toHaveLength(7);
    for (const reason of rejected) expect(reason).toBeInstanceOf(RedcapBannedError);
    expect(s.stats.total).toBe(6);
    expect(client.requestCount).toBe(6);
    expect(client.stopped).toBe(true);
    await expect(client.surveyLink(ref)).rejects.toBeInstanceOf(RedcapBannedError);
    expect(s.stats.total).toBe(6);
  });

  it("calls waiting for a slot in the window reject at once without sending", async () => {
    // Threshold 1: the 2nd request crosses it (answered), the 3rd is the 429.
    const s = await demo({ ban: { count: 1, windowMs: 60_000 } });
    // The client's window (3 per minute) would make calls 4–6 wait a real minute: the latch wakes them.
    const { client } = harness(s, { concurrency: 6, rateLimit: { count: 3, windowMs: 60_000 } });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => client.version()));
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(4);
    expect(s.stats.total).toBe(3);
    expect(client.requestCount).toBe(3);
  });

  it("a call waiting out a retry delay rejects on the ban without sending", async () => {
    const s = await demo({
      // The 503, then the version that crosses the threshold (answered), then the 429.
      ban: { count: 1, windowMs: 60_000 },
      faults: [{ kind: "proxy-503", match: { content: "surveyLink" } }],
    });
    const { client } = harness(s, { retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0.5 } });
    const waiting = client.surveyLink(ref).catch((e: unknown) => e);
    // Let the 503 arrive so the call is in its 30 s retry delay, then trip the ban.
    while (s.stats.total < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    await client.version();
    await expect(client.version()).rejects.toBeInstanceOf(RedcapBannedError);
    expect(await waiting).toBeInstanceOf(RedcapBannedError);
    expect(s.stats.total).toBe(3);
  });
});
