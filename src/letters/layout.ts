// Line breaking and measuring, independent of any PDF document (so a row can be checked before rendering).
// Widths come from fontkit's own layout, the same numbers pdfkit uses when it writes the text. Lines break
// in logical order (as written); each finished line is then put in visual order for right-to-left runs.

import type { Face, FontLibrary, FontStyle } from "./fonts.js";
import { type Paragraph, paragraphOf, type Range, type StyledSpan, stretches } from "./paragraph.js";
import { drawnText, visualOrder } from "./scripts.js";

export interface Fragment {
  /** The text as written (logical order), in one face at one bidi level. */
  readonly text: string;
  readonly face: Face;
  readonly size: number;
  readonly width: number;
  /** Bidi embedding level: even reads left to right, odd right to left (see `fragmentGlyphText`). */
  readonly level: number;
}

export interface Line {
  /** Left to right as printed: a right-to-left run's fragments come last-written first. */
  readonly fragments: readonly Fragment[];
  readonly width: number;
  /** Height above and below the baseline of the tallest face on the line, in points. */
  readonly ascent: number;
  readonly descent: number;
}

export interface TextOptions {
  readonly style: FontStyle;
  readonly size: number;
  /** Wrap width; Infinity keeps one line per paragraph. */
  readonly width: number;
  /** Extra characters after which a line may break (e.g. "/" for URLs). */
  readonly breakAfter?: string;
}

export type SpanOptions = Omit<TextOptions, "style">;

export type { StyledSpan } from "./paragraph.js";
export { UnprintableTextError } from "./paragraph.js";

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;

/** Lays `text` out in lines no wider than `opts.width` (a single unbreakable piece wider than that is split). */
export function layoutText(lib: FontLibrary, text: string, opts: TextOptions): Line[] {
  return layoutSpans(lib, [{ text, style: opts.style }], opts);
}

/**
 * Lays out one paragraph whose spans differ in style. Bidi levels are resolved over the whole paragraph, so
 * words in different styles still take their direction from each other (the spaces between two Arabic
 * words read right to left, and so do the words).
 */
export function layoutSpans(lib: FontLibrary, spans: readonly StyledSpan[], opts: SpanOptions): Line[] {
  // Template paragraphs and labels repeat on every letter of a batch: lay each out once.
  let cache = layoutCache.get(lib);
  if (cache === undefined) {
    cache = new Map();
    layoutCache.set(lib, cache);
  }
  const key = `${opts.size}|${opts.width}|${opts.breakAfter ?? ""}|${spans.map((s) => `${s.style}\u0000${s.text}`).join("\u0001")}`;
  let lines = cache.get(key);
  if (lines === undefined) {
    lines = layoutUncached(lib, paragraphOf(lib, spans), opts);
    if (cache.size > 5_000) cache.clear();
    cache.set(key, lines);
  }
  return lines;
}

const layoutCache = new WeakMap<FontLibrary, Map<string, Line[]>>();

function layoutUncached(lib: FontLibrary, para: Paragraph, opts: SpanOptions): Line[] {
  const lines: Fragment[][] = [[]];
  let lineWidth = 0;
  for (const token of breakTokens(para.text, opts.breakAfter ?? "")) {
    const frags = fragmentsOf(para, token, opts.size);
    const width = sum(frags);
    const fitWidth = width - trailingSpace(frags);
    const current = lines[lines.length - 1] ?? [];
    if (current.length > 0 && lineWidth + fitWidth > opts.width) {
      lines.push([]);
      lineWidth = 0;
      if (/^\s+$/u.test(para.text.slice(token.start, token.end))) continue;
    }
    if (fitWidth > opts.width) {
      for (const piece of splitWide(para, token, opts, opts.width - lineWidth)) {
        const target = lines[lines.length - 1] ?? [];
        if (target.length > 0 && lineWidth + piece.width > opts.width) {
          lines.push([piece]);
          lineWidth = piece.width;
        } else {
          target.push(piece);
          lineWidth += piece.width;
        }
      }
      continue;
    }
    (lines[lines.length - 1] ?? current).push(...frags);
    lineWidth += width;
  }
  return lines.map((frags) => finishLine(lib, frags, para.style, opts.size));
}

/** Total height of stacked lines with `gap` × size extra between them. */
export function linesHeight(lines: readonly Line[], gap: number): number {
  return lines.reduce(
    (h, l, i) => h + l.ascent + l.descent + (i > 0 ? gap * (l.fragments[0]?.size ?? 0) : 0),
    0,
  );
}

function breakTokens(text: string, breakAfter: string): Range[] {
  const tokens: Range[] = [];
  let start = 0;
  const parts = [...graphemes.segment(text)];
  parts.forEach(({ segment: g, index }, i) => {
    const next = parts[i + 1]?.segment;
    const space = /^\s+$/u.test(g);
    if (
      space ||
      breakAfter.includes(g) ||
      CJK.test(g) ||
      (next !== undefined && (CJK.test(next) || /^\s+$/u.test(next)))
    ) {
      tokens.push({ start, end: index + g.length });
      start = index + g.length;
    }
  });
  if (start < text.length) tokens.push({ start, end: text.length });
  return tokens;
}

