// Reads a template file and the translations beside it (`letter.md`, `letter.es.md`, …). Every problem of
// a file is reported together, each with the file and line, before any code is fetched.

import { readdir, readFile, realpath } from "node:fs/promises";
import { basename, dirname, extname, isAbsolute, join, relative, sep } from "node:path";
import { TemplateError } from "../../errors.js";
import { presetPaper } from "../envelopes.js";
import { type ParsedBody, parseBody } from "./body.js";
import { splitFrontMatter } from "./front-matter.js";
import {
  hostileText,
  longParagraphs,
  longSettings,
  MAX_TEMPLATE_BYTES,
  type TextProblem,
} from "./hostile-text.js";
import { labelsFor } from "./labels.js";
import { opaquePicture } from "./opaque-png.js";
import {
  type CustomEnvelope,
  describeIssue,
  type EnvelopePreset,
  type Labels,
  lengthInPoints,
  type RawSettings,
  settingsSchema,
  type TemplateLayout,
} from "./settings.js";

export interface Picture {
  /** PNG (opaque: see opaque-png.ts) or JPEG bytes; undefined when the template names no picture. */
  readonly data: Buffer | undefined;
  /** Printed width in points; undefined lets the layout choose. */
  readonly width: number | undefined;
  /** Height over width of the picture (1 when there is none). */
  readonly aspect: number;
  readonly lines: readonly string[];
}

export interface LetterTemplate {
  readonly file: string;
  /** Lower-case language tag (`es`, `zh-hant`). */
  readonly language: string;
  readonly paper: "letter" | "a4";
  /** The template's window; undefined: the paper's usual one (us10 on letter, din5008b on A4). */
  readonly envelope: EnvelopePreset | CustomEnvelope | undefined;
  /** What each participant gets unless --layout says otherwise; a translation's is the base template's. */
  readonly layout: TemplateLayout;
  /** Whether the return address is DIN 5008's one line in the window (else it prints above it). */
  readonly windowReturnLine: boolean;
  readonly date: "full" | "long" | "medium" | "short" | "none";
  readonly returnAddress: readonly string[];
  readonly letterhead: Picture;
  readonly signature: Picture;
  readonly name:
    | {
        readonly given: string;
        readonly family: string;
        readonly order: "auto" | "given-first" | "family-first";
      }
    | undefined;
  readonly address: { readonly lines: readonly string[]; readonly required: readonly string[] };
  /** Columns every row must have a value in (address.required and required together). */
  readonly required: readonly string[];
  /** The `required` setting alone: what a packet without an address (a hand-out) still needs. */
  readonly requiredWithoutAddress: readonly string[];
  readonly showReturnCode: boolean;
  /** REDCap's multi-language id for this template's language: the resume link gets `&__lang=<id>`. */
  readonly redcapLanguage: string | undefined;
  readonly labels: Labels;
  readonly body: ParsedBody;
}

export interface TemplateSet {
  readonly base: LetterTemplate;
  /** Translations beside the base file, by lower-case language tag. */
  readonly byLanguage: ReadonlyMap<string, LetterTemplate>;
}

const DEFAULTS = {
  language: "en",
  paper: "letter",
  date: "long",
  returnAddress: [] as string[],
  required: [] as string[],
  showReturnCode: true,
} as const;

/** Settings a translation never takes from the base template: they are in its own language. */
const NOT_INHERITED = new Set(["language", "labels", "redcapLanguage"]);

export async function loadTemplateSet(file: string): Promise<TemplateSet> {
  const baseRaw = await readSettings(file, undefined);
  const base = await finish(file, baseRaw);
  const ext = extname(file);
  const stem = basename(file, ext);
  const dir = dirname(file);
  const sibling = new RegExp(
    `^${escapeRegExp(stem)}\\.([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)${escapeRegExp(ext)}$`,
  );
  const byLanguage = new Map<string, LetterTemplate>();
  for (const name of (await readdir(dir)).sort()) {
    const tag = sibling.exec(name)?.[1];
    if (tag === undefined) continue;
    const path = join(dir, name);
    const loaded = await finish(path, await readSettings(path, baseRaw.settings), normalizeLanguage(tag));
    byLanguage.set(normalizeLanguage(tag), loaded);
  }
  return { base, byLanguage };
}

/**
 * The template for a row's language: none given → the base; else the translation for the exact tag,
 * then for its primary language (`es-MX` → `es`), then the base when it is in that language.
 * Undefined when no template is in that language: that row must never get a letter in another one.
 */
export function pickTemplate(set: TemplateSet, language: string | undefined): LetterTemplate | undefined {
  if (language === undefined || language.trim() === "") return set.base;
  const tag = normalizeLanguage(language);
  const primary = tag.split("-")[0] ?? tag;
  const found = set.byLanguage.get(tag) ?? set.byLanguage.get(primary);
  if (found !== undefined) return found;
  const baseTag = set.base.language;
  return baseTag === tag || baseTag === primary || baseTag.split("-")[0] === tag ? set.base : undefined;
}

export function normalizeLanguage(tag: string): string {
  return tag.trim().toLowerCase().replace(/_/g, "-");
}

