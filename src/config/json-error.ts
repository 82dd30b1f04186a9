/**
 * Describes a JSON.parse failure without any of the file's text. V8's messages quote the input
 * (`Unexpected token 'A', "ABCDEF0123"... is not valid JSON`), and the file may be a token file given by
 * mistake, so only the kind of error (in our words) and its line and column are reported.
 */
export function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  const parts = [kindOf(message)];
  const at = positionOf(text, message);
  if (at !== undefined) parts.push(`at line ${at.line}, column ${at.column}`);
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (text.startsWith("\uFEFF"))
    parts.push('(the file starts with a byte order mark: save it as "UTF-8" without BOM)');
  else if (start !== "" && !start.startsWith("{")) parts.push('(the file does not start with "{")');
  return parts.join(" ");
}

// V8's wording (Node 20 and later) → ours; nothing of V8's message is passed on.
const KINDS: readonly [RegExp, string][] = [
  [/^Unexpected end of JSON input/, "the text ends before the JSON is complete"],
  [/^Unterminated string/, "a text in double quotes is never closed"],
  [/^Expected ':'/, "expected : after a key name"],
  [/property name/, "expected a key name in double quotes (or a comma too many before it)"],
  [/^Expected ',' or '}'/, "expected a comma or } after a value"],
  [/^Expected ',' or '\]'/, "expected a comma or ] after a value"],
  [/^Bad control character/, "a line break or tab inside a text in double quotes"],
  [
    /^Bad (escaped character|Unicode escape)/,
    "a backslash escape JSON does not allow (write \\\\ for one backslash)",
  ],
  [/after JSON/, "more text after the end of the JSON"],
  [/number|minus sign|Exponent/i, "a number written in a way JSON does not allow"],
  [/^Unexpected/, "a character that does not belong there"],
];

function kindOf(message: string): string {
  return KINDS.find(([pattern]) => pattern.test(message))?.[1] ?? "a syntax error";
}

function positionOf(text: string, message: string): { line: number; column: number } | undefined {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message);
  if (lineColumn !== null) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  if (position === null) return undefined;
  const offset = Math.min(Number(position[1]), text.length);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  return { line, column };
}
