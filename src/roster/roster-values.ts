// Characters a spreadsheet, a copy from a web page or another program leaves in a cell that print as
// nothing (or as a box) on a letter.

/** A letter prints names and addresses; a longer value is a pasted document or a quote gone astray. */
export const MAX_VALUE_LENGTH = 10_000;

// Zero-width space, word joiner and byte order mark: invisible, and never part of a name. The zero-width
// joiner and non-joiner are kept: emoji sequences and Persian or Indic names need them.
const INVISIBLE = new Set([0x200b, 0x2060, 0xfeff]);

/** C0 and C1 control characters and DEL, but not the tab and line breaks a quoted value may hold. */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);
}

/** The value without control and zero-width characters. */
export function cleanValue(value: string): string {
  let kept = "";
  let from = 0;
  for (let k = 0; k < value.length; k++) {
    const code = value.charCodeAt(k);
    if (!isControl(code) && !INVISIBLE.has(code)) continue;
    kept += value.slice(from, k);
    from = k + 1;
  }
  return from === 0 ? value : kept + value.slice(from);
}

/**
 * Why a record id cannot be sent as it is: it holds a character nobody can see or type (the record in
 * REDCap would never match). Names the character by its code and position, never the id.
 */
export function idProblem(id: string): string | undefined {
  const chars = [...id];
  const at = chars.findIndex((char) => {
    const code = char.codePointAt(0) ?? 0;
    return isControl(code) || INVISIBLE.has(code) || /\p{Cf}/u.test(char) || code === 0x09;
  });
  if (at === -1) return undefined;
  const code = (chars[at]?.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
  return (
    `record_id holds an invisible character (U+${code}) at character ${at + 1}; ` +
    "type the record ID again in the roster (copying it from a web page or e-mail can bring such characters)"
  );
}
