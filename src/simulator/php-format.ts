// How REDCap (PHP) writes things, byte for byte, so clients parse what a real server sends.

/** PHP's json_encode with default flags: `/` becomes `\/`, every non-ASCII character `\uXXXX`. */
export function phpJsonEncode(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, "\\/")
    .replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** htmlspecialchars(ENT_QUOTES), which REDCap applies to the record id it echoes in an error. */
export function phpHtmlEscape(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#039;");
}

/**
 * PHP's strtolower: ASCII letters only (PHP 8.2+ ignores the locale; the C locale did the same). JS's
 * toLowerCase also lowers other letters, and a few (the Kelvin sign, dotted capital I) into ASCII.
 */
export function phpStrtolower(text: string): string {
  return text.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}

/**
 * PHP 8's strnatcasecmp (strnatcmp_ex with case folding), which natcasesort and REDCap's
 * natcaseksort sort by. What it follows, on the UTF-8 bytes as PHP sees them:
 * - an empty string sorts before any other;
 * - zeros before a digit are skipped at the very start of the string only ("007" is "7" there);
 * - whitespace (space, \t \n \v \f \r) is skipped before each step, but not right after a
 *   digit run;
 * - where two digit runs meet: if either starts with 0 (past the start) they compare
 *   left-aligned, digit by digit, like decimals ("x05" < "x1", "x05" < "x051"); otherwise the
 *   longer run is larger, and runs of one length compare by value ("2" < "10");
 * - any other byte compares by value after ASCII a-z is folded to A-Z, so "_" (0x5F) sorts after
 *   the letters and "-" "." "@" before digits and letters;
 * - when one string runs out first it is the smaller.
 * What it does not: a locale (PHP 8 runs in the C locale unless a script calls setlocale; REDCap
 * does not for LC_CTYPE), and PHP's sort is left to the caller: stable since PHP 8.0, as
 * Array.prototype.sort is, so keys that compare equal keep their order.
 */
export function phpStrnatcasecmp(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  if (x.length === 0 || y.length === 0) return Math.sign(x.length - y.length);
  // Past the end a byte reads as 0, as the NUL after a PHP string does.
  const at = (s: Uint8Array, i: number) => (i < s.length ? (s[i] as number) : 0);
  let i = skipLeadingZeros(x);
  let j = skipLeadingZeros(y);
  for (;;) {
    while (isSpace(at(x, i))) i++;
    while (isSpace(at(y, j))) j++;
    if (isDigit(at(x, i)) && isDigit(at(y, j))) {
      const run = at(x, i) === ZERO || at(y, j) === ZERO ? digitsLeftAligned : digitsByValue;
      const { order, endA, endB } = run(x, i, y, j);
      if (order !== 0) return order;
      i = endA;
      j = endB;
      if (i >= x.length || j >= y.length) return shorterFirst(x, i, y, j);
    }
    const ca = foldUpper(at(x, i));
    const cb = foldUpper(at(y, j));
    if (ca !== cb) return ca < cb ? -1 : 1;
    i++;
    j++;
    if (i >= x.length || j >= y.length) return shorterFirst(x, i, y, j);
  }
}

const utf8 = new TextEncoder();
const ZERO = 0x30;
const isDigit = (c: number) => c >= ZERO && c <= 0x39;
const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const foldUpper = (c: number) => (c >= 0x61 && c <= 0x7a ? c - 0x20 : c);

/** Called once either string has run out: 0 if both have, else the one that has is smaller. */
function shorterFirst(x: Uint8Array, i: number, y: Uint8Array, j: number): number {
  return Number(i < x.length) - Number(j < y.length);
}

function skipLeadingZeros(s: Uint8Array): number {
  let i = 0;
  while (s[i] === ZERO && i + 1 < s.length && isDigit(s[i + 1] as number)) i++;
  return i;
}

interface RunOrder {
  readonly order: number;
  /** Where each string's digit run ended (meaningful when order is 0). */
  readonly endA: number;
  readonly endB: number;
}

/** Digit runs as decimals after a point: the first differing digit decides, a shorter run is smaller. */
function digitsLeftAligned(x: Uint8Array, i: number, y: Uint8Array, j: number): RunOrder {
  for (; ; i++, j++) {
    const da = i < x.length && isDigit(x[i] as number);
    const db = j < y.length && isDigit(y[j] as number);
    if (!da || !db) return { order: da === db ? 0 : da ? 1 : -1, endA: i, endB: j };
    if (x[i] !== y[j]) return { order: (x[i] as number) < (y[j] as number) ? -1 : 1, endA: i, endB: j };
  }
}

