import { readFile } from "node:fs/promises";
import { inspect } from "node:util";
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
import type { Clock, ProgressEvent } from "../../../src/types.js";

export const DEMO_TOKEN = "0123456789ABCDEF0123456789ABCDEF";
export const NO_SURVEY_RIGHTS_TOKEN = "A1B2C3D4E5F60718293A4B5C6D7E8F90";
export const NO_EXPORT_TOKEN = "FEDCBA9876543210FEDCBA9876543210";
export const LONGITUDINAL_TOKEN = "11111111111111111111111111111111";
export const UNKNOWN_TOKEN = "99999999999999999999999999999999";

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

/**
 * Virtual time shared by the client and the simulator. Time moves only when every request the client
 * sent has reached the simulator, so the simulator stamps each request with exactly the time the
 * client's window counted it: the window is measured on the server's side with no network noise.
 */
export class VirtualClock implements Clock {
  private time = 1_000_000;
  private timers: { at: number; seq: number; fire: () => void }[] = [];
  private seq = 0;

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = {
        at: this.time + Math.max(0, ms),
        seq: this.seq++,
        fire: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** Fires the earliest timer; false when there is none. */
  fireNext(): boolean {
    const next = [...this.timers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
    if (next === undefined) return false;
    this.timers = this.timers.filter((t) => t !== next);
    this.time = Math.max(this.time, next.at);
    next.fire();
    return true;
  }

  /** Runs `work`, moving time forward whenever `idle()` says nothing is on the wire. */
  async drive<T>(work: Promise<T>, idle: () => boolean): Promise<T> {
    let done = false;
    const watched = work.finally(() => {
      done = true;
    });
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (idle()) this.fireNext();
    }
    return watched;
  }
}

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
