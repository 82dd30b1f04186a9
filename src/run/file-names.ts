import { createHash } from "node:crypto";

// Letter file names derive from the record id, instruments and event only: never a participant's
// name (print spoolers and backups log file names). They must be safe on every file system, so
// anything outside a conservative set is hex-escaped, and Windows' reserved device names are avoided.

const SAFE = /[A-Za-z0-9._-]/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const MAX_STEM = 120;

/** One name part, reversibly escaped: `a/b` → `a~2f~b`, so different ids never collide. */
export function safeNamePart(value: string): string {
  let out = "";
  for (const char of value) {
    out += SAFE.test(char) && char !== "~" ? char : `~${char.codePointAt(0)?.toString(16)}~`;
  }
  if (out === "" || out.startsWith(".")) out = `_${out}`;
  if (WINDOWS_RESERVED.test(out)) out = `_${out}`;
  return out;
}

export interface LetterNameParts {
  readonly recordId: string;
  readonly instruments: readonly string[];
  readonly event: string | undefined;
  readonly repeatInstance: number;
}

/** `letters/0042--baseline_survey--month_6_arm_1.pdf`; instance appended only when it is not 1. */
export function letterFileName(parts: LetterNameParts): string {
  const pieces = [safeNamePart(parts.recordId), parts.instruments.map(safeNamePart).join("+")];
  if (parts.event !== undefined) pieces.push(safeNamePart(parts.event));
  if (parts.repeatInstance !== 1) pieces.push(`i${parts.repeatInstance}`);
  let stem = pieces.join("--");
  if (stem.length > MAX_STEM) {
    // Long ids are cut, and a hash of the full stem keeps them distinct.
    const hash = createHash("sha256").update(stem).digest("hex").slice(0, 12);
    stem = `${stem.slice(0, MAX_STEM - 13)}-${hash}`;
  }
  return `letters/${stem}.pdf`;
}
