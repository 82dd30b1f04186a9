// Characters and sizes a template file must not have, found in its raw text so each is reported at
// the line and column an editor shows (in characters, counted from 1). A template is often pasted
// together from Word, a web page or an e-mail: these are what such pasting brings, and what a
// template made to mislead would use.
// - control characters print as nothing or as boxes, and a NUL means the file is not text at all;
// - direction overrides and isolates (U+202A–U+202E, U+2066–U+2069) make text print in another order
//   than an editor shows it ("Trojan Source"); right-to-left text needs none: letters lay it out;
// - private-use characters: no font of the letters has them, and U+E000/U+E001 would be read as the
//   stand-ins body.ts uses for placeholders;
// - a {{ or }} that is not part of a placeholder would print as it is, braces and all;
// - values over MAX_VALUE_CHARS: no letter has such a paragraph, and laying one out takes minutes.

import { type Block, PLACEHOLDER_NAME } from "./body.js";

export interface TextProblem {
  /** Undefined only for a setting whose place the YAML did not keep. */
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  readonly message: string;
}

/** The longest setting value or body paragraph a template may have (a letter page holds ~3,500). */
export const MAX_VALUE_CHARS = 10_000;
/** A template is a few kilobytes; anything this big is the wrong file. */
export const MAX_TEMPLATE_BYTES = 1_000_000;

/** C0 and C1 controls but the tab (line breaks are gone once the text is split into lines). */
const CONTROL = /(?!\t)\p{Cc}/u;
const DIRECTION = /[\u202A-\u202E\u2066-\u2069]/u;
const PRIVATE_USE = /[\uE000-\uF8FF]/u;
/** A whole tag, or a lone brace pair that belongs to none. */
const BRACES = new RegExp(
  `\\{\\{\\s*(?:#if\\s+${PLACEHOLDER_NAME}|else|/if|${PLACEHOLDER_NAME})\\s*\\}\\}|\\{\\{|\\}\\}`,
  "gu",
);

const DIRECTION_NAMES: Record<string, string> = {
  "\u202A": "LEFT-TO-RIGHT EMBEDDING",
  "\u202B": "RIGHT-TO-LEFT EMBEDDING",
  "\u202C": "POP DIRECTIONAL FORMATTING",
  "\u202D": "LEFT-TO-RIGHT OVERRIDE",
  "\u202E": "RIGHT-TO-LEFT OVERRIDE",
  "\u2066": "LEFT-TO-RIGHT ISOLATE",
  "\u2067": "RIGHT-TO-LEFT ISOLATE",
  "\u2068": "FIRST STRONG ISOLATE",
  "\u2069": "POP DIRECTIONAL ISOLATE",
};

/** Every character problem of a template's text, by line and column; lines split as front-matter.ts does. */
export function hostileText(source: string): TextProblem[] {
  const problems: TextProblem[] = [];
  const lines = source.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  if (source.includes("\u0000")) {
    const line = lines.findIndex((text) => text.includes("\u0000"));
    const text = lines[line] ?? "";
    return [
      {
        line: line + 1,
        column: columnOf(text, text.indexOf("\u0000")),
        message:
          "the file holds NUL characters, so it is not a text file: save the template as plain text (.md), " +
          "or start again from a copy of the bundled templates/letter.md",
      },
    ];
  }
  lines.forEach((text, i) => {
    for (const found of lineProblems(text)) problems.push({ line: i + 1, ...found });
  });
  return problems;
}

function lineProblems(text: string): { column: number; message: string }[] {
  const out: { column: number; message: string }[] = [];
  const control = CONTROL.exec(text);
  if (control !== null) {
    out.push({
      column: columnOf(text, control.index),
      message:
        `an invisible control character (${codePoint(control[0])}) that would print as nothing or as a box; ` +
        "delete it (it usually comes with text copied from another program)",
    });
  }
  const direction = DIRECTION.exec(text);
  if (direction !== null) {
    out.push({
      column: columnOf(text, direction.index),
      message:
        `an invisible direction control (${codePoint(direction[0])} ${DIRECTION_NAMES[direction[0]] ?? ""}), ` +
        "which makes the text print in another order than an editor shows it; delete it " +
        "(right-to-left text needs none: the letters lay it out themselves)",
    });
  }
  const privateUse = PRIVATE_USE.exec(text);
  if (privateUse !== null) {
    out.push({
      column: columnOf(text, privateUse.index),
      message: `a private-use character (${codePoint(privateUse[0])}) that no font of the letters can print; delete it`,
    });
  }
  const brace = strayBrace(text);
  if (brace !== undefined) out.push(brace);
  return out.sort((a, b) => a.column - b.column);
}