interface RawTemplate {
  readonly settings: RawSettings;
  readonly body: ParsedBody;
  readonly problems: string[];
  /** What the one line of `problems` that counts the rest of the character problems stands for, less one. */
  readonly unlisted: number;
  readonly lineOf: (path: readonly (string | number)[]) => number | undefined;
  /** Whether the settings passed their check (else the ones missing are not reported again). */
  readonly valid: boolean;
}

async function readSettings(file: string, inherited: RawSettings | undefined): Promise<RawTemplate> {
  let source: string;
  try {
    source = await readFile(file, "utf8");
  } catch (cause) {
    const why =
      (cause as NodeJS.ErrnoException).code === "ENOENT" ? "there is no such file" : "it cannot be read";
    throw new TemplateError(`${file}: cannot read the letter template (${why})`, { cause });
  }
  if (extname(file).toLowerCase() === ".json") {
    throw new TemplateError(
      `${file}: letter templates are Markdown files now (letter.md, with the settings at the top); ` +
        "see templates/README.md, and start from a copy of the bundled templates/letter.md",
    );
  }
  if (source.length > MAX_TEMPLATE_BYTES) {
    throw new TemplateError(
      `${file}: the letter template is ${(source.length / 1e6).toFixed(1)} million characters long; a template is a ` +
        "few thousand (is this the right file?). Start from a copy of the bundled templates/letter.md",
    );
  }
  const hostile = hostileText(source);
  const problems = listed(hostile.map(located));
  // The list shows ten character problems and counts the rest in one line: the header counts them all
  // (that line stands for the rest, so it adds their number less one).
  const unlisted = Math.max(0, hostile.length - problems.length);
  const front = splitFrontMatter(source);
  problems.push(...front.problems.map((p) => at(p.line, p.message)));
  const parsed = settingsSchema.safeParse(front.data ?? {});
  let settings: RawSettings = {};
  let valid = false;
  if (front.problems.length === 0 && (typeof front.data !== "object" || Array.isArray(front.data))) {
    problems.push(at(2, 'the settings at the top must be "name: value" lines'));
  } else if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const { path, message } = describeIssue(issue);
      problems.push(at(front.lineOf(path), message));
    }
  } else {
    settings = parsed.data;
    valid = front.problems.length === 0;
  }
  problems.push(...longSettings(front.data, front.positionOf, source).map(located));
  const body = parseBody(front.body, front.bodyLine);
  problems.push(...body.problems.map((p) => at(p.line, p.message)));
  problems.push(...longParagraphs(body.blocks).map(located));
  if (inherited !== undefined) {
    const own = Object.fromEntries(Object.entries(inherited).filter(([k]) => !NOT_INHERITED.has(k)));
    settings = { ...own, ...settings };
  }
  return { settings, body, problems, unlisted, lineOf: front.lineOf, valid };
}

async function finish(file: string, raw: RawTemplate, fileLanguage?: string): Promise<LetterTemplate> {
  const { settings: s, problems, unlisted } = raw;
  const language = normalizeLanguage(s.language ?? fileLanguage ?? DEFAULTS.language);
  if (
    fileLanguage !== undefined &&
    s.language !== undefined &&
    normalizeLanguage(s.language) !== fileLanguage
  ) {
    problems.push(
      at(raw.lineOf(["language"]), `"language" says ${s.language}, but the file name says ${fileLanguage}`),
    );
  }
  // Intl falls back to the computer's own language for a tag it does not know: that would date a
  // French letter in English.
  if (Intl.DateTimeFormat.supportedLocalesOf([language]).length === 0) {
    problems.push(
      at(
        raw.lineOf(["language"]),
        `"language" ${language} is not a language this computer can write dates in (use a tag such as en, es, fr, zh-Hant)`,
      ),
    );
  }
  const { labels, missing } = labelsFor(language, s.labels ?? {});
  if (missing.length > 0) {
    problems.push(
      at(
        raw.lineOf(["labels"]),
        `the letter is in "${language}", which has no built-in labels: give "labels" in that language with ${missing.join(", ")}`,
      ),
    );
  }
  // `envelope: dl` alone means A4; no envelope means the paper's usual one, chosen with --paper in mind.
  const implied = typeof s.envelope === "string" ? presetPaper(s.envelope) : undefined;
  const paper = s.paper ?? implied ?? DEFAULTS.paper;
  const envelope = s.envelope;
  // A logo beside the letterhead text, a signature above the signer's name: neither needs more.
  const letterhead = await picture(file, s.letterhead, ["letterhead"], raw, problems, 2 * 72);
  const signature = await picture(file, s.signature, ["signature"], raw, problems, 3 * 72);
  const address = {
    lines: s.address?.lines ?? [],
    required: s.address?.required ?? [],
  };
  const layout = s.layout ?? "letter";
  const addressed = layout === "labels" || (layout === "letter" && envelope !== "none");
  if (raw.valid && addressed && address.lines.length === 0) {
    problems.push(
      at(
        undefined,
        layout === "labels"
          ? '"address" with its "lines" is needed for address labels'
          : '"address" with its "lines" is needed for a window envelope (or set envelope: none, or layout: handout)',
      ),
    );
  }
  if (problems.length > 0) {
    const list = problems.map((p) => `  - ${p}`).join("\n");
    const total = problems.length + unlisted;
    const count = total === 1 ? "1 problem" : `${total} problems`;
    throw new TemplateError(`${file}: the letter template has ${count}:\n${list}`);
  }
  return {
    file,
    language,
    paper,
    envelope,
    layout,
    windowReturnLine: s.windowReturnLine ?? false,
    date: s.date ?? DEFAULTS.date,
    returnAddress: s.returnAddress ?? DEFAULTS.returnAddress,
    letterhead,
    signature,
    name: s.name === undefined ? undefined : { ...s.name, order: s.name.order ?? "auto" },
    address,
    required: [...new Set([...address.required, ...(s.required ?? DEFAULTS.required)])],
    requiredWithoutAddress: s.required ?? DEFAULTS.required,
    showReturnCode: s.showReturnCode ?? DEFAULTS.showReturnCode,
    redcapLanguage: s.redcapLanguage,
    labels,
    body: raw.body,
  };
}

