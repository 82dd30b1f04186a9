import { createHash } from "node:crypto";

// Letter file names derive from the record id, instruments and event only: never a participant's
// name (print spoolers and backups log file names). They must be safe on every file system, so
// anything outside a conservative set is hex-escaped. Windows' device names (CON, NUL, COM1 …) are
// devices with any extension too ("con.txt--s.pdf" is CON): a record id that is one, up to its first
// dot, has that dot escaped; a plain "CON" goes on with "--" and the instrument, which is not a dot.

const SAFE = /[A-Za-z0-9._-]/;
const DEVICE_THEN_DOT = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])\./i;
const MAX_STEM = 120;

/**
 * One name part, escaped so that different values never meet: every character outside the safe
 * set, and `~` itself, becomes `~hex~`; a leading dot is escaped too (no hidden files, no `..`).
 * Only `~` opens an escape, so the mapping can be read back: it is one-to-one.
 */
export function safeNamePart(value: string): string {
  let out = "";
  for (const char of value) {
    const keep = SAFE.test(char) && !(char === "." && out === "");
    out += keep ? char : `~${char.codePointAt(0)?.toString(16)}~`;
  }
  return out === "" ? "~~" : out;
}

export interface LetterNameParts {
  readonly recordId: string;
  readonly instruments: readonly string[];
  readonly event: string | undefined;
  readonly repeatInstance: number;
}

/**
 * `letters/0042--baseline_survey--month_6_arm_1.pdf`; instance appended only when it is not 1.
 * Windows and macOS file systems take `AB1` and `ab1` for the same file: a name with capitals
 * carries a short hash of its exact spelling, so it can never meet another id's letter there. The
 * rule looks at the name alone, so a letter keeps its name whatever else the roster holds.
 */
export function letterFileName(parts: LetterNameParts): string {
  const id = safeNamePart(parts.recordId).replace(DEVICE_THEN_DOT, "$1~2e~");
  const pieces = [id, parts.instruments.map(safeNamePart).join("+")];
  if (parts.event !== undefined) pieces.push(safeNamePart(parts.event));
  if (parts.repeatInstance !== 1) pieces.push(`i${parts.repeatInstance}`);
  let stem = pieces.join("--");
  if (/[A-Z]/.test(stem)) stem += `-${createHash("sha256").update(stem).digest("hex").slice(0, 8)}`;
  if (stem.length > MAX_STEM) {
    // Long ids are cut, and a hash of the full stem keeps them distinct.
    const hash = createHash("sha256").update(stem).digest("hex").slice(0, 12);
    stem = `${stem.slice(0, MAX_STEM - 13)}-${hash}`;
  }
  return flat(`letters/${stem}.pdf`);
}

/**
 * The same text as one flat string. V8 keeps a string built by `+` or a template as a tree of its
 * pieces (about 140 bytes for a letter's name instead of 56): the run holds one name a letter to its
 * end, 4 MiB at 50,000 rows. Names are ASCII here, so Latin-1 holds them exactly.
 */
function flat(ascii: string): string {
  return Buffer.from(ascii, "latin1").toString("latin1");
}
