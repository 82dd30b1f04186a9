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
