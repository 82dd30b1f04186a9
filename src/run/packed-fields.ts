// A run holds every letter's roster values from the check to its print file. As an object a row
// (a name → value record) they cost about 250 bytes of headers at a 50,000-row mailing's scale: the
// object, its property array for the names past the fourth, and one string per value. Packed into
// one string a row, with the column names held once for the run, they cost one string's header;
// the values come out again only when a letter is drawn or sorted. No library does this: it is a
// trade of V8's object layout for a little work per letter, so it lives here.
//
// Each value is written after its length, as base-128 digits in characters below 256 (a one-byte
// string stays one-byte): lossless for any text, whatever characters a value holds. A row with one
// character past Latin-1 (a Chinese name, a typographic apostrophe) is held two bytes a character
// throughout, and still takes less than its values did apart.

/** The column names of a run's letters, shared by all of them, in packing order. */
export type FieldNames = readonly string[];

/** The letter's values in one flat string (see above); `names` says which value is which. */
export function packFields(names: FieldNames, fields: Readonly<Record<string, string>>): string {
  const parts: string[] = [];
  for (const name of names) {
    const value = Object.hasOwn(fields, name) ? (fields[name] ?? "") : "";
    let length = value.length;
    while (length >= 0x80) {
      parts.push(String.fromCharCode(0x80 | (length & 0x7f)));
      length >>>= 7;
    }
    parts.push(String.fromCharCode(length), value);
  }
  // join, not +: V8 keeps a string built by + as a tree of its pieces; join makes one flat string.
  return parts.join("");
}

/** The values `packFields` packed, by name (a fresh object, for drawing one letter). */
export function unpackFields(names: FieldNames, packed: string): Record<string, string> {
  const entries: [string, string][] = [];
  let at = 0;
  for (const name of names) {
    const [value, next] = valueAt(packed, at);
    entries.push([name, value]);
    at = next;
  }
  // fromEntries, not assignment: a column named "__proto__" must stay an ordinary field.
  return Object.fromEntries(entries);
}

/** One packed value by name; undefined when `names` has no such column. */
export function packedField(names: FieldNames, packed: string, name: string): string | undefined {
  let at = 0;
  for (const own of names) {
    const [value, next] = valueAt(packed, at);
    if (own === name) return value;
    at = next;
  }
  return undefined;
}

function valueAt(packed: string, from: number): [string, number] {
  let length = 0;
  let shift = 0;
  let at = from;
  for (;;) {
    const digit = packed.charCodeAt(at++);
    if (Number.isNaN(digit)) throw new RangeError("packed letter values end early");
    length += (digit & 0x7f) * 2 ** shift;
    if (digit < 0x80) break;
    shift += 7;
  }
  if (at + length > packed.length) throw new RangeError("packed letter values end early");
  return [packed.slice(at, at + length), at + length];
}
