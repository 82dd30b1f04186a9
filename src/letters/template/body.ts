// The letter's text: Markdown (read by markdown-it) with {{placeholders}}, {{#if column}} … {{/if}}
// blocks, and the {{survey_panels}} and {{signature}} markers on lines of their own.
//
// Placeholders are swapped for private-use tokens before Markdown is read and become fields of their own
// afterwards, so a roster value is only ever inserted as text: a `*`, `_`, `#` or `{{` in a name can
// never turn into formatting, a link or another placeholder.

import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";

export interface Span {
  readonly kind: "text" | "field";
  /** The text itself, or the field's name. */
  readonly value: string;
  readonly bold: boolean;
  readonly italic: boolean;
}

export type Inline = Span | { readonly kind: "break" };

export interface TextBlock {
  readonly kind: "text";
  readonly role: "paragraph" | "heading1" | "heading2" | "heading3" | "item";
  /** List nesting: 0 for body text, 1 for a list item, 2 for an item in a nested list. */
  readonly indent: number;
  /** "•" or "3." for the first paragraph of a list item. */
  readonly marker: string | undefined;
  readonly inlines: readonly Inline[];
  readonly line: number;
}

export type Block =
  | TextBlock
  | { readonly kind: "rule"; readonly line: number }
  | { readonly kind: "panels"; readonly line: number }
  | { readonly kind: "signature"; readonly line: number }
  | {
      readonly kind: "if";
      readonly field: string;
      readonly line: number;
      readonly whenSet: readonly Block[];
      readonly otherwise: readonly Block[];
    };

export interface BodyProblem {
  readonly line: number;
  readonly message: string;
}

export interface ParsedBody {
  readonly blocks: readonly Block[];
  /** Every field a placeholder or condition names, in order of first use. */
  readonly fields: readonly string[];
  /** Fields named only inside an {{#if}} on themselves or on the `if` itself: a roster may lack them. */
  readonly guarded: ReadonlySet<string>;
  readonly problems: readonly BodyProblem[];
}

const md = new MarkdownIt("commonmark", { html: false, breaks: false, linkify: false, typographer: false });

/** What a placeholder may name: a column header, a built-in name. */
export const PLACEHOLDER_NAME = "[\\p{L}\\p{N}_][\\p{L}\\p{N}_ .-]*?";
const NAME = PLACEHOLDER_NAME;
/** `{{ name }}`; the name is group 1. */
export const PLACEHOLDER = new RegExp(`\\{\\{\\s*(${NAME})\\s*\\}\\}`, "gu");
const IF_LINE = new RegExp(`^\\s*\\{\\{\\s*#if\\s+(${NAME})\\s*\\}\\}\\s*$`, "u");
const ELSE_LINE = /^\s*\{\{\s*else\s*\}\}\s*$/;
const END_LINE = /^\s*\{\{\s*\/if\s*\}\}\s*$/;
const MARKER_LINE = /^\s*\{\{\s*(survey_panels|signature)\s*\}\}\s*$/;
// Private-use characters stand for placeholders while markdown-it reads the text.
const TOKEN = /\uE000(\d+)\uE001/g;

interface Frame {
  readonly field: string;
  readonly line: number;
  readonly whenSet: Block[];
  readonly otherwise: Block[];
  inElse: boolean;
}

/** Reads the body; `firstLine` is the file line the body starts on, for messages. */
export function parseBody(source: string, firstLine: number): ParsedBody {
  const problems: BodyProblem[] = [];
  const fields = new Set<string>();
  const guarded = new Set<string>();
  const unguarded = new Set<string>();
  const root: Block[] = [];
  const stack: Frame[] = [];
  const target = () => {
    const top = stack[stack.length - 1];
    return top === undefined ? root : top.inElse ? top.otherwise : top.whenSet;
  };
  let chunk: string[] = [];
  let chunkStart = 0;
  const flush = (nextStart: number) => {
    if (chunk.some((l) => l.trim() !== "")) {
      const names: string[] = [];
      target().push(...markdownBlocks(chunk.join("\n"), firstLine + chunkStart, names, problems));
      for (const n of names) {
        fields.add(n);
        (stack.some((f) => f.field === n) ? guarded : unguarded).add(n);
      }
    }
    chunk = [];
    chunkStart = nextStart;
  };

  const lines = source.split("\n");
  lines.forEach((text, i) => {
    const line = firstLine + i;
    const ifMatch = IF_LINE.exec(text);
    const marker = MARKER_LINE.exec(text)?.[1];
    if (ifMatch === null && marker === undefined && !ELSE_LINE.test(text) && !END_LINE.test(text)) {
      if (text.includes("{{#") || text.includes("{{/") || /\{\{\s*else\s*\}\}/.test(text))
        problems.push({
          line,
          message: "{{#if …}}, {{else}} and {{/if}} must each stand on a line of their own",
        });
      chunk.push(text);
      return;
    }
    flush(i + 1);
    if (ifMatch !== null) {
      const field = (ifMatch[1] ?? "").trim();
      fields.add(field);
      guarded.add(field);
      stack.push({ field, line, whenSet: [], otherwise: [], inElse: false });
    } else if (marker !== undefined) {
      target().push({ kind: marker === "survey_panels" ? "panels" : "signature", line });
    } else if (ELSE_LINE.test(text)) {
      const top = stack[stack.length - 1];
      if (top === undefined) problems.push({ line, message: "{{else}} without an {{#if …}} above it" });
      else if (top.inElse)
        problems.push({ line, message: `a second {{else}} in the {{#if ${top.field}}} of line ${top.line}` });
      else top.inElse = true;
    } else {
      const top = stack.pop();
      if (top === undefined) problems.push({ line, message: "{{/if}} without an {{#if …}} above it" });
      else
        target().push({
          kind: "if",
          field: top.field,
          line: top.line,
          whenSet: top.whenSet,
          otherwise: top.otherwise,
        });
    }
  });
  flush(lines.length);
  for (const open of stack.reverse()) {
    problems.push({ line: open.line, message: `{{#if ${open.field}}} is never closed with {{/if}}` });
  }
  for (const n of unguarded) guarded.delete(n);
  return { blocks: root, fields: [...fields], guarded, problems };
}

