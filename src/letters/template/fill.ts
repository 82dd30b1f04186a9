// Filling a template for one participant: placeholders get the row's values (as text, never as
// Markdown), {{#if}} blocks are kept or dropped, and the names REDCap supplies are added.

import { type Block, type Inline, PLACEHOLDER, type TextBlock } from "./body.js";
import type { LetterTemplate } from "./load.js";

/** Names filled by the tool itself; a roster column of the same name is not used for them. */
export const BUILT_IN_FIELDS = ["date", "project_title", "survey_title", "page", "pages"] as const;

export type FontWeight = "regular" | "bold" | "italic" | "boldItalic";

export interface FilledSpan {
  readonly text: string;
  readonly style: FontWeight;
}

export interface FilledText {
  readonly kind: "text";
  readonly role: TextBlock["role"];
  readonly indent: number;
  readonly marker: string | undefined;
  /** Lines of the block (hard line breaks), each a list of styled spans. */
  readonly lines: readonly (readonly FilledSpan[])[];
}

export type FilledBlock =
  | FilledText
  | { readonly kind: "rule" }
  | { readonly kind: "panels" }
  | { readonly kind: "signature" };

/** Every value a placeholder can take for one letter. */
export type Values = Readonly<Record<string, string>>;

const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;

/** A field's value; a name such as "constructor" is a column like any other, never Object's. */
export function ownValue(values: Values, name: string): string {
  return Object.hasOwn(values, name) ? (values[name] ?? "") : "";
}

/** The value of one field for running text: NFC, any run of white space (line breaks too) one space. */
export function fieldText(values: Values, name: string): string {
  return ownValue(values, name).replace(LINE_BREAK, " ").normalize("NFC").replace(/\s+/gu, " ").trim();
}

/** The row's fields with the tool's own values and the formatted name added. */
export function valuesFor(
  template: LetterTemplate,
  fields: Readonly<Record<string, string>>,
  own: Partial<Record<(typeof BUILT_IN_FIELDS)[number], string>>,
): Values {
  const values: Record<string, string> = { ...fields };
  for (const [k, v] of Object.entries(own)) if (v !== undefined) values[k] = v;
  if (template.name !== undefined) values.name = fullName(template.name, fields);
  return values;
}

/** Given and family name in the template's order; CJK names written together, as they are. */
export function fullName(
  name: NonNullable<LetterTemplate["name"]>,
  fields: Readonly<Record<string, string>>,
): string {
  const given = fieldText(fields, name.given);
  const family = fieldText(fields, name.family);
  // Chinese, Japanese and Korean names are written family name first, with no space (王小明, 김민준);
  // "auto" does so for names written in those scripts and keeps every other name given-first.
  const together = CJK_NAME.test(given) && CJK_NAME.test(family);
  const familyFirst = name.order === "family-first" || (name.order === "auto" && together);
  if (!familyFirst) return [given, family].filter((p) => p !== "").join(" ");
  return [family, given].filter((p) => p !== "").join(together ? "" : " ");
}

const CJK_NAME = /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]+$/u;

/** A settings string (address line, letterhead line, label) with its placeholders filled. */
export function fillText(text: string, values: Values): string {
  return text
    .replace(PLACEHOLDER, (_m, name: string) => fieldText(values, name.trim()))
    .normalize("NFC")
    .replace(/\s+/gu, " ")
    .trim();
}

/** The fields a list of settings strings reads (an address, a letterhead's lines), found once per list. */
export function textsFields(texts: readonly string[]): readonly string[] {
  let fields = fieldsOfTexts.get(texts);
  if (fields === undefined) {
    fields = [...new Set(texts.flatMap(placeholdersIn))];
    fieldsOfTexts.set(texts, fields);
  }
  return fields;
}

const fieldsOfTexts = new WeakMap<readonly string[], readonly string[]>();

