// A strict RFC 4180 reader that never gives up on the whole file. We do not use csv-parse here:
// its record positions count the line where a record ends (and fold skipped blank lines into the
// next record's raw text), and after a bad quote it reports one record twice and swallows the
// next good line. A coordinator needs "line 14" to be the line where that participant starts.

/** What separates the values of a line: comma, semicolon (European Excel) or tab. */
export type Delimiter = "," | ";" | "\t";

export interface QuoteProblem {
  /** 1-based line where the bad quote is. */
  readonly line: number;
  /** 0-based index of the field in its record. */
  readonly field: number;
  readonly message: string;
}

export interface CsvRecord {
  readonly fields: readonly string[];
  /** 1-based line on which the record starts. */
  readonly line: number;
  /** The first quoting mistake in this record; the record's values are then a best effort. */
  readonly quoteProblem: QuoteProblem | undefined;
}

const UNCLOSED =
  "a value starts with a double quote that is never closed; a value in quotes must end with a quote, " +
  'and a quote inside it must be doubled ("")';
/** What the reader knows of a record's shape once the header is read. */
export interface RecordShape {
  /** The header's number of values; a record with another number is misshapen. */
  fields?: number | undefined;
}

/** An address in quotes may take a few lines; a value still open this many lines on is a stray quote. */
export const MAX_LINE_BREAKS_IN_VALUE = 20;
const UNCLOSED_LONG =
  `a value starts with a double quote that is still not closed ${MAX_LINE_BREAKS_IN_VALUE} lines later; ` +
  'a value in quotes must end with a quote, and a quote inside it must be doubled ("")';
const AFTER_CLOSING =
  'a quoted value has text after its closing quote; a quote inside a quoted value must be doubled ("")';
const INSIDE_UNQUOTED =
  'a value contains a double quote but does not start with one; put the whole value in quotes and double the quote inside ("")';

function isLineBreak(c: string | undefined): boolean {
  return c === "\n" || c === "\r";
}

/** Splits CSV text (`"` quotes; CRLF, LF or CR line breaks) into records. */
export function splitCsvRecords(text: string, delimiter: Delimiter = ","): CsvRecord[] {
  return [...csvRecords(text, delimiter)];
}

/**
 * The records of CSV text one at a time, so a caller that turns each into something smaller does not
 * hold every record's raw fields at once (a roster of 100,000 rows).
 */
export function* csvRecords(
  text: string,
  delimiter: Delimiter = ",",
  shape: RecordShape = {},
): Generator<CsvRecord> {
  let i = 0;
  let line = 1;

  // Consumes one line break at i (CRLF counts once) and returns it.
  const takeLineBreak = (): string => {
    const pair = text[i] === "\r" && text[i + 1] === "\n";
    const taken = pair ? "\r\n" : (text[i] ?? "");
    i += taken.length;
    line++;
    return taken;
  };

  while (i < text.length) {
    const startLine = line;
    const fields: string[] = [];
    let problem: QuoteProblem | undefined;
    const note = (p: QuoteProblem): void => {
      problem ??= p;
    };
    // The first value in quotes that took more than one line.
    let spanning: { field: number; line: number; contentStart: number } | undefined;

    for (;;) {
      const field = fields.length;
      let value = "";
      if (text[i] === '"') {
        const quoteLine = line;
        const contentStart = ++i;
        // Slices, not one character at a time: a string built by += is a chain of thousands of pieces.
        const parts: string[] = [];
        let from = i;
        let breaks = 0;
        let closed = false;
        while (i < text.length && breaks <= MAX_LINE_BREAKS_IN_VALUE) {
          const c = text[i];
          if (c === '"') {
            parts.push(text.slice(from, i));
            i++;
            if (text[i] !== '"') {
              closed = true;
              break;
            }
            from = i++;
          } else if (isLineBreak(c)) {
            takeLineBreak();
            breaks++;
          } else i++;
        }
        const strayStart = i;
        if (closed) while (i < text.length && text[i] !== delimiter && !isLineBreak(text[i])) i++;
        const stray = closed ? text.slice(strayStart, i) : "";
        // A quote that spans lines and then has text after it is a quote opened by mistake that a later
        // line's quote happened to close: read on from the end of the line where it opened, so the
        // lines between stay rows of their own instead of one participant's value.
        if (!closed || (stray !== "" && breaks > 0)) {
          note({
            line: quoteLine,
            field,
            message: breaks > MAX_LINE_BREAKS_IN_VALUE ? UNCLOSED_LONG : UNCLOSED,
          });
          let end = contentStart;
          while (end < text.length && !isLineBreak(text[end])) end++;
          value = text.slice(contentStart, end);
          i = end;
          line = quoteLine;
        } else {
          value = parts.join("");
          if (breaks > 0) spanning ??= { field, line: quoteLine, contentStart };
          if (stray !== "") {
            note({ line, field, message: AFTER_CLOSING });
            value += stray;
          }
        }
      } else {
        const start = i;
        while (i < text.length && text[i] !== delimiter && !isLineBreak(text[i])) i++;
        value = text.slice(start, i);
        if (value.includes('"')) note({ line, field, message: INSIDE_UNQUOTED });
      }
      fields.push(value);
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      if (isLineBreak(text[i])) takeLineBreak();
      break;
    }
    // A value in quotes over several lines, in a record of the wrong shape: a stray quote that a quote at
    // the end of a later line closed. Read on from the end of the line where it opened, so the lines
    // between are rows of their own, not one participant's value.
    if (spanning !== undefined && shape.fields !== undefined && fields.length !== shape.fields) {
      let end = spanning.contentStart;
      while (end < text.length && !isLineBreak(text[end])) end++;
      fields.length = spanning.field;
      fields.push(text.slice(spanning.contentStart, end));
      i = end;
      line = spanning.line;
      if (isLineBreak(text[i])) takeLineBreak();
      if (problem === undefined || problem.field >= spanning.field)
        problem = { line: spanning.line, field: spanning.field, message: UNCLOSED };
    }
    yield { fields, line: startLine, quoteProblem: problem };
  }
}
