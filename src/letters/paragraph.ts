// One paragraph made ready for line breaking: NFC, bidi controls resolved and dropped, and for each UTF-16
// unit its style, its bidi level and the face that prints it. Faces are chosen over the whole paragraph,
// not word by word, so the space between two words keeps the face of the word before it.

import type { Face, FontLibrary, FontStyle } from "./fonts.js";
import { bidiLevels, isBidiControl } from "./scripts.js";

/** A piece of a paragraph in one style (Markdown emphasis). */
export interface StyledSpan {
  readonly text: string;
  readonly style: FontStyle;
}

export interface Paragraph {
  readonly text: string;
  readonly styles: readonly FontStyle[];
  readonly levels: readonly number[];
  readonly faces: readonly Face[];
  /** For lines that end up empty: the face of a space decides their height. */
  readonly style: FontStyle;
}

/** A stretch of a paragraph's text, by UTF-16 offsets. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

export class UnprintableTextError extends Error {}

export function paragraphOf(lib: FontLibrary, spans: readonly StyledSpan[]): Paragraph {
  const normalized = spans.map((s) => ({ text: s.text.normalize("NFC"), style: s.style }));
  const allLevels = bidiLevels(normalized.map((s) => s.text).join(""));
  let text = "";
  const styles: FontStyle[] = [];
  const levels: number[] = [];
  let at = 0;
  for (const span of normalized) {
    for (const unit of span.text.split("")) {
      const level = allLevels[at++] ?? 0;
      if (isBidiControl(unit)) continue;
      text += unit;
      styles.push(span.style);
      levels.push(level);
    }
  }
  const faces = keepRtlRunsWhole(text, levels, styles, facesOf(lib, text, styles));
  return { text, styles, levels, faces, style: spans[0]?.style ?? "regular" };
}

/** The maximal stretches of `range` whose units are all `same` as the stretch's first unit. */
export function stretches(range: Range, same: (unit: number, first: number) => boolean): Range[] {
  const out: Range[] = [];
  let start = range.start;
  for (let i = range.start + 1; i <= range.end; i++) {
    if (i < range.end && same(i, start)) continue;
    out.push({ start, end: i });
    start = i;
  }
  return out;
}

function facesOf(lib: FontLibrary, text: string, styles: readonly FontStyle[]): Face[] {
  const whole = { start: 0, end: text.length };
  return stretches(whole, (a, b) => styles[a] === styles[b]).flatMap(({ start, end }) => {
    const runs = lib.runs(text.slice(start, end), styles[start] ?? "regular");
    if (runs === undefined) throw new UnprintableTextError("text holds characters no bundled font can print");
    return runs.flatMap((r) => r.text.split("").map(() => r.face));
  });
}

const NEUTRAL = /^[\p{Script=Common}\p{Script=Inherited}]$/u;

/**
 * Punctuation and digits inside a right-to-left run of one style take the face of the run's letters when
 * it has them: in italic, Arabic comes from the upright face (the oblique has none) and a hyphen between
 * two Arabic names would come from the oblique one, cutting the run in three. Whole, the run is shaped
 * and drawn as one piece, upright throughout.
 */
function keepRtlRunsWhole(
  text: string,
  levels: readonly number[],
  styles: readonly FontStyle[],
  faces: readonly Face[],
): Face[] {
  const out = [...faces];
  const neutral = (u: number) => NEUTRAL.test(text[u] ?? "");
  const same = (a: number, b: number) => levels[a] === levels[b] && styles[a] === styles[b];
  for (const { start, end } of stretches({ start: 0, end: text.length }, same)) {
    if ((levels[start] ?? 0) % 2 === 0) continue;
    const units = Array.from({ length: end - start }, (_, k) => start + k);
    const letter = units.find((u) => !neutral(u));
    const face = letter === undefined ? undefined : faces[letter];
    if (face === undefined) continue;
    for (const u of units) {
      if (neutral(u) && face.font.hasGlyphForCodePoint(text.codePointAt(u) ?? 0)) out[u] = face;
    }
  }
  return out;
}