/** Markdown text (no control lines) to blocks; placeholder names are pushed to `names`. */
function markdownBlocks(
  source: string,
  firstLine: number,
  names: string[],
  problems: BodyProblem[],
): Block[] {
  const found: string[] = [];
  const protectedText = source
    .split("\n")
    .map((text) => {
      // A {{ or }} left over is reported with its column by hostile-text.ts, which reads the whole file.
      return text.replace(PLACEHOLDER, (_m, name: string) => {
        found.push(name.trim());
        return `\uE000${found.length - 1}\uE001`;
      });
    })
    .join("\n");
  names.push(...found);
  const blocks: Block[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let itemMarker: string | undefined;
  const tokens = md.parse(protectedText, {});
  for (const [i, token] of tokens.entries()) {
    const line = firstLine + (token.map?.[0] ?? 0);
    switch (token.type) {
      case "bullet_list_open":
        lists.push({ ordered: false, next: 0 });
        break;
      case "ordered_list_open":
        lists.push({ ordered: true, next: Number(token.attrGet("start") ?? 1) });
        break;
      case "bullet_list_close":
      case "ordered_list_close":
        lists.pop();
        break;
      case "list_item_open": {
        const list = lists[lists.length - 1];
        itemMarker = list === undefined || !list.ordered ? "•" : `${list.next++}.`;
        break;
      }
      case "inline": {
        const open = tokens[i - 1];
        const role = roleOf(open, lists.length);
        const inlines = inlinesOf(token.children ?? [], found, line, problems);
        blocks.push({ kind: "text", role, indent: lists.length, marker: itemMarker, inlines, line });
        itemMarker = undefined;
        break;
      }
      case "hr":
        blocks.push({ kind: "rule", line });
        break;
      case "blockquote_open":
        problems.push({
          line,
          message: 'a quotation ("> ") is not supported in a letter; write it as a paragraph',
        });
        break;
      case "code_block":
      case "fence":
        problems.push({
          line,
          message:
            "this text is indented by 4 spaces or fenced with ``` and would print as code; remove the indentation",
        });
        break;
      case "html_block":
        problems.push({ line, message: "HTML is not supported in a letter template; use Markdown" });
        break;
      default:
        break;
    }
  }
  return blocks;
}

function roleOf(open: Token | undefined, depth: number): TextBlock["role"] {
  if (open?.type === "heading_open") {
    const level = Number(open.tag.slice(1));
    return level <= 1 ? "heading1" : level === 2 ? "heading2" : "heading3";
  }
  return depth > 0 ? "item" : "paragraph";
}

function inlinesOf(
  children: readonly Token[],
  found: readonly string[],
  line: number,
  problems: BodyProblem[],
) {
  const out: Inline[] = [];
  let bold = 0;
  let italic = 0;
  const push = (text: string) => {
    let last = 0;
    for (const m of text.matchAll(TOKEN)) {
      if (m.index > last)
        out.push({ kind: "text", value: text.slice(last, m.index), bold: bold > 0, italic: italic > 0 });
      out.push({ kind: "field", value: found[Number(m[1])] ?? "", bold: bold > 0, italic: italic > 0 });
      last = m.index + m[0].length;
    }
    if (last < text.length)
      out.push({ kind: "text", value: text.slice(last), bold: bold > 0, italic: italic > 0 });
  };
  for (const child of children) {
    switch (child.type) {
      case "text":
      case "code_inline":
      case "html_inline":
        push(child.content);
        break;
      case "softbreak":
        // A line break in the file is a space, as in any Markdown: text is re-wrapped to the page.
        push(" ");
        break;
      case "hardbreak":
        out.push({ kind: "break" });
        break;
      case "strong_open":
        bold++;
        break;
      case "strong_close":
        bold--;
        break;
      case "em_open":
        italic++;
        break;
      case "em_close":
        italic--;
        break;
      case "image":
        problems.push({
          line,
          message: "pictures in the text are not supported; put a logo in the letterhead setting instead",
        });
        break;
      default:
        // Links print their text: a letter cannot be clicked.
        break;
    }
  }
  return out;
}
