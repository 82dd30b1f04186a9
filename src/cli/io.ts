import { readFile, stat } from "node:fs/promises";
import type { LockOwner } from "../run/folder/run-lock.js";

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

export function writeLines(stream: NodeJS.WritableStream, lines: readonly string[]): void {
  for (const line of lines) writeLine(stream, line);
}

/** The file reads the settings need (config file, token file, CA file), from the real file system. */
export const settingsFiles = {
  readFile: (path: string): Promise<Buffer> => readFile(path),
  statFile: async (path: string): Promise<{ mode: number; isFile: boolean }> => {
    const info = await stat(path);
    return { mode: info.mode, isFile: info.isFile() };
  },
};
