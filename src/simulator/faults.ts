// Fault injection: what sits between a client and a real REDCap (proxies, SSO, an overloaded
// database) and can answer instead of it. One-shot/N-shot faults for tests, profiles for rehearsals.
import { ConfigError } from "../errors.js";

export const FAULT_KINDS = [
  "proxy-502",
  "proxy-503",
  "proxy-504",
  "out-of-memory",
  "database-error",
  "sso-login",
  "reset",
  "hang",
  "redirect",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** Which API requests a fault applies to; an empty match takes the next API request. */
export interface FaultMatch {
  readonly content?: string;
  readonly record?: string;
}

export interface FaultSpec {
  readonly kind: FaultKind;
  /** How many matching requests it hits (default 1; Infinity: until cleared). */
  readonly times?: number;
  readonly match?: FaultMatch;
}

export interface FaultTarget {
  readonly content: string;
  readonly record: string;
}

interface Pending {
  readonly spec: FaultSpec;
  left: number;
}

export class FaultQueue {
  #pending: Pending[] = [];

  add(...specs: readonly FaultSpec[]): void {
    for (const spec of specs) this.#pending.push({ spec, left: spec.times ?? 1 });
  }

  clear(): void {
    this.#pending = [];
  }

  /** Faults still waiting for a request (a spec hitting 3 requests counts 3). */
  get pending(): number {
    return this.#pending.reduce((sum, p) => sum + p.left, 0);
  }

  /** The first queued fault matching this request, used up by one. */
  take(target: FaultTarget): FaultKind | undefined {
    const hit = this.#pending.find((p) => p.left > 0 && matches(p.spec.match, target));
    if (hit === undefined) return undefined;
    hit.left -= 1;
    this.#pending = this.#pending.filter((p) => p.left > 0);
    return hit.spec.kind;
  }
}

function matches(match: FaultMatch | undefined, target: FaultTarget): boolean {
  if (match === undefined) return true;
  if (match.content !== undefined && match.content !== target.content) return false;
  return match.record === undefined || match.record === target.record;
}

export interface FaultProfile {
  readonly name: string;
  readonly latencyMs?: number;
  readonly jitterMs?: number;
  /** Each API request draws one number from the seeded RNG: below `rate`, one of `kinds` answers. */
  readonly random?: { readonly rate: number; readonly kinds: readonly FaultKind[] };
}

export type FaultProfileName = "none" | "flaky";

export const FAULT_PROFILES: Readonly<Record<FaultProfileName, FaultProfile>> = {
  none: { name: "none" },
  // A busy institutional server behind a load balancer: now and then a gateway error or a reset.
  flaky: {
    name: "flaky",
    latencyMs: 40,
    jitterMs: 60,
    random: { rate: 0.05, kinds: ["proxy-502", "proxy-503", "reset"] },
  },
};

/** A profile by name (as typed after --faults) or as given; an unknown name is a configuration error. */
export function resolveProfile(profile: string | FaultProfile | undefined): FaultProfile {
  if (profile === undefined) return FAULT_PROFILES.none;
  if (typeof profile !== "string") return profile;
  if (!Object.hasOwn(FAULT_PROFILES, profile)) {
    const known = Object.keys(FAULT_PROFILES).join(", ");
    throw new ConfigError(`Unknown fault profile "${profile}": use one of ${known}`);
  }
  return FAULT_PROFILES[profile as FaultProfileName];
}

/** A small seeded PRNG (mulberry32) so a rehearsal's faults repeat with the seed. */
export function seededRandom(seed: string): () => number {
  let state = 0;
  for (const ch of seed) state = (Math.imul(state, 31) + ch.charCodeAt(0)) | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomFault(profile: FaultProfile, random: () => number): FaultKind | undefined {
  const spec = profile.random;
  if (spec === undefined || spec.kinds.length === 0) return undefined;
  if (random() >= spec.rate) return undefined;
  return spec.kinds[Math.floor(random() * spec.kinds.length)];
}
