import { basename } from "node:path";
import type { Parsed } from "./duration.js";
import { hideTokens } from "./problems.js";

export type StatFile = (path: string) => Promise<{ mode: number; isFile: boolean }>;
export type ReadFile = (path: string) => Promise<Buffer>;

const SHAPE = "a REDCap API token is 32 characters (64 for a super token), digits 0-9 and letters A-F";

/** Checks the token's shape locally. Messages describe it (length, kinds of characters), never show it. */
export function checkTokenShape(token: string): Parsed<string> {
  if (token === "") return { ok: false, message: `the API token is empty; ${SHAPE}` };
  if (/^["'].*["']$/s.test(token)) {
    return { ok: false, message: `the API token is wrapped in quotes; remove them (${SHAPE})` };
  }
  if (/\s/.test(token))
    return { ok: false, message: `the API token contains spaces or line breaks; ${SHAPE}` };
  const lengthOk = token.length === 32 || token.length === 64;
  if (/^[0-9a-fA-F]+$/.test(token)) {
    if (!lengthOk)
      return { ok: false, message: `the API token is ${token.length} characters long; ${SHAPE}` };
    if (/[a-f]/.test(token)) {
      return {
        ok: false,
        message: `the API token has lowercase letters; ${SHAPE} in uppercase — copy it again from REDCap's API page`,
      };
    }
    return { ok: true, value: token };
  }
  const others = [...token].filter((c) => !/[0-9A-Fa-f]/.test(c)).length;
  return {
    ok: false,
    message: `the API token is ${token.length} characters long and ${others} of them are not 0-9 or A-F; ${SHAPE}`,
  };
}

/** Reads a token file: a regular file, private to its owner on POSIX, holding the token (trimmed). */
export async function readTokenFile(
  file: string,
  deps: { readFile: ReadFile; statFile: StatFile; platform: string },
): Promise<Parsed<string>> {
  // The likeliest slip: the token itself given where its file's name goes.
  if (hideTokens(basename(file)) !== basename(file)) {
    return {
      ok: false,
      message:
        "--token-file takes the name of a file that holds the token, not the token (the value given is not " +
        "shown); write the token to a file only you can read (chmod 600) and give that file's name",
    };
  }
  let stat: { mode: number; isFile: boolean };
  try {
    stat = await deps.statFile(file);
  } catch (error) {
    return { ok: false, message: `cannot read the token file ${file}: ${reason(error)}` };
  }
  if (!stat.isFile) return { ok: false, message: `the token file ${file} is not a file` };
  // Windows has no POSIX mode bits worth checking (Node reports 0o666 for every writable file).
  if (deps.platform !== "win32" && (stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(4, "0");
    return {
      ok: false,
      message:
        `the token file ${file} can be opened by other users of this computer (mode ${mode}); ` +
        `make it private with: chmod 600 ${file}`,
    };
  }
  let bytes: Buffer;
  try {
    bytes = await deps.readFile(file);
  } catch (error) {
    return { ok: false, message: `cannot read the token file ${file}: ${reason(error)}` };
  }
  const token = bytes
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trim();
  const shape = checkTokenShape(token);
  return shape.ok ? shape : { ok: false, message: `${shape.message} (in the token file ${file})` };
}

export function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "it does not exist";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a folder";
  return code ?? (error instanceof Error ? error.message : String(error));
}
