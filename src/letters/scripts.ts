// Which scripts the letters can print, and the bidi algorithm for the two right-to-left ones they can:
// fontkit shapes Arabic and Hebrew but orders nothing, so the line is put in visual order here.

import bidiModule from "bidi-js";

// bidi-js is a UMD bundle whose typings say `export default`: under NodeNext the typed default is the module
// object; at run time it is the factory itself.
const bidiFactory = ((bidiModule as unknown as { default?: unknown }).default ??
  bidiModule) as typeof bidiModule.default;
const bidi = bidiFactory();

// pdfkit shapes through fontkit, which has no shaper for these scripts: their letters would print unjoined,
// reordered or with marks misplaced, so rows that carry them must fail instead.
const COMPLEX_SCRIPTS = [
  "Syriac",
  "Thaana",
  "Nko",
  "Samaritan",
  "Mandaic",
  "Devanagari",
  "Bengali",
  "Gurmukhi",
  "Gujarati",
  "Oriya",
  "Tamil",
  "Telugu",
  "Kannada",
  "Malayalam",
  "Sinhala",
  "Thai",
  "Lao",
  "Tibetan",
  "Myanmar",
  "Khmer",
  "Mongolian",
  "Javanese",
  "Balinese",
] as const;

const SCRIPT_TESTS = COMPLEX_SCRIPTS.map((name) => ({ name, re: new RegExp(`\\p{Script=${name}}`, "u") }));

/** Names of the scripts in `text` that this renderer cannot shape. */
export function complexScripts(text: string): string[] {
  return SCRIPT_TESTS.filter((s) => s.re.test(text)).map((s) => s.name);
}

/** Overrides force letters into a direction they do not have: Arabic would be shaped backwards, garbled. */
const BIDI_OVERRIDES = /[\u202d\u202e]/u;

/** Whether `text` holds a bidi override (LRO, RLO), which the letters refuse rather than guess at. */
export function hasBidiOverride(text: string): boolean {
  return BIDI_OVERRIDES.test(text);
}

/** Embeddings, isolates and marks: honoured by the bidi algorithm, then dropped (they have no glyph). */
const BIDI_CONTROL = "[\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]";
const IS_BIDI_CONTROL = new RegExp(`^${BIDI_CONTROL}$`, "u");

export function withoutBidiControls(text: string): string {
  return text.replace(new RegExp(BIDI_CONTROL, "gu"), "");
}

// Hebrew, Arabic and the other right-to-left blocks, and the bidi controls: text without any of them is
// left to right throughout and skips the bidi algorithm.
const MAY_BE_RTL = new RegExp(
  `[\\u0590-\\u08ff\\ufb1d-\\ufdff\\ufe70-\\ufefe\\u{10800}-\\u{10fff}\\u{1e800}-\\u{1efff}]|${BIDI_CONTROL}`,
  "u",
);

export function isBidiControl(unit: string): boolean {
  return IS_BIDI_CONTROL.test(unit);
}

/**
 * The embedding level of each UTF-16 unit of one paragraph (even left to right, odd right to left); bidi
 * controls get levels too and are to be dropped afterwards. Letters are left-to-right documents: a
 * paragraph that holds any left-to-right letter reads left to right (so "Dear سارة," keeps "Dear" first);
 * one with none, such as an address line written wholly in Arabic, takes its first strong letter's direction.
 */
export function bidiLevels(text: string): Uint8Array {
  if (!MAY_BE_RTL.test(text)) return new Uint8Array(text.length);
  const base = [...text].some((c) => bidi.getBidiCharTypeName(c) === "L") ? "ltr" : "auto";
  return bidi.getEmbeddingLevels(text, base).levels;
}

/**
 * `items` (logical order, each at one embedding level) in visual order, left to right: UAX #9 rule L2,
 * applied to whole runs. Each run's own glyphs must then be drawn in the direction of its level.
 */
export function visualOrder<T extends { readonly level: number }>(items: readonly T[]): T[] {
  const out = [...items];
  const levels = out.map((i) => i.level);
  const highest = Math.max(0, ...levels);
  const lowestOdd = Math.min(...levels, highest) | 1;
  for (let level = highest; level >= lowestOdd; level--) {
    let i = 0;
    while (i < out.length) {
      if ((out[i]?.level ?? 0) < level) {
        i++;
        continue;
      }
      let end = i;
      while (end < out.length && (out[end]?.level ?? 0) >= level) end++;
      out.splice(i, end - i, ...out.slice(i, end).reverse());
      i = end;
    }
  }
  return out;
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

// fontkit lays a string out right to left when its first letter of a real script is Arabic or Hebrew (the
// only right-to-left scripts our fonts have), whatever the bidi level says.
const FIRST_SCRIPT = /[^\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;

/**
 * The string to hand fontkit (and so pdfkit) for a run at `level`, such that its glyphs come out in visual
 * order: brackets mirrored in right-to-left runs (our fonts have no `rtlm` feature), and reversed by
 * grapheme where fontkit's own choice of direction would be wrong (neutrals in a right-to-left run,
 * Arabic-Indic digits in a left-to-right one: characters that do not join, so reversing them shapes
 * nothing wrongly).
 */
export function drawnText(text: string, level: number): string {
  const rtl = level % 2 === 1;
  const mirrored = rtl ? [...text].map((c) => bidi.getMirroredCharacter(c) ?? c).join("") : text;
  const fontkitRtl = RTL_SCRIPT.test(FIRST_SCRIPT.exec(mirrored)?.[0] ?? "");
  if (fontkitRtl === rtl) return mirrored;
  return [...graphemes.segment(mirrored)]
    .map((s) => s.segment)
    .reverse()
    .join("");
}

const SCRIPT_NAMES = [
  "Latin",
  "Greek",
  "Cyrillic",
  "Arabic",
  "Hebrew",
  "Han",
  "Hiragana",
  "Katakana",
  "Hangul",
  "Armenian",
  "Georgian",
  "Cherokee",
  "Ethiopic",
  "Canadian_Aboriginal",
  "Yi",
  "Vai",
  "Tifinagh",
  "Coptic",
  "Glagolitic",
  "Runic",
  "Ogham",
];
const NAMED = SCRIPT_NAMES.map((name) => ({ name, re: new RegExp(`\\p{Script=${name}}`, "u") }));

/**
 * The script of one character, for messages that must not quote the text itself. Never a code
 * point: a list of code points spells the name out as surely as the name does.
 */
export function scriptOf(char: string): string {
  for (const s of [...SCRIPT_TESTS, ...NAMED]) if (s.re.test(char)) return s.name.replace(/_/g, " ");
  if (/\p{Extended_Pictographic}/u.test(char)) return "emoji";
  if (/\p{M}/u.test(char)) return "accent marks";
  if (/\p{S}/u.test(char)) return "symbols";
  return "characters of another script";
}
