import { describe, expect, it } from "vitest";
import { createRedcapClient } from "../../../src/redcap/client.js";
import { arrivalGuardMs, burstLimit } from "../../../src/redcap/rate-window.js";
import { FAULT_KINDS } from "../../../src/simulator/index.js";
import {
  clientFor,
  closeAfterEach,
  DEMO_SURVEY,
  DEMO_TOKEN,
  everythingIn,
  NO_SURVEY_RIGHTS_TOKEN,
  startFixture,
  VirtualClock,
} from "./helpers.js";

const ref = DEMO_SURVEY;
const closeLater = closeAfterEach();

async function start(options: Parameters<typeof startFixture>[1] = {}) {
  const s = await startFixture("demo-project.json", options);
  closeLater(() => s.close());
  return s;
}

describe("the token never leaks", () => {
  it("appears in no error of any kind: message, stack, fields, JSON or cause chain", async () => {
    const errors: unknown[] = [];
    const collect = async (work: () => Promise<unknown>) => {
      await work().then(
        () => errors.push(new Error("expected a failure")),
        (e: unknown) => errors.push(e),
      );
    };
    // Every kind of fault the simulator knows: a new one is covered without touching this test.
    const faults = FAULT_KINDS;
    for (const kind of faults) {
      const s = await start({ faults: [{ kind, times: 10 }] });
      const { client } = clientFor(s, {
        timeoutMs: 100,
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      });
      await collect(() => client.surveyAccessCode(ref));
      client.close();
    }
    const s = await start({ ban: { count: 1, windowMs: 60_000 } });
    const plain = clientFor(s).client;
    await collect(() => plain.surveyLink({ ...ref, recordId: "9999" })); // 400 with REDCap's message
    await plain.version(); // crosses the ban threshold: still answered
    await collect(() => plain.version()); // 429
    plain.close();
    const other = await start();
    const noRights = clientFor(other, { token: NO_SURVEY_RIGHTS_TOKEN }).client;
    await collect(() => noRights.surveyLink(ref)); // 403
    noRights.close();
    // Nothing listens here: connection refused.
    const refused = createRedcapClient({
      apiUrl: "http://127.0.0.1:9/api/",
      token: DEMO_TOKEN,
      rateLimit: { count: 10, windowMs: 1000 },
      concurrency: 1,
      timeoutMs: 500,
      retry: { attempts: 1 },
    });
    await collect(() => refused.version());
    // A token of the wrong shape is refused without being quoted.
    await collect(async () => clientFor(other, { token: `${DEMO_TOKEN}x` }));

    expect(errors).toHaveLength(faults.length + 5);
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).not.toBe("expected a failure");
      const text = everythingIn(error);
      expect(text).not.toContain(DEMO_TOKEN);
      expect(text).not.toContain(NO_SURVEY_RIGHTS_TOKEN);
    }
  });
});

describe("the sliding window, measured by the server", () => {
  it.each([
    [{ count: 5, windowMs: 1_000 }, 4, 23],
    [{ count: 3, windowMs: 60_000 }, 8, 10],
    [{ count: 1, windowMs: 500 }, 2, 6],
  ])(
    "limit %o at concurrency %i over %i calls never exceeds the budget in any window",
    async (limit, concurrency, calls) => {
      const clock = new VirtualClock(1_000_000);
      // The server bans at exactly the client's limit: one request too many would show as a 429.
      const s = await start({ clock, ban: limit });
      const { client } = clientFor(s, { clock, rateLimit: limit, concurrency });
      const work = Promise.all(Array.from({ length: calls }, () => client.version()));
      const idle = () => s.stats.total === client.requestCount;
      await clock.drive(work, idle);
      expect(s.stats.total).toBe(calls);
      expect(s.stats.maxInWindow(limit.windowMs)).toBe(Math.min(limit.count, calls));
      expect(s.bans.bannedIps).toEqual([]);
      // And it used the budget: the last request went out as soon as the window (and its small
      // arrival guard) allowed.
      const times = s.stats.timestamps;
      const first = times[0] ?? 0;
      const spacing = limit.windowMs + arrivalGuardMs(limit);
      expect((times.at(-1) ?? 0) - first).toBe(Math.floor((calls - 1) / limit.count) * spacing);
      client.close();
    },
  );

  it("retries and preflight-style calls count against the same window", async () => {
    const clock = new VirtualClock(1_000_000);
    const limit = { count: 4, windowMs: 10_000 };
    const s = await start({ clock, ban: limit, faults: [{ kind: "proxy-503", times: 6 }] });
    const { client } = clientFor(s, {
      clock,
      rateLimit: limit,
      concurrency: 3,
      retry: { baseDelayMs: 0, maxDelayMs: 0 },
    });
    const work = Promise.all([
      client.version(),
      client.project(),
      client.instruments(),
      client.surveyCodes(ref),
    ]);
    await clock.drive(work, () => s.stats.total === client.requestCount);
    expect(s.stats.total).toBe(12);
    expect(client.requestCount).toBe(12);
    expect(s.stats.maxInWindow(limit.windowMs)).toBe(4);
    expect(s.bans.bannedIps).toEqual([]);
    client.close();
  });
});

describe("pacing across runs, measured by the server", () => {
  it("three back-to-back runs at 50/60s do not trip a server that bans at 100/60s", async () => {
    // The reported loop: each run is a new process (a new client, an empty window) started the
    // moment the previous one ends. Each sends 40 requests, which fit one run's budget: unpaced, all
    // three runs would burst at once and put 120 requests in one minute.
    const clock = new VirtualClock(1_000_000);
    const limit = { count: 50, windowMs: 60_000 };
    const s = await start({ clock, ban: { count: 100, windowMs: 60_000 } });
    const perRun = 40;
    for (let run = 0; run < 3; run += 1) {
      const { client } = clientFor(s, { clock, rateLimit: limit, concurrency: 8 });
      const before = s.stats.total;
      const work = Promise.all(Array.from({ length: perRun }, () => client.version()));
      await clock.drive(work, () => s.stats.total - before === client.requestCount);
      client.close();
    }
    expect(s.stats.total).toBe(3 * perRun);
    expect(s.bans.bannedIps).toEqual([]);
    const burst = burstLimit(limit);
    expect(s.stats.maxInWindow(burst.windowMs)).toBeLessThanOrEqual(2 * burst.count);
    // Runs one after another add at most B each to any window on top of one run's budget.
    expect(s.stats.maxInWindow(limit.windowMs)).toBeLessThanOrEqual(limit.count + 2 * burst.count);
  });
});
