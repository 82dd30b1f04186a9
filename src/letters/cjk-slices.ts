// Noto Sans SC and KR ship as ~100 WOFF slices per weight, each covering a unicode range (fontsource's
// unicode.json, the same layout in both packages). Parsing all of them would cost seconds and ~20 MB; a
// letter needs one or two.

import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { packagePath } from "../paths.js";
import { type Face, parseFont } from "./face.js";

/** The fontsource packages sliced this way: Chinese (simplified) and Korean. */
export type CjkFamily = "noto-sans-sc" | "noto-sans-kr";

export interface CjkSlices {
  /** Whether the slice whose range holds `cp` has a glyph for it (reads that slice once). */
  covers(cp: number): boolean;
  /** The slice face for `cp` if it has been read and has the glyph. */
  loadedFaceFor(cp: number): Face | undefined;
}

interface Range {
  readonly lo: number;
  readonly hi: number;
  readonly slice: string;
}

export async function loadCjkSlices(family: CjkFamily, weight: 400 | 700): Promise<CjkSlices> {
  const dir = ["node_modules", "@fontsource", family];
  const ranges = parseUnicodeJson(await readFile(packagePath(...dir, "unicode.json"), "utf8"));
  const faces = new Map<string, Face>();
  const sliceOf = (cp: number) => findSlice(ranges, cp);

  // Synchronous on purpose: a slice is ~40 KB, read once per process, and checking a row must stay synchronous.
  const load = (slice: string): void => {
    if (faces.has(slice)) return;
    const file = `${family}-${slice}-${weight}-normal.woff`;
    faces.set(
      slice,
      parseFont(`${family}-${weight}-${slice}`, readFileSync(packagePath(...dir, "files", file))),
    );
  };

  return {
    // The unicode ranges are wider than the glyphs (they take in emoji blocks, for one): only the
    // font itself can say whether a character prints.
    covers(cp) {
      const slice = sliceOf(cp);
      if (slice === undefined) return false;
      load(slice);
      return faces.get(slice)?.font.hasGlyphForCodePoint(cp) ?? false;
    },
    loadedFaceFor(cp) {
      const slice = sliceOf(cp);
      const face = slice === undefined ? undefined : faces.get(slice);
      return face?.font.hasGlyphForCodePoint(cp) ? face : undefined;
    },
  };
}

/** `{"[57]": "U+4e00-4e0f,U+4e12"}` → sorted ranges; only the numbered (CJK) slices. */
function parseUnicodeJson(json: string): Range[] {
  const table = JSON.parse(json) as Record<string, string>;
  const ranges: Range[] = [];
  for (const [key, value] of Object.entries(table)) {
    const m = /^\[(\d+)\]$/.exec(key);
    if (m?.[1] === undefined) continue;
    for (const part of value.split(",")) {
      const [lo, hi] = part.trim().replace(/^U\+/i, "").split("-");
      if (lo === undefined) continue;
      const start = Number.parseInt(lo, 16);
      ranges.push({ lo: start, hi: hi === undefined ? start : Number.parseInt(hi, 16), slice: m[1] });
    }
  }
  return ranges.sort((a, b) => a.lo - b.lo);
}

function findSlice(ranges: readonly Range[], cp: number): string | undefined {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid];
    if (r === undefined) return undefined;
    if (cp < r.lo) hi = mid - 1;
    else if (cp > r.hi) lo = mid + 1;
    else return r.slice;
  }
  return undefined;
}
