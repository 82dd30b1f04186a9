import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { describeJsonError } from "../config/json-error.js";
import { TemplateError } from "../errors.js";
import { packagePath } from "../paths.js";
import { type Template, templateSchema } from "./template-schema.js";

export type { Template } from "./template-schema.js";

export interface LoadedTemplate {
  readonly file: string;
  readonly template: Template;
  /** Every column a placeholder names, in order of first use. */
  readonly columns: readonly string[];
}

export interface TemplateSet {
  readonly base: LoadedTemplate;
  /** Language siblings (`letter.es.json` beside `letter.json`), by lower-case language tag. */
  readonly byLanguage: ReadonlyMap<string, LoadedTemplate>;
}

export const DEFAULT_TEMPLATE = packagePath("templates", "letter.json");

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Reads the template and every language sibling beside it; all problems of a file are reported together. */
export async function loadTemplateSet(file: string = DEFAULT_TEMPLATE): Promise<TemplateSet> {
  const base = await loadTemplate(file);
  const ext = extname(file);
  const stem = basename(file, ext);
  const dir = dirname(file);
  const sibling = new RegExp(
    `^${escapeRegExp(stem)}\\.([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)${escapeRegExp(ext)}$`,
  );
  const byLanguage = new Map<string, LoadedTemplate>();
  for (const name of (await readdir(dir)).sort()) {
    const lang = sibling.exec(name)?.[1];
    if (lang !== undefined) byLanguage.set(normalizeLanguage(lang), await loadTemplate(join(dir, name)));
  }
  return { base, byLanguage };
}

/** The template for a row's language: exact tag, then its primary subtag (`es-MX` → `es`), then the base. */
export function pickTemplate(set: TemplateSet, language: string | undefined): LoadedTemplate {
  if (language === undefined || language.trim() === "") return set.base;
  const tag = normalizeLanguage(language);
  return set.byLanguage.get(tag) ?? set.byLanguage.get(tag.split("-")[0] ?? tag) ?? set.base;
}

export async function loadTemplate(file: string): Promise<LoadedTemplate> {
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (cause) {
    throw new TemplateError(`${file}: cannot read the letter template (${(cause as Error).message})`, {
      cause,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    // Never V8's message: it quotes the file's first characters.
    throw new TemplateError(
      `${file}: the letter template is not valid JSON: ${describeJsonError(raw, cause)}; ` +
        "check the quotes, commas and braces, and that this is the letter template you meant",
    );
  }
  const parsed = templateSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - "${keyOf(i.path)}": ${i.message}`);
    throw new TemplateError(
      `${file}: the letter template has ${problemCount(problems.length)}:\n${problems.join("\n")}`,
    );
  }
  const template = parsed.data;
  const problems: string[] = [];
  const columns = new Set<string>();
  for (const [key, value] of stringsOf(template)) {
    const names = placeholders(value);
    if (names === undefined) problems.push(`  - "${key}": unbalanced {{ }} in a placeholder`);
    else
      for (const n of names)
        n === "" ? problems.push(`  - "${key}": empty placeholder {{}}`) : columns.add(n);
  }
  if (problems.length > 0) {
    throw new TemplateError(
      `${file}: the letter template has ${problemCount(problems.length)}:\n${problems.join("\n")}`,
    );
  }
  return { file, template, columns: [...columns] };
}

/**
 * Placeholder columns a roster may lack altogether: those used only in address lines (which drop out when
 * empty, like `{{address_2}}`) and not listed in `address.required`. Any other placeholder prints blank
 * when its column is missing, so it is not optional.
 */
export function optionalColumns(loaded: LoadedTemplate): string[] {
  const { address } = loaded.template;
  const elsewhere = new Set(
    stringsOf({ ...loaded.template, address: undefined }).flatMap(([, value]) => placeholders(value) ?? []),
  );
  const inAddress = new Set(address.lines.flatMap((line) => placeholders(line) ?? []));
  return loaded.columns.filter((c) => inAddress.has(c) && !elsewhere.has(c) && !address.required.includes(c));
}

/** Column names of the placeholders in `text`, or undefined when braces are unbalanced. */
export function placeholders(text: string): string[] | undefined {
  const names = [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "");
  const rest = text.replace(PLACEHOLDER, "");
  return rest.includes("{{") || rest.includes("}}") ? undefined : names;
}

/** Fills placeholders from the row (missing columns are empty), NFC-normalized, whitespace collapsed. */
// A roster cell may hold line breaks (Alt+Enter in a spreadsheet, a pasted address).
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;

/** The placeholders filled, line breaks inside values kept as "\n". */
function fillKeepingBreaks(text: string, fields: Readonly<Record<string, string>>): string {
  return text
    .replace(PLACEHOLDER, (_m, name: string) => (fields[name] ?? "").replace(LINE_BREAK, "\n"))
    .normalize("NFC");
}

/** The placeholders filled, for running text: any run of white space (line breaks too) is one space. */
export function fill(text: string, fields: Readonly<Record<string, string>>): string {
  return fillKeepingBreaks(text, fields).replace(/\s+/gu, " ").trim();
}

/**
 * Address lines filled; a value with line breaks gives a line per part (each counts toward the
 * window's fit), and lines left with nothing but punctuation are dropped.
 */
export function addressLines(template: Template, fields: Readonly<Record<string, string>>): string[] {
  return template.address.lines
    .flatMap((line) => fillKeepingBreaks(line, fields).split("\n"))
    .map((line) => line.replace(/\s+/gu, " ").replace(/^[\s,.;-]+|[\s,;-]+$/g, ""))
    .filter((line) => line !== "");
}

/** Every string of the template with its key path (`panel.accessCode`, `paragraphs.2`). */
export function stringsOf(value: unknown, key = ""): [string, string][] {
  if (typeof value === "string") return [[key, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, joinKey(key, i)));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => stringsOf(v, joinKey(key, k)));
  }
  return [];
}

function joinKey(key: string, part: string | number): string {
  return key === "" ? String(part) : `${key}.${part}`;
}

function keyOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(top level)" : path.map(String).join(".");
}

function problemCount(n: number): string {
  return n === 1 ? "1 problem" : `${n} problems`;
}

function normalizeLanguage(tag: string): string {
  return tag.trim().toLowerCase().replace(/_/g, "-");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