/** Fragments of one range: split where the style, the bidi level or the face changes. */
function fragmentsOf(para: Paragraph, range: Range, size: number): Fragment[] {
  const same = (a: number, b: number) =>
    para.styles[a] === para.styles[b] && para.levels[a] === para.levels[b] && para.faces[a] === para.faces[b];
  return stretches(range, same).flatMap(({ start, end }) => {
    const face = para.faces[start];
    return face === undefined
      ? []
      : [fragment(para.text.slice(start, end), face, size, para.levels[start] ?? 0)];
  });
}

function fragment(text: string, face: Face, size: number, level: number): Fragment {
  return { text, face, size, level, width: measure(face, fragmentGlyphText({ text, level }), size) };
}

/**
 * The string pdfkit is given for a fragment, in the order fontkit needs to put its glyphs left to right:
 * as written, except right-to-left fragments fontkit would not reverse on its own (see `drawnText`).
 */
export function fragmentGlyphText(f: Pick<Fragment, "text" | "level">): string {
  return drawnText(f.text, f.level);
}

function splitWide(para: Paragraph, token: Range, opts: SpanOptions, firstRoom: number): Fragment[] {
  const pieces: Fragment[] = [];
  let start = token.start;
  let end = token.start;
  let room = firstRoom;
  for (const { segment } of graphemes.segment(para.text.slice(token.start, token.end))) {
    const candidate = { start, end: end + segment.length };
    if (end > start && sum(fragmentsOf(para, candidate, opts.size)) > room) {
      pieces.push(...fragmentsOf(para, { start, end }, opts.size));
      start = end;
      room = opts.width;
    }
    end += segment.length;
  }
  if (end > start) pieces.push(...fragmentsOf(para, { start, end }, opts.size));
  return pieces;
}

function finishLine(lib: FontLibrary, frags: readonly Fragment[], style: FontStyle, size: number): Line {
  const merged = mergeNeighbours(frags);
  const last = merged[merged.length - 1];
  if (last !== undefined && /\s$/u.test(last.text)) {
    merged[merged.length - 1] = fragment(last.text.trimEnd(), last.face, last.size, last.level);
  }
  const faces =
    merged.length > 0 ? merged.map((f) => f.face) : (lib.runs(" ", style)?.map((r) => r.face) ?? []);
  const upm = (f: Face) => f.font.unitsPerEm;
  return {
    fragments: visualOrder(merged.filter((f) => f.text !== "")),
    width: sum(merged),
    ascent: Math.max(0, ...faces.map((f) => (f.font.ascent / upm(f)) * size)),
    descent: Math.max(0, ...faces.map((f) => (-f.font.descent / upm(f)) * size)),
  };
}

/**
 * One fragment per face and level. A left-to-right fragment keeps the sum of its words' widths: pdfkit lays
 * such text out word by word too. A right-to-left one is drawn in one piece (so its words come out in
 * order), so it is measured in one piece.
 */
function mergeNeighbours(frags: readonly Fragment[]): Fragment[] {
  const merged: Fragment[] = [];
  for (const f of frags) {
    const last = merged[merged.length - 1];
    if (
      last === undefined ||
      last.face !== f.face ||
      last.size !== f.size ||
      last.level !== f.level ||
      !sameShaper(last.text, f.text)
    ) {
      merged.push(f);
    } else if (f.level % 2 === 1) {
      merged[merged.length - 1] = fragment(last.text + f.text, f.face, f.size, f.level);
    } else {
      merged[merged.length - 1] = { ...last, text: last.text + f.text, width: last.width + f.width };
    }
  }
  return merged;
}

// fontkit picks its shaper from the first letter's script: Arabic after a Hebrew letter in one run
// would be drawn unjoined, so the two never share a fragment.
const RTL_SCRIPT = /\p{Script=Arabic}|\p{Script=Hebrew}/u;

function sameShaper(a: string, b: string): boolean {
  const [x, y] = [RTL_SCRIPT.exec(a)?.[0], RTL_SCRIPT.exec(b)?.[0]];
  if (x === undefined || y === undefined) return true;
  return /\p{Script=Arabic}/u.test(x) === /\p{Script=Arabic}/u.test(y);
}

function trailingSpace(frags: readonly Fragment[]): number {
  const last = frags[frags.length - 1];
  if (last === undefined || !/\s$/u.test(last.text)) return 0;
  return last.width - fragment(last.text.trimEnd(), last.face, last.size, last.level).width;
}

function sum(frags: readonly Fragment[]): number {
  return frags.reduce((w, f) => w + f.width, 0);
}

// Advance widths in font units, cached per face: names and words repeat across a batch.
const widthCache = new WeakMap<Face, Map<string, number>>();

function measure(face: Face, text: string, size: number): number {
  let cache = widthCache.get(face);
  if (cache === undefined) {
    cache = new Map();
    widthCache.set(face, cache);
  }
  let units = cache.get(text);
  if (units === undefined) {
    units = face.font.layout(text).advanceWidth;
    if (cache.size > 20_000) cache.clear();
    cache.set(text, units);
  }
  return (units / face.font.unitsPerEm) * size;
}
