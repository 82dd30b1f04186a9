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
export function* csvRecords(text: string, delimiter: Delimiter = ","): Generator<CsvRecord> {
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

    for (;;) {
      const field = fields.length;
      let value = "";
      if (text[i] === '"') {
        const quoteLine = line;
        const contentStart = ++i;
        let closed = false;
        while (i < text.length) {
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (isLineBreak(c)) value += takeLineBreak();
          else {
            value += c;
            i++;
          }
        }
        if (!closed) {
          // Recover at the end of the line where the quote opened: the rest of the file is not one value.
          note({ line: quoteLine, field, message: UNCLOSED });
          let end = contentStart;
          while (end < text.length && !isLineBreak(text[end])) end++;
          value = text.slice(contentStart, end);
          i = end;
          line = quoteLine;
        } else {
          let stray = "";
          while (i < text.length && text[i] !== delimiter && !isLineBreak(text[i])) stray += text[i++];
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
    yield { fields, line: startLine, quoteProblem: problem };
  }
}
