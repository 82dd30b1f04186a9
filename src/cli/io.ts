import type { LockOwner } from "../run/run-lock.js";

// What a command may use of the outside world: passed in by src/cli.ts, the only file that touches
// `process`, so every command can also run in-process (the demo, the tests).

export interface CliIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly platform: string;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Aborted when the user presses Ctrl-C. */
  readonly signal: AbortSignal;
  /** This process, and how to tell whether another one still runs (for the run folder's lock). */
  readonly owner: LockOwner;
}

export function writeLine(stream: NodeJS.WritableStream, text = ""): void {
  stream.write(`${text}\n`);
}
