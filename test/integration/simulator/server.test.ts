import { afterEach, describe, expect, it } from "vitest";
import {
  FAULT_PROFILES,
  type FaultKind,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from "../../../src/simulator/index.js";
import { DEMO_TOKEN, demo } from "../../unit/simulator/setup.js";

/** Time that moves only when told; sleeps are recorded and return at once. */
function manualClock() {
  let now = 5_000_000;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

const running: RunningSimulator[] = [];
async function start(options: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  const sim = await startSimulator({ project: demo, ...options });
  running.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

function post(
  sim: RunningSimulator,
  params: Record<string, string>,
  init: RequestInit = {},
): Promise<Response> {
  const body = new URLSearchParams({ token: DEMO_TOKEN, format: "json", returnFormat: "json", ...params });
  return fetch(sim.apiUrl, { method: "POST", body, ...init });
}

const access = { content: "surveyAccessCode", record: "0001", instrument: "baseline_survey" };

describe("over HTTP", () => {
  it("answers survey methods in plain text, matching the oracle", async () => {
    const sim = await start();
    expect(sim.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const expected = sim.codesFor({ recordId: "0001", instrument: "baseline_survey" });
    for (const [content, value] of [
      ["surveyAccessCode", expected.accessCode],
      ["surveyReturnCode", expected.returnCode],
      ["surveyLink", expected.surveyLink],
    ] as const) {
      const res = await post(sim, { ...access, content });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=UTF-8");
      expect(await res.text()).toBe(value);
    }
    expect(expected.surveyLink.startsWith(`${sim.origin}/surveys/?s=`)).toBe(true);
    expect(sim.stats.byContent).toEqual({ surveyAccessCode: 1, surveyReturnCode: 1, surveyLink: 1 });
  });

  it("answers a JSON error envelope", async () => {
    const sim = await start();
    const res = await post(sim, { ...access, record: "0999" });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('{"error":"The record \\"0999\\" does not exist"}');
  });

  it("is POST only: 501 for GET on /api/, in REDCap's xml error envelope (a GET sends no format)", async () => {
    const sim = await start();
    for (const query of ["?format=json&returnFormat=json", ""]) {
      const res = await fetch(`${sim.apiUrl}${query}`);
      expect(res.status).toBe(501);
      expect(res.headers.get("content-type")).toBe("text/xml; charset=utf-8");
      expect(await res.text()).toBe(
        '<?xml version="1.0" encoding="UTF-8" ?><hash><error>The requested method is not implemented.</error></hash>',
      );
    }
  });

  it("serves a survey page for a link it handed out", async () => {
    const sim = await start();
    const link = await (await post(sim, { ...access, content: "surveyLink" })).text();
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<h1>Baseline Survey</h1>");
    expect(await (await fetch(`${sim.origin}/surveys/?s=nope`)).text()).toContain("Survey link not valid");
  });

  it("uses the injected clock for latency", async () => {
    const clock = manualClock();
    const sim = await start({ clock, latencyMs: 150 });
    await post(sim, access);
    await post(sim, access);
    expect(clock.sleeps).toEqual([150, 150]);
  });
});

describe("the IP ban over HTTP", () => {
  it("N allowed, the N+1th still answered, banned from the next with REDCap's text, for good", async () => {
    const clock = manualClock();
    const sim = await start({ clock, ban: { count: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect((await post(sim, access)).status).toBe(200);
    expect((await post(sim, access)).status).toBe(200);
    expect(sim.bans.isBanned("127.0.0.1")).toBe(true);
    // Plain text even though the request asked for json errors: the ban is not an API error envelope.
    const banned = await post(sim, access);
    expect(banned.status).toBe(429);
    expect(banned.headers.get("content-type")).toBe("text/html; charset=UTF-8");
    expect(await banned.text()).toBe("Your IP address (127.0.0.1) has been banned due to suspected abuse.");
    clock.advance(3_600_000);
    expect((await fetch(`${sim.origin}/surveys/`)).status).toBe(429);
    expect(sim.stats.total).toBe(6);
  });

  it("a client keeping to count per sliding window is never banned", async () => {
    const clock = manualClock();
    const sim = await start({ clock, ban: { count: 3, windowMs: 60_000 } });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 3; i++) expect((await post(sim, access)).status).toBe(200);
      clock.advance(60_000);
    }
    expect(sim.stats.maxInWindow(60_000)).toBe(3);
    expect(sim.stats.timestamps).toHaveLength(9);
  });
});

describe("fault injection", () => {
  it.each<[FaultKind, number, string]>([
    ["proxy-502", 502, "<title>502 Bad Gateway</title>"],
    ["proxy-503", 503, "<title>503 Service Temporarily Unavailable</title>"],
    ["proxy-504", 504, "<title>504 Gateway Time-out</title>"],
    ["out-of-memory", 500, "REDCap ran out of server memory"],
    ["database-error", 200, "could not connect to its database server"],
    ["sso-login", 200, '<input type="password"'],
  ])("%s answers %i", async (kind, status, text) => {
    const sim = await start({ faults: [{ kind }] });
    const res = await post(sim, access);
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(text);
    expect((await post(sim, access)).status).toBe(200); // one-shot
  });

  it("redirect: 301, and a client that follows it gets the 501", async () => {
    const sim = await start();
    sim.faults.add({ kind: "redirect" });
    const manual = await post(sim, access, { redirect: "manual" });
    expect(manual.status).toBe(301);
    expect(manual.headers.get("location")).toBe(sim.apiUrl);
    sim.faults.add({ kind: "redirect" });
    const followed = await post(sim, access);
    expect(followed.status).toBe(501);
  });

  it("reset: the connection is cut", async () => {
    const sim = await start({ faults: [{ kind: "reset" }] });
    await expect(post(sim, access)).rejects.toThrow("fetch failed");
    expect((await post(sim, access)).status).toBe(200);
  });

  it("hang: no answer until the client gives up", async () => {
    const sim = await start({ faults: [{ kind: "hang" }] });
    await expect(post(sim, access, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect((await post(sim, access)).status).toBe(200);
  });

  it("close() ends hung requests and keep-alive connections", { timeout: 5000 }, async () => {
    const faults = [{ kind: "hang", match: { content: "surveyAccessCode" } }] as const;
    const sim = await startSimulator({ project: demo, faults });
    expect((await post(sim, { content: "version" })).status).toBe(200); // leaves a keep-alive socket
    const hung = post(sim, access);
    const settled = hung.then(
      () => "answered",
      () => "failed",
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await settled).toBe("failed");
  });

  it("matches by content and record, N times", async () => {
    const sim = await start();
    sim.faults.add({ kind: "proxy-503", times: 2, match: { content: "surveyLink", record: "0002" } });
    const link = (record: string) =>
      post(sim, { ...access, content: "surveyLink", record }).then((r) => r.status);
    expect(await link("0001")).toBe(200);
    expect(await post(sim, { ...access, record: "0002" }).then((r) => r.status)).toBe(200);
    expect([await link("0002"), await link("0002"), await link("0002")]).toEqual([503, 503, 200]);
    sim.faults.add({ kind: "proxy-502", times: Number.POSITIVE_INFINITY });
    expect(sim.faults.pending).toBe(Number.POSITIVE_INFINITY);
    sim.faults.clear();
    expect(await link("0003")).toBe(200);
  });

  it("the flaky profile fails a few requests, the same way for the same seed", async () => {
    const outcomes = async (seed: string) => {
      const sim = await start({ profile: "flaky", seed, clock: manualClock(), ban: false });
      const seen: (number | string)[] = [];
      for (let i = 0; i < 120; i++) {
        seen.push(
          await post(sim, { content: "version" }).then(
            (r) => r.status,
            () => "reset",
          ),
        );
      }
      return seen;
    };
    const first = await outcomes("rehearsal");
    expect(await outcomes("rehearsal")).toEqual(first);
    const failures = first.filter((o) => o !== 200);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.length).toBeLessThan(20);
    expect(failures.every((f) => f === 502 || f === 503 || f === "reset")).toBe(true);
    expect(FAULT_PROFILES.none.random).toBeUndefined();
  });
});
