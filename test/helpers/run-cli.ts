import { type ChildProcess, type ChildProcessByStdio, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { packagePath } from "../../src/paths.js";

// End-to-end tests run the built command exactly as a user does (`npm test` builds first).

const BIN = packagePath("bin", "redcap-packets.js");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runBuiltCli(
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; onStart?: (child: ChildProcess) => void } = {},
): Promise<CliResult> {
  if (!existsSync(packagePath("dist", "cli.js"))) {
    throw new Error(
      "dist/cli.js is missing: run `npm run build` (npm test does it) before the end-to-end tests",
    );
  }
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? packagePath(),
    // A clean environment: no REDCAP_* from the developer's shell leaks into a test.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  options.onStart?.(child);
  return finished(child);
}

/** What a child process with piped output printed, and how it exited. */
export async function finished(child: ChildProcessByStdio<null, Readable, Readable>): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout, stderr };
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `rp-${prefix}-`));
}
