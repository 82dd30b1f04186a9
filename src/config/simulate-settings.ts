import type { RateLimit } from "../types.js";
import { readDuration, readRateLimit } from "./duration.js";
import { echo, ProblemList } from "./problems.js";
import { checked, type Flags, finder, pathOf, textOf, wholeNumber } from "./setting-values.js";

export interface SimulateInput<P extends string = string> {
  /** Raw values as typed: port, project, latency, banThreshold, seed, faults. */
  readonly flags: Flags;
  readonly cwd: string;
  /** The bundled demo project (the caller knows where the package lives). */
  readonly defaultProjectFile: string;
  /** 0 lets the system choose a free port. */
  readonly defaultPort?: number;
  /** Fault profile names the simulator knows; when given, `--faults` must be one of them. */
  readonly faultProfiles?: readonly P[];
}

export interface SimulateSettings<P extends string = string> {
  readonly port: number;
  readonly projectFile: string;
  /** Undefined: the simulator's own default (its fault profile's latency). */
  readonly latencyMs: number | undefined;
  /** The IP ban rule: more than `count` requests in a trailing window bans the client. Undefined: the
   * simulator's default, REDCap's 600 per 60 s. */
  readonly ban: RateLimit | undefined;
  readonly seed: string | undefined;
  readonly faults: P | undefined;
}

/** Flags of `simulate` → settings, or one UsageError listing every problem. */
export function resolveSimulateSettings<P extends string = string>(
  input: SimulateInput<P>,
): SimulateSettings<P> {
  const problems = new ProblemList();
  const pick = finder(input.flags, undefined, input.cwd);

  const port = wholeNumber(pick("port"), 0, 65_535, problems) ?? input.defaultPort ?? 0;
  const projectFile = pathOf(pick("project"), problems) ?? input.defaultProjectFile;
  const latencyMs = checked(pick("latency"), problems, readDuration);
  const ban = checked(pick("banThreshold"), problems, readRateLimit);
  const seed = textOf(pick("seed"), problems);
  const faults = textOf(pick("faults"), problems);
  const known: readonly string[] | undefined = input.faultProfiles;
  if (faults !== undefined && known !== undefined && !known.includes(faults)) {
    problems.add(
      { kind: "flag", flag: "faults" },
      `unknown fault profile ${echo(faults)}; expected one of ${known.join(", ")}`,
    );
  }
  problems.throwIfAny("simulator settings");
  // Checked against `faultProfiles` above when the caller gave them.
  return { port, projectFile, latencyMs, ban, seed, faults: faults as P | undefined };
}
