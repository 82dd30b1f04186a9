import { readFile } from "node:fs/promises";
import { RosterError } from "../errors.js";
import type { Roster } from "../types.js";
import { parseRoster, type RosterOptions } from "./parse-roster.js";

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "the file does not exist",
  EISDIR: "this is a folder, not a roster file",
  EACCES: "the file cannot be read: permission denied",
  EPERM: "the file cannot be read: permission denied",
  ENOTDIR: "a part of the path is not a folder",
};

/** Reads the roster file and parses it; a file that cannot be read stops the run. */
export async function readRoster(file: string, options: RosterOptions = {}): Promise<Roster> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const reason = REASONS[code] ?? `the file cannot be read (${code || String(error)})`;
    throw new RosterError({ file }, `${reason}; expected a roster CSV file`, { cause: error });
  }
  return parseRoster(bytes, file, options);
}
