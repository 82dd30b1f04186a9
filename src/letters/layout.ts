// Line breaking and measuring, independent of any PDF document (so a row can be checked before rendering).
// Widths come from fontkit's own layout, the same numbers pdfkit uses when it writes the text.

import type { Face, FontLibrary, FontStyle } from "./fonts.js";

export interface Fragment {
  readonly text: string;
  readonly face: Face;
  readonly size: number;
  readonly width: number;
}

export interface Line {
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

export class UnprintableTextError extends Error {}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;

/** Lays `text` out in lines no wider than `opts.width` (a single unbreakable piece wider than that is split). */
export function layoutText(lib: FontLibrary, text: string, opts: TextOptions): Line[] {
  // Template paragraphs and labels repeat on every letter of a batch: lay each out once.
  let cache = layoutCache.get(lib);
  if (cache === undefined) {
    cache = new Map();
    layoutCache.set(lib, cache);
  }
  const key = `${opts.style}|${opts.size}|${opts.width}|${opts.breakAfter ?? ""}|${text}`;
  let lines = cache.get(key);
  if (lines === undefined) {
    lines = layoutUncached(lib, text, opts);
    if (cache.size > 5_000) cache.clear();
    cache.set(key, lines);
  }
  return lines;
}

const layoutCache = new WeakMap<FontLibrary, Map<string, Line[]>>();

function layoutUncached(lib: FontLibrary, text: string, opts: TextOptions): Line[] {
  const lines: Fragment[][] = [[]];
  let lineWidth = 0;
  for (const token of breakTokens(text.normalize("NFC"), opts.breakAfter ?? "")) {
    const frags = fragmentsOf(lib, token, opts);
    const width = sum(frags);
    const fitWidth = width - trailingSpace(frags);
    const current = lines[lines.length - 1] ?? [];
    if (current.length > 0 && lineWidth + fitWidth > opts.width) {
      lines.push([]);
      lineWidth = 0;
      if (/^\s+$/u.test(token)) continue;
    }
    if (fitWidth > opts.width) {
      for (const piece of splitWide(lib, token, opts, opts.width - lineWidth)) {
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
  return lines.map((frags) => finishLine(lib, frags, opts));
}

/** Total height of stacked lines with `gap` × size extra between them. */
export function linesHeight(lines: readonly Line[], gap: number): number {
  return lines.reduce(
    (h, l, i) => h + l.ascent + l.descent + (i > 0 ? gap * (l.fragments[0]?.size ?? 0) : 0),
    0,
  );
}

function breakTokens(text: string, breakAfter: string): string[] {
  const tokens: string[] = [];
  let token = "";
  const parts = [...graphemes.segment(text)].map((s) => s.segment);
  parts.forEach((g, i) => {
    const next = parts[i + 1];
    token += g;
    const space = /^\s+$/u.test(g);
    if (
      space ||
      breakAfter.includes(g) ||
      CJK.test(g) ||
      (next !== undefined && (CJK.test(next) || /^\s+$/u.test(next)))
    ) {
      tokens.push(token);
      token = "";
    }
  });
  if (token !== "") tokens.push(token);
  return tokens;
}

function fragmentsOf(lib: FontLibrary, text: string, opts: TextOptions): Fragment[] {
  const runs = lib.runs(text, opts.style);
  if (runs === undefined) throw new UnprintableTextError("text holds characters no bundled font can print");
  return runs.map((r) => ({
    text: r.text,
    face: r.face,
    size: opts.size,
    width: measure(r.face, r.text, opts.size),
  }));
}

function splitWide(lib: FontLibrary, token: string, opts: TextOptions, firstRoom: number): Fragment[] {
  const pieces: Fragment[] = [];
  let piece = "";
  let room = firstRoom;
  for (const { segment } of graphemes.segment(token)) {
    const candidate = piece + segment;
    if (piece !== "" && sum(fragmentsOf(lib, candidate, opts)) > room) {
      pieces.push(...fragmentsOf(lib, piece, opts));
      piece = segment;
      room = opts.width;
    } else piece = candidate;
  }
  if (piece !== "") pieces.push(...fragmentsOf(lib, piece, opts));
  return pieces;
}

function finishLine(lib: FontLibrary, frags: Fragment[], opts: TextOptions): Line {
  const merged: Fragment[] = [];
  for (const f of frags) {
    const last = merged[merged.length - 1];
    if (last?.face === f.face)
      merged[merged.length - 1] = { ...last, text: last.text + f.text, width: last.width + f.width };
    else merged.push(f);
  }
  const last = merged[merged.length - 1];
  if (last !== undefined && /\s$/u.test(last.text)) {
    const text = last.text.trimEnd();
    merged[merged.length - 1] = { ...last, text, width: measure(last.face, text, last.size) };
  }
  const faces =
    merged.length > 0 ? merged.map((f) => f.face) : (lib.runs(" ", opts.style)?.map((r) => r.face) ?? []);
  const upm = (f: Face) => f.font.unitsPerEm;
  return {
    fragments: merged.filter((f) => f.text !== ""),
    width: sum(merged),
    ascent: Math.max(0, ...faces.map((f) => (f.font.ascent / upm(f)) * opts.size)),
    descent: Math.max(0, ...faces.map((f) => (-f.font.descent / upm(f)) * opts.size)),
  };
}

function trailingSpace(frags: readonly Fragment[]): number {
  const last = frags[frags.length - 1];
  if (last === undefined || !/\s$/u.test(last.text)) return 0;
  return last.width - measure(last.face, last.text.trimEnd(), last.size);
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
