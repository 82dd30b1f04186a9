// One `generate` run for a benchmark: in this process (runCli, as the tests do) or as the built CLI in
// a fresh node process (what a user starts). Output is discarded: the benchmarks report counts and
// times, never a line that could hold a code.

import { spawn } from "node:child_process";
import { runCli } from "../cli/program.js";
import { packagePath } from "../paths.js";
import { BENCH_INSTRUMENT, silent } from "./bench-project.js";

export interface GenerateRun {
  readonly roster: string;
  readonly apiUrl: string;
  readonly out: string;
  /** e.g. "300/60s"; omitted: the product's default. */
  readonly rateLimit?: string;
  readonly extra?: readonly string[];
}

export function generateArgv(run: GenerateRun): string[] {
  const argv = [
    "generate",
    "--roster",
    run.roster,
    "--api-url",
    run.apiUrl,
    "--instrument",
    BENCH_INSTRUMENT,
  ];
  argv.push("--out", run.out);
  if (run.rateLimit !== undefined) argv.push("--rate-limit", run.rateLimit);
  return [...argv, ...(run.extra ?? [])];
}

/** Runs in this process; throws unless the run exits 0 (every letter made). */
export async function generateInProcess(run: GenerateRun, token: string, cwd: string): Promise<void> {
  const code = await runCli({
    argv: generateArgv(run),
    env: { REDCAP_API_TOKEN: token },
    cwd,
    platform: process.platform,
    stdout: silent(),
    stderr: silent(),
    signal: new AbortController().signal,
    owner: { pid: process.pid, isAlive: () => true },
  });
  if (code !== 0) throw new Error(`a benchmark generate run exited ${code}`);
}

export interface ProcessOptions {
  readonly token: string;
  readonly cwd: string;
  /** Before the script, e.g. `--import` of a preload. */
  readonly nodeArgs?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs `node [nodeArgs] bin/redcap-packets.js generate …` and resolves with its wall time in ms;
 * rejects unless it exits 0. The token goes by environment, as the CLI's help asks.
 */
export function generateProcess(run: GenerateRun, options: ProcessOptions): Promise<number> {
  return commandProcess(generateArgv(run), options);
}

/** Runs `node [nodeArgs] bin/redcap-packets.js <argv>`; resolves with its wall time in ms (exit 0 only). */
export function commandProcess(argv: readonly string[], options: ProcessOptions): Promise<number> {
  const bin = packagePath("bin", "redcap-packets.js");
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, ...argv], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, REDCAP_API_TOKEN: options.token },
    stdio: "ignore",
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`a benchmark ${argv[0]} process exited ${code ?? signal}`));
    });
  });
}