/** Digit runs as whole numbers: the longer run is larger; at equal length the first differing digit. */
function digitsByValue(x: Uint8Array, i: number, y: Uint8Array, j: number): RunOrder {
  let bias = 0;
  for (; ; i++, j++) {
    const da = i < x.length && isDigit(x[i] as number);
    const db = j < y.length && isDigit(y[j] as number);
    if (!da || !db) return { order: da === db ? bias : da ? 1 : -1, endA: i, endB: j };
    if (bias === 0 && x[i] !== y[j]) bias = (x[i] as number) < (y[j] as number) ? -1 : 1;
  }
}

export type DataFormat = "json" | "csv" | "xml";

/** `format` shapes data; anything but json/csv (odm, garbage, nothing) means xml. */
export function dataFormat(format: string | undefined): DataFormat {
  return format === "json" || format === "csv" ? format : "xml";
}

/** `returnFormat` (case-insensitive) shapes errors; when empty it falls back to `format`, then xml. */
export function errorFormat(returnFormat: string | undefined, format: string | undefined): DataFormat {
  const chosen = returnFormat !== undefined && returnFormat !== "" ? returnFormat : dataFormat(format);
  const lower = chosen.toLowerCase();
  return lower === "json" || lower === "csv" ? lower : "xml";
}

export const contentTypes: Readonly<Record<DataFormat | "html", string>> = {
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  xml: "text/xml; charset=utf-8",
  html: "text/html; charset=UTF-8",
};

export function errorBody(message: string, format: DataFormat): string {
  switch (format) {
    case "json":
      return phpJsonEncode({ error: message });
    case "csv":
      return `ERROR: ${message}`;
    case "xml":
      return `<?xml version="1.0" encoding="UTF-8" ?><hash><error>${message}</error></hash>`;
  }
}

type Row = Readonly<Record<string, string | number>>;

/** How a list is written as XML: its root element, each row's element, and how an empty value looks. */
export interface XmlShape {
  readonly root: string;
  /** REDCap's metadata-like lists use `item`; the participant list `participant`. */
  readonly item?: string;
  /** The record export writes an empty value as `<f></f>`, not as an empty CDATA section. */
  readonly bareEmpty?: boolean;
  /**
   * Whether a `]]>` in a value is split so it cannot end the CDATA section early. REDCap 15.x's record
   * export (Records::convertFlatDataToXml) and participantList (REDCap::getParticipantList) do; its
   * other xml lists (metadata, exportFieldNames, project, events, arms …) write the value as it is.
   */
  readonly splitCdataEnd?: boolean;
  /**
   * Whether a newline follows the root's closing tag (default yes). REDCap 15.x's exportFieldNames
   * and participantList end right after it.
   */
  readonly finalNewline?: boolean;
}

/** A list of flat rows in the requested data format (REDCap's exports of metadata-like lists). */
export function tableBody(
  rows: readonly Row[],
  format: DataFormat,
  columns: readonly string[],
  xml: XmlShape,
) {
  switch (format) {
    case "json":
      return phpJsonEncode(rows);
    case "csv":
      return `${[columns.join(","), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(","))].join("\n")}\n`;
    case "xml":
      return xmlList(rows, columns, xml);
  }
}

function csvCell(value: string | number | undefined): string {
  const text = value === undefined ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function xmlList(rows: readonly Row[], columns: readonly string[], shape: XmlShape): string {
  const item = shape.item ?? "item";
  const cdata = (value: string) => (shape.splitCdataEnd === true ? splitCdataEnd(value) : value);
  const cell = (c: string, value: string) =>
    value === "" && shape.bareEmpty === true ? `<${c}></${c}>` : `<${c}><![CDATA[${cdata(value)}]]></${c}>`;
  // Each row on a line of its own, as PHP writes it in a loop (so an empty list is `<root>\n</root>`:
  // inferred, no empty list has been seen from a real server).
  const items = rows.map(
    (r) => `<${item}>${columns.map((c) => cell(c, String(r[c] ?? ""))).join("")}</${item}>\n`,
  );
  const end = shape.finalNewline === false ? "" : "\n";
  return `<?xml version="1.0" encoding="UTF-8" ?>\n<${shape.root}>\n${items.join("")}</${shape.root}>${end}`;
}

/**
 * `]]>` inside CDATA would end it: REDCap 15.x closes the section after `]]` and opens another for
 * the `>` (`]]]]><![CDATA[>`), so a parser reads the value back whole.
 */
function splitCdataEnd(value: string): string {
  return value.replaceAll("]]>", "]]]]><![CDATA[>");
}
