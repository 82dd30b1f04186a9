import { describe, expect, it } from "vitest";
import { resolveSimulateSettings } from "../../../src/config/simulate-settings.js";
import { UsageError } from "../../../src/errors.js";

const base = { cwd: "/w", defaultProjectFile: "/pkg/fixtures/demo-project.json" };

describe("resolveSimulateSettings", () => {
  it("has defaults", () => {
    expect(resolveSimulateSettings({ ...base, flags: {} })).toEqual({
      port: 0,
      projectFile: "/pkg/fixtures/demo-project.json",
      latencyMs: undefined,
      ban: undefined,
      seed: undefined,
      faults: undefined,
    });
  });

  it("reads every flag", () => {
    const flags = {
      port: "8080",
      project: "p.json",
      latency: "250ms",
      banThreshold: "10/1s",
      seed: "42",
      faults: "flaky",
    };
    expect(resolveSimulateSettings({ ...base, flags, faultProfiles: ["none", "flaky"] })).toEqual({
      port: 8080,
      projectFile: "/w/p.json",
      latencyMs: 250,
      ban: { count: 10, windowMs: 1_000 },
      seed: "42",
      faults: "flaky",
    });
  });

  it("lists every problem in one UsageError", () => {
    const flags = { port: "70000", latency: "fast", banThreshold: "600", faults: "chaos" };
    expect(() => resolveSimulateSettings({ ...base, flags, faultProfiles: ["none", "flaky"] })).toThrow(
      new UsageError(
        "The simulator settings have 4 problems to fix:\n" +
          '  - --port: expected a whole number from 0 to 65535, received "70000"\n' +
          '  - --latency: "fast" is not a duration; expected a number and a unit (ms, s, m or h), e.g. "30s", "500ms", "1.5s" or "1m"\n' +
          '  - --ban-threshold: "600" is not a rate limit; expected COUNT/DURATION, e.g. "300/60s" or "300/1m"\n' +
          '  - --faults: unknown fault profile "chaos"; expected one of none, flaky',
      ),
    );
  });
});
