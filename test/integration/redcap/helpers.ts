import { readFile } from "node:fs/promises";
import { inspect } from "node:util";
import { afterEach } from "vitest";
import { packagePath } from "../../../src/paths.js";
import {
  createRedcapClient,
  type RedcapClient,
  type RedcapClientOptions,
} from "../../../src/redcap/client.js";
import {
  parseProject,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from "../../../src/simulator/index.js";
import type { ProgressEvent, SurveyRef } from "../../../src/types.js";

export const DEMO_TOKEN = "0123456789ABCDEF0123456789ABCDEF";
export const NO_SURVEY_RIGHTS_TOKEN = "A1B2C3D4E5F60718293A4B5C6D7E8F90";
export const NO_EXPORT_TOKEN = "FEDCBA9876543210FEDCBA9876543210";
export const LONGITUDINAL_TOKEN = "11111111111111111111111111111111";
export const UNKNOWN_TOKEN = "99999999999999999999999999999999";
export const EXPIRED_TOKEN = "E0E0E0E0E0E0E0E0E0E0E0E0E0E0E0E0";

export type ProjectEdit = (project: Record<string, unknown>) => void;

/** A simulator serving a fixture project, optionally edited (old version, surveys off …). */
export async function startFixture(
  file: "demo-project.json" | "test-project-longitudinal.json",
  options: Omit<SimulatorOptions, "project"> = {},
  edit?: ProjectEdit,
): Promise<RunningSimulator> {
  const json = JSON.parse(await readFile(packagePath("fixtures", file), "utf8")) as Record<string, unknown>;
  edit?.(json);
  return startSimulator({ project: parseProject(json, file), port: 0, ...options });
}

export interface Harness {
  readonly client: RedcapClient;
  readonly events: ProgressEvent[];
}

/** A client for the simulator with test-sized defaults: generous window, short timeout, tiny backoff. */
export function clientFor(sim: RunningSimulator, options: Partial<RedcapClientOptions> = {}): Harness {
  const events: ProgressEvent[] = [];
  const client = createRedcapClient({
    apiUrl: sim.apiUrl,
    token: DEMO_TOKEN,
    rateLimit: { count: 300, windowMs: 60_000 },
    concurrency: 4,
    timeoutMs: 2_000,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { client, events };
}

export { VirtualClock } from "../../helpers/virtual-clock.js";

/** Everything an error exposes: message, stack, own fields, JSON, inspect, down the cause chain. */
export function everythingIn(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth += 1) {
    parts.push(String(current));
    if (current instanceof Error) parts.push(current.message, current.stack ?? "");
    try {
      parts.push(JSON.stringify(current));
    } catch {
      parts.push("(not JSON)");
    }
    parts.push(inspect(current, { showHidden: true, depth: 10 }));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join("\n");
}

/** The demo project's first participant's baseline survey. */
export const DEMO_SURVEY: SurveyRef = {
  recordId: "0001",
  instrument: "baseline_survey",
  event: undefined,
  repeatInstance: 1,
};

/**
 * Registers what a test starts (simulators, clients) to be closed after it, last started first:
 * returns the function that registers one.
 */
export function closeAfterEach(): (close: () => unknown) => void {
  const pending: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of pending.splice(0).reverse()) await close();
  });
  return (close) => {
    pending.push(close);
  };
}
