import type { Delimiter } from "./csv-records.js";

// Excel saves "CSV" with the list separator of the computer's region: a comma in the US and UK, a
// semicolon in most of Europe (where the comma is the decimal mark); "Text (Tab delimited)" uses tabs.
// The header line is column names, which hold none of these, so its most frequent one is the delimiter.

export const DELIMITERS: readonly Delimiter[] = [",", ";", "\t"];

/** Words for a delimiter in a message: "comma", "semicolon", "tab". */
export const DELIMITER_NAME: Readonly<Record<Delimiter, string>> = {
  ",": "comma",
  ";": "semicolon",
  "\t": "tab",
};

/** How the delimiter is typed on the command line (`--delimiter ;`). */
export const DELIMITER_FLAG: Readonly<Record<Delimiter, string>> = { ",": ",", ";": ";", "\t": "tab" };

/** How many times each delimiter appears outside quotes on the first non-blank line of the text. */
export function countOnHeaderLine(text: string): ReadonlyMap<Delimiter, number> {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let i = 0;
  while (i < text.length && (text[i] === "\n" || text[i] === "\r")) i++;
  let quoted = false;
  for (; i < text.length; i++) {
    const c = text[i] ?? "";
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && counts.has(c as Delimiter))
      counts.set(c as Delimiter, (counts.get(c as Delimiter) ?? 0) + 1);
  }
  return counts;
}

export type Detected =
  | { readonly delimiter: Delimiter }
  /** Two delimiters appear equally often on the header line: the reader cannot tell which one is meant. */
  | { readonly tie: readonly Delimiter[] };

/** The delimiter the header line uses; a line with none of them is one column (comma). */
export function detectDelimiter(text: string): Detected {
  const counts = [...countOnHeaderLine(text)].sort((a, b) => b[1] - a[1]);
  const [first, second] = counts;
  if (first === undefined || first[1] === 0) return { delimiter: "," };
  if (second !== undefined && second[1] === first[1])
    return { tie: counts.filter(([, n]) => n === first[1]).map(([d]) => d) };
  return { delimiter: first[0] };
}

/** Excel's "sep=;" first line, which names the delimiter and is not part of the data. */
export function excelSeparatorLine(text: string): Delimiter | undefined {
  const match = /^sep=([,;\t])(?:\r\n|\n|\r|$)/i.exec(text);
  return match?.[1] as Delimiter | undefined;
}

/** `,` `comma` `;` `semicolon` `tab` `\t` (as typed, or a real tab) → the delimiter. */
export function readDelimiter(typed: string): Delimiter | undefined {
  const word = typed === "\t" ? "tab" : typed.trim().toLowerCase();
  const byWord: Readonly<Record<string, Delimiter>> = {
    ",": ",",
    comma: ",",
    ";": ";",
    semicolon: ";",
    tab: "\t",
    "\\t": "\t",
  };
  return byWord[word];
}
