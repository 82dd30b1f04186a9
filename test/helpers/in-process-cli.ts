import { Writable } from "node:stream";
import { runCli } from "../../src/cli/program.js";

// The command line run in this process, as src/cli.ts runs it but with its output kept: the same
// parsing, checks and messages as the built command without a node start-up apiece. (The built
// command in a process of its own: run-cli.ts.)

export interface InProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCliInProcess(
  argv: readonly string[],
  options: { env?: Record<string, string>; cwd: string },
): Promise<InProcessResult> {
  const text = { stdout: "", stderr: "" };
  const sink = (name: keyof typeof text) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        text[name] += chunk.toString();
        done();
      },
    });
  const code = await runCli({
    argv,
    env: options.env ?? {},
    cwd: options.cwd,
    platform: process.platform,
    stdout: sink("stdout"),
    stderr: sink("stderr"),
    signal: new AbortController().signal,
    owner: { pid: process.pid, isAlive: () => true },
  });
  return { code, ...text };
}
