import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import { FAULT_PROFILES, FaultQueue, resolveProfile } from "../../../src/simulator/index.js";

describe("fault queue and profiles", () => {
  it("takes the first matching fault, in order, each as often as asked", () => {
    const queue = new FaultQueue();
    queue.add({ kind: "hang", match: { record: "7" } }, { kind: "proxy-502", times: 2 });
    expect(queue.pending).toBe(3);
    expect(queue.take({ content: "surveyLink", record: "1" })).toBe("proxy-502");
    expect(queue.take({ content: "surveyLink", record: "7" })).toBe("hang");
    expect(queue.take({ content: "version", record: "" })).toBe("proxy-502");
    expect(queue.take({ content: "version", record: "" })).toBeUndefined();
  });

  it("resolves profiles by name and refuses unknown ones", () => {
    expect(resolveProfile("flaky")).toBe(FAULT_PROFILES.flaky);
    expect(resolveProfile(undefined)).toBe(FAULT_PROFILES.none);
    expect(() => resolveProfile("chaos")).toThrow(
      new ConfigError('Unknown fault profile "chaos": use one of none, flaky'),
    );
    expect(() => resolveProfile("toString")).toThrow(ConfigError);
  });
});