/** The first `{{` or `}}` that is no placeholder or {{#if}}/{{else}}/{{/if}} tag. */
function strayBrace(text: string): { column: number; message: string } | undefined {
  if (!text.includes("{{") && !text.includes("}}")) return undefined;
  for (const match of text.matchAll(BRACES)) {
    if (match[0] !== "{{" && match[0] !== "}}") continue;
    const column = columnOf(text, match.index);
    if (match[0] === "}}") {
      return {
        column,
        message:
          'a "}}" with no "{{" before it; write the placeholder whole, e.g. {{first_name}}, or remove it',
      };
    }
    const close = text.indexOf("}}", match.index);
    return {
      column,
      message:
        close === -1
          ? 'a "{{" that is never closed with "}}" on its line; write the placeholder whole, e.g. {{first_name}}'
          : "a {{placeholder}} whose name has characters a column name cannot have (letters, digits, _ . - and " +
            "spaces); use the roster column's name, e.g. {{first_name}}",
    };
  }
  return undefined;
}

/** 1-based, in characters (code points) as editors count them, not UTF-16 units. */
export function columnOf(text: string, index: number): number {
  return [...text.slice(0, index)].length + 1;
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Setting values over the limit, at the line and column where each starts. */
export function longSettings(
  data: unknown,
  positionOf: (path: readonly (string | number)[]) => { line: number; column: number } | undefined,
  source: string,
  path: (string | number)[] = [],
): TextProblem[] {
  if (typeof data === "string") {
    const name = path.filter((key) => typeof key === "string").join(".");
    const at = positionOf(path);
    if (data.length > MAX_VALUE_CHARS) return [{ ...at, message: `"${name}" is ${tooLong(data.length)}` }];
    return escapedProblems(data, name, source).map((message) => ({ ...at, message }));
  }
  if (typeof data !== "object" || data === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(data)
    ? data.map((value, i) => [i, value])
    : Object.entries(data);
  return entries.flatMap(([key, value]) => longSettings(value, positionOf, source, [...path, key]));
}

/** A {{#if}}, {{else}} or {{/if}} tag: the body's, never a setting's (which would print it as typed). */
const CONDITION_TAG = /\{\{\s*(?:#if\b|else\s*\}\}|\/if\s*\}\})/u;

/**
 * What the file's own characters do not show of a setting's value: a character the YAML made from an
 * escape ("\u202E" in quotes) that the check of the file's text would refuse, and a condition tag,
 * which only the body understands.
 */
function escapedProblems(value: string, name: string, source: string): string[] {
  const found: string[] = [];
  for (const line of value.split("\n")) {
    for (const { column, message } of lineProblems(line)) {
      const char = [...line][column - 1] ?? "";
      if (!source.includes(char)) found.push(`"${name}" holds, written as an escape, ${message}`);
    }
  }
  if (CONDITION_TAG.test(value)) {
    found.push(
      `"${name}" has a {{#if}}, {{else}} or {{/if}}, which works only in the letter's text below the settings; remove it`,
    );
  }
  return [...new Set(found)];
}

/** Body paragraphs (headings, list items) over the limit, at their first line. */
export function longParagraphs(blocks: readonly Block[]): TextProblem[] {
  return blocks.flatMap((block) => {
    if (block.kind === "if") return [...longParagraphs(block.whenSet), ...longParagraphs(block.otherwise)];
    if (block.kind !== "text") return [];
    const length = block.inlines.reduce(
      (sum, inline) => sum + (inline.kind === "text" ? inline.value.length : 0),
      0,
    );
    return length <= MAX_VALUE_CHARS
      ? []
      : [{ line: block.line, column: 1, message: `this paragraph is ${tooLong(length)}` }];
  });
}

function tooLong(length: number): string {
  return (
    `${length.toLocaleString("en-US")} characters long; a template's value or paragraph may have at most ` +
    `${MAX_VALUE_CHARS.toLocaleString("en-US")} (a whole letter page holds about 3,500): shorten it, or split it into paragraphs`
  );
}