type PictureSetting =
  | { image?: string | undefined; width?: string | undefined; lines?: string[] | undefined }
  | undefined;

/** A picture beside the template, confined to the template's folder, read and checked now. */
async function picture(
  file: string,
  setting: PictureSetting,
  path: string[],
  raw: RawTemplate,
  problems: string[],
  maxWidth: number,
): Promise<Picture> {
  const width = setting?.width === undefined ? undefined : lengthInPoints(setting.width);
  const lines = setting?.lines ?? [];
  const none = { data: undefined, width, lines, aspect: 1 };
  if (setting?.image === undefined) return none;
  const line = raw.lineOf([...path, "image"]);
  const name = `"${path.join(".")}.image"`;
  const dir = dirname(file);
  if (isAbsolute(setting.image)) {
    problems.push(at(line, `${name} must be a file name beside the template, not a full path`));
    return none;
  }
  try {
    const [realDir, realImage] = await Promise.all([realpath(dir), realpath(join(dir, setting.image))]);
    const inside = relative(realDir, realImage);
    if (inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      problems.push(at(line, `${name} must be in the template's folder (or a folder below it)`));
      return none;
    }
    const data = await readFile(realImage);
    const size = pictureSize(data);
    if (size === undefined) {
      problems.push(at(line, `${name} is not a PNG or JPEG picture (save it as PNG)`));
      return none;
    }
    // Every letter's PDF carries the picture and the printer decodes it for every letter: a huge one
    // makes each letter megabytes and slow to print (and slow to make opaque below).
    if (size.width > MAX_PIXELS || size.height > MAX_PIXELS) {
      problems.push(
        at(
          line,
          `${name} is ${size.width} × ${size.height} pixels: save it at most ${MAX_PIXELS} pixels on each side`,
        ),
      );
      return none;
    }
    if (width !== undefined && width > maxWidth) {
      problems.push(
        at(
          raw.lineOf([...path, "width"]),
          `"${path.join(".")}.width" is wider than ${maxWidth / 72} in; make it smaller`,
        ),
      );
      return none;
    }
    // Decoded here, once: see opaque-png.ts for why pdfkit must get a picture without transparency.
    let opaque: Buffer;
    try {
      opaque = opaquePicture(data);
    } catch {
      problems.push(at(line, `${name} is a damaged PNG picture (save it again as PNG)`));
      return none;
    }
    return { data: opaque, width, lines, aspect: size.height / size.width };
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === "ENOENT";
    problems.push(
      at(
        line,
        `${name}: ${missing ? "there is no such file beside the template" : "the file cannot be read"}`,
      ),
    );
    return none;
  }
}

const MAX_PIXELS = 3000;

/** Pixel size from a PNG's IHDR or a JPEG's frame header; undefined for anything else. */
export function pictureSize(data: Buffer): { width: number; height: number } | undefined {
  if (data.length > 24 && data.readUInt32BE(0) === 0x89504e47) {
    const size = { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
    return size.width > 0 && size.height > 0 ? size : undefined;
  }
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 < data.length && data[at] === 0xff) {
    const marker = data[at + 1] ?? 0;
    const length = data.readUInt16BE(at + 2);
    // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const size = { height: data.readUInt16BE(at + 5), width: data.readUInt16BE(at + 7) };
      return size.width > 0 && size.height > 0 ? size : undefined;
    }
    at += 2 + length;
  }
  return undefined;
}

function located(p: TextProblem): string {
  return at(p.line, p.message, p.column);
}

/** A binary file would give thousands of character problems: the first ten, then a count. */
function listed(problems: string[]): string[] {
  if (problems.length <= 10) return problems;
  const rest = problems.length - 10;
  return [...problems.slice(0, 10), `and ${rest} more such problems further on (is this the right file?)`];
}

function at(line: number | undefined, message: string, column?: number): string {
  if (line === undefined) return message;
  return column === undefined ? `line ${line}: ${message}` : `line ${line}, column ${column}: ${message}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
