// Fonts are parsed once per process and handed to every pdfkit document as parsed fontkit objects:
// re-parsing a TTF per document costs ~75 % of a letter's render time (performance-notes.md).
// Text is split into runs by glyph coverage: DejaVu (Latin incl. Vietnamese, Greek, Cyrillic, Arabic,
// Hebrew), then the Noto Sans SC and Noto Sans KR unicode-range slices, each read and parsed the first time
// a character needs it.

import { readFile } from "node:fs/promises";
import { packagePath } from "../paths.js";
import { type CjkSlices, loadCjkSlices } from "./cjk-slices.js";
import { type Face, parseFont } from "./face.js";

export type { Face } from "./face.js";

export type FontStyle = "regular" | "bold" | "italic" | "boldItalic" | "code";

export interface TextRun {
  readonly text: string;
  readonly face: Face;
}

export interface FontLibrary {
  /** Reads and parses the CJK and Hangul slices `text` needs; call before laying the text out. */
  prepare(text: string): void;
  /** Characters of `text` no face of `style` can print (judged by unicode ranges for slices not yet read). */
  unprintable(text: string, style: FontStyle): string[];
  /** `text` split into runs by the first face that has each character; undefined when some character has none. */
  runs(text: string, style: FontStyle): TextRun[] | undefined;
}

type Source = { readonly face: Face } | { readonly slices: CjkSlices };

async function readFace(name: string, ...path: string[]): Promise<Face> {
  return parseFont(name, await readFile(packagePath(...path)));
}

const DEJAVU = ["node_modules", "dejavu-fonts-ttf", "ttf"];
const ATKINSON = ["node_modules", "@fontsource", "atkinson-hyperlegible", "files"];

let shared: Promise<FontLibrary> | undefined;

/** The process-wide font library (loaded on first use, then reused by every document). */
export function loadFontLibrary(): Promise<FontLibrary> {
  shared ??= createFontLibrary();
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}

async function createFontLibrary(): Promise<FontLibrary> {
  const [sans, sansBold, oblique, boldOblique, codeLatin, codeExt] = await Promise.all([
    readFace("dejavu-sans", ...DEJAVU, "DejaVuSans.ttf"),
    readFace("dejavu-sans-bold", ...DEJAVU, "DejaVuSans-Bold.ttf"),
    readFace("dejavu-sans-oblique", ...DEJAVU, "DejaVuSans-Oblique.ttf"),
    readFace("dejavu-sans-bold-oblique", ...DEJAVU, "DejaVuSans-BoldOblique.ttf"),
    readFace("atkinson-bold", ...ATKINSON, "atkinson-hyperlegible-latin-700-normal.woff"),
    readFace("atkinson-bold-ext", ...ATKINSON, "atkinson-hyperlegible-latin-ext-700-normal.woff"),
  ]);
  const [scRegular, scBold, krRegular, krBold] = await Promise.all([
    loadCjkSlices("noto-sans-sc", 400),
    loadCjkSlices("noto-sans-sc", 700),
    loadCjkSlices("noto-sans-kr", 400),
    loadCjkSlices("noto-sans-kr", 700),
  ]);
  const regularCjk: Source[] = [{ slices: scRegular }, { slices: krRegular }];
  const boldCjk: Source[] = [{ slices: scBold }, { slices: krBold }];
  // The obliques have no Arabic, and Chinese and Korean have no italics: those fall back to upright faces.
  const stacks: Record<FontStyle, Source[]> = {
    regular: [{ face: sans }, ...regularCjk],
    bold: [{ face: sansBold }, ...boldCjk],
    italic: [{ face: oblique }, { face: sans }, ...regularCjk],
    boldItalic: [{ face: boldOblique }, { face: sansBold }, ...boldCjk],
    code: [{ face: codeLatin }, { face: codeExt }, { face: sansBold }, ...boldCjk],
  };
  return {
    prepare(text) {
      // Walking the upright stacks reads exactly the slices a character needs: a Chinese character stops at
      // its SC slice and never reads a KR one. The other styles share these slices.
      for (const char of new Set(text)) {
        canPrint(stacks.regular, char);
        canPrint(stacks.bold, char);
      }
    },
    unprintable: (text, style) => unprintableIn(text, stacks[style]),
    runs: (text, style) => splitRuns(text, stacks[style]),
  };
}

/** A combining mark that must have a glyph of its own (joiners and variation selectors are invisible). */
const VISIBLE_MARK = /^(?![\u034f\ufe00-\ufe0f])\p{M}$/u;

/**
 * Characters no face prints, and combining marks the face of their base character lacks: a mark
 * is drawn with its base's face, so another face having it does not help.
 */
function unprintableIn(text: string, stack: readonly Source[]): string[] {
  const missing = new Set<string>();
  let base: Face | undefined;
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    if (isJoiner(char)) {
      if (VISIBLE_MARK.test(char) && base !== undefined && !base.font.hasGlyphForCodePoint(cp))
        missing.add(char);
    } else if (!canPrint(stack, char)) {
      missing.add(char);
      base = undefined;
    } else if (!/\s/u.test(char)) {
      base = faceFor(stack, cp);
    }
  }
  return [...missing];
}

function canPrint(stack: readonly Source[], char: string): boolean {
  const cp = char.codePointAt(0) ?? 0;
  if (/\s/u.test(char)) return true;
  return stack.some((s) => ("face" in s ? s.face.font.hasGlyphForCodePoint(cp) : s.slices.covers(cp)));
}

function faceFor(stack: readonly Source[], cp: number): Face | undefined {
  for (const s of stack) {
    if ("face" in s) {
      if (s.face.font.hasGlyphForCodePoint(cp)) return s.face;
    } else {
      const face = s.slices.loadedFaceFor(cp);
      if (face !== undefined) return face;
    }
  }
  return undefined;
}

/** Combining marks, variation selectors and joiners stay with the face of the character they attach to. */
function isJoiner(char: string): boolean {
  return /^(?:\p{M}|\u200c|\u200d|[\ufe00-\ufe0f])$/u.test(char);
}

function splitRuns(text: string, stack: readonly Source[]): TextRun[] | undefined {
  const runs: { text: string; face: Face }[] = [];
  for (const char of text) {
    const last = runs[runs.length - 1];
    const cp = char.codePointAt(0) ?? 0;
    const space = /\s/u.test(char);
    if (
      last !== undefined &&
      isJoiner(char) &&
      VISIBLE_MARK.test(char) &&
      !last.face.font.hasGlyphForCodePoint(cp)
    ) {
      return undefined;
    }
    if (last !== undefined && (isJoiner(char) || (space && last.face.font.hasGlyphForCodePoint(cp)))) {
      last.text += char;
      continue;
    }
    const face = faceFor(stack, cp) ?? (space ? faceFor(stack, 0x20) : undefined);
    if (face === undefined) return undefined;
    if (last !== undefined && last.face === face) last.text += char;
    else runs.push({ text: char, face });
  }
  return runs;
}