/** The values of `fields` as one key: two letters with the same key fill those fields' texts alike. */
export function valuesKey(fields: readonly string[], values: Values): string {
  let key = "";
  for (const field of fields) key += `\u0000${ownValue(values, field)}`;
  return key;
}

/** Names of the placeholders in a settings string. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => (m[1] ?? "").trim());
}

/**
 * Address lines filled; a value with line breaks gives a line per part, and lines left with nothing
 * but punctuation (an empty `{{address_2}}`, a city-less `, `) are dropped.
 */
export function fillAddress(lines: readonly string[], values: Values): string[] {
  return lines
    .flatMap((line) =>
      line
        .replace(PLACEHOLDER, (_m, name: string) => ownValue(values, name.trim()).replace(LINE_BREAK, "\n"))
        .normalize("NFC")
        .split("\n"),
    )
    .map((line) => line.replace(/\s+/gu, " ").replace(/^[\s,.;-]+|[\s,;-]+$/g, ""))
    .filter((line) => line !== "");
}

/**
 * The fields one body block reads (its placeholders and conditions, nested ones too): the block fills
 * the same for every letter whose values of these fields are the same.
 */
export function blockFields(block: Block): readonly string[] {
  let fields = fieldsOfBlock.get(block);
  if (fields === undefined) {
    const found = new Set<string>();
    const walk = (b: Block): void => {
      if (b.kind === "if") {
        found.add(b.field);
        for (const inner of [...b.whenSet, ...b.otherwise]) walk(inner);
      } else if (b.kind === "text") {
        for (const inline of b.inlines) if (inline.kind === "field") found.add(inline.value);
      }
    };
    walk(block);
    fields = [...found];
    fieldsOfBlock.set(block, fields);
  }
  return fields;
}

const fieldsOfBlock = new WeakMap<Block, readonly string[]>();

/** The body for one letter: conditions decided, placeholders filled. */
export function fillBlocks(blocks: readonly Block[], values: Values): FilledBlock[] {
  const out: FilledBlock[] = [];
  for (const block of blocks) {
    if (block.kind === "if") {
      const present = fieldText(values, block.field) !== "";
      out.push(...fillBlocks(present ? block.whenSet : block.otherwise, values));
    } else if (block.kind === "text") {
      const lines = fillInlines(block.inlines, values);
      if (lines.some((l) => l.length > 0)) {
        out.push({ kind: "text", role: block.role, indent: block.indent, marker: block.marker, lines });
      }
    } else out.push({ kind: block.kind });
  }
  return out;
}

function fillInlines(inlines: readonly Inline[], values: Values): FilledSpan[][] {
  const lines: FilledSpan[][] = [[]];
  for (const inline of inlines) {
    if (inline.kind === "break") {
      lines.push([]);
      continue;
    }
    const text = inline.kind === "text" ? inline.value.normalize("NFC") : fieldText(values, inline.value);
    if (text === "") continue;
    const style: FontWeight = inline.bold
      ? inline.italic
        ? "boldItalic"
        : "bold"
      : inline.italic
        ? "italic"
        : "regular";
    const line = lines[lines.length - 1] ?? [];
    const last = line[line.length - 1];
    if (last?.style === style) line[line.length - 1] = { text: last.text + text, style };
    else line.push({ text, style });
  }
  // A line break at the start or end of a paragraph leaves an empty line: keep only inner ones.
  while (lines.length > 1 && lines[lines.length - 1]?.length === 0) lines.pop();
  return lines.map((l) => trimLine(l));
}

function trimLine(line: FilledSpan[]): FilledSpan[] {
  const out = line.map((s) => ({ ...s, text: s.text.replace(/\s+/gu, " ") }));
  const first = out[0];
  if (first !== undefined) out[0] = { ...first, text: first.text.trimStart() };
  const last = out[out.length - 1];
  if (last !== undefined) out[out.length - 1] = { ...last, text: last.text.trimEnd() };
  return out.filter((s) => s.text !== "");
}
