// Writing laid-out lines into a pdfkit document, with fonts registered once per document.

import type PDFDocument from "pdfkit";
import type { Face } from "./fonts.js";
import { type Fragment, fragmentGlyphText, type Line } from "./layout.js";

/** "parsed": hand pdfkit the parsed fontkit Font (fast); "bytes": the file, re-parsed per document (benchmark). */
export type FontMode = "parsed" | "bytes";

type Doc = InstanceType<typeof PDFDocument>;

/** @types/pdfkit lags pdfkit 0.20, which also accepts an already parsed fontkit Font. */
type RegisterFont = (name: string, src: Face["font"] | Buffer) => unknown;

export class DocFonts {
  readonly #registered = new Set<string>();

  constructor(
    readonly doc: Doc,
    readonly mode: FontMode,
  ) {}

  use(face: Face, size: number): Doc {
    if (!this.#registered.has(face.name)) {
      const register = this.doc.registerFont.bind(this.doc) as unknown as RegisterFont;
      register(face.name, this.mode === "parsed" ? extractableFont(face.font) : face.data);
      this.#registered.add(face.name);
    }
    return this.doc.font(face.name).fontSize(size);
  }

  /**
   * pdfkit keeps the layout of every distinct word it has set, per font, for the document's life. In
   * a print file of thousands of letters (every code, link and name a new word) that grows without
   * end; forgetting them once they pass `most` words keeps the memory flat. (pdfkit's only switch for
   * it, `fontLayoutCache: false`, would also drop the reuse within a letter; forgetting every few
   * letters made pdfkit shape the template's words again each time.)
   */
  forgetWordLayouts(most: number): void {
    const fonts = (this.doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: object }> })
      ._fontFamilies;
    for (const font of Object.values(fonts ?? {})) {
      if (font.layoutCache !== undefined && Object.keys(font.layoutCache).length > most)
        font.layoutCache = Object.create(null) as object;
    }
  }
}

/** A written page's dictionary, as pdfkit keeps it in the page tree until the end of the document. */
interface PageRef {
  offset?: number;
  data: object;
}

/**
 * pdfkit keeps every page's dictionary (and through it the page's content and resource objects) in
 * the page tree until the document ends, although a page is written out once the next one begins:
 * about 1 KB a letter, 50 MB in a print file of 50,000. The tree needs only each page's object
 * number, so the dictionary of a page already written (pdfkit has noted where: `offset`) is let go.
 */
export class WrittenPages {
  #next = 0;

  constructor(readonly doc: Doc) {}

  forget(): void {
    const root = (this.doc as unknown as { _root?: { data?: { Pages?: { data?: { Kids?: PageRef[] } } } } })
      ._root;
    const kids = root?.data?.Pages?.data?.Kids ?? [];
    for (; this.#next < kids.length; this.#next++) {
      const page = kids[this.#next];
      if (page === undefined || typeof page.offset !== "number") return;
      page.data = WRITTEN;
    }
  }
}

const WRITTEN = Object.freeze({});

/** Letters between two looks at pdfkit's word layouts (see DocFonts.forgetWordLayouts)… */
const LOOK_AT_LAYOUTS_EVERY = 50;
/** …and the words a font may keep: a few letters' worth of codes and names (about 1 KB each). */
const MOST_WORD_LAYOUTS = 2_000;

/**
 * What a print file of thousands of letters (or cards) needs between two of them to keep its memory
 * flat: written pages let go, word layouts forgotten now and then, and the piped stream given time
 * to drain (pdfkit buffers whatever the reader has not taken).
 */
export class PrintFileUpkeep {
  readonly #written: WrittenPages;
  #letters = 0;

  constructor(readonly fonts: DocFonts) {
    this.#written = new WrittenPages(fonts.doc);
    xrefInPieces(fonts.doc);
  }

  async afterLetter(): Promise<void> {
    this.#written.forget();
    if (++this.#letters % LOOK_AT_LAYOUTS_EVERY === 0) this.fonts.forgetWordLayouts(MOST_WORD_LAYOUTS);
    if (this.fonts.doc.readableLength > 1 << 20) await new Promise((r) => setImmediate(r));
  }
}

/** The part of pdfkit's document its cross-reference table is written through. */
interface XrefWriter {
  _write(data: string | Uint8Array): void;
  _finalize(): void;
}

/** An entry of the cross-reference table as pdfkit writes it: the object's offset, generation, "n". */
const XREF_ENTRY = /^\d{10} 00000 n $/;
/** Entries written at once: about 100 KB. */
const XREF_PIECE = 5_000;

/**
 * pdfkit ends a document by writing its cross-reference table one 20-byte line at a time, each a
 * Uint8Array of its own, all in one go and before the file stream can take any: a print file of
 * 50,000 letters has half a million objects, and its end set the run's memory peak (some 60 MiB of
 * small arrays at once). The same lines are written here a few thousand at a time, byte for byte.
 */
export function xrefInPieces(doc: Doc, piece = XREF_PIECE): void {
  const writer = doc as unknown as XrefWriter;
  const finalize = writer._finalize.bind(writer);
  writer._finalize = () => {
    const write = writer._write.bind(writer);
    let entries: string[] = [];
    const flush = () => {
      if (entries.length > 0) write(entries.join("\n"));
      entries = [];
    };
    writer._write = (data) => {
      if (typeof data === "string" && XREF_ENTRY.test(data)) {
        entries.push(data);
        if (entries.length === piece) flush();
        return;
      }
      flush();
      write(data);
    };
    try {
      finalize();
    } finally {
      writer._write = write;
    }
  };
}

type Font = Face["font"];
type GlyphRun = ReturnType<Font["layout"]>;

// One wrapper per parsed font, shared by every document like the font itself (fontkit caches on it).
const wrappers = new WeakMap<Font, Font>();

/**
 * pdfkit maps each glyph to the characters fontkit says it stands for (the text layer). Readers take a
 * right-to-left run, drawn in visual order, and read it backwards character by character; a ligature of
 * several letters (Arabic lam-alef) must then list its letters backwards too, or "علاء" reads as "عالء".
 * Combining marks are left alone: readers keep a letter's marks after it.
 */
function extractableFont(font: Font): Font {
  let wrapped = wrappers.get(font);
  if (wrapped === undefined) {
    wrapped = Object.create(font) as Font;
    wrapped.layout = (...args: Parameters<Font["layout"]>) => withLigaturesBackwards(font.layout(...args));
    wrappers.set(font, wrapped);
  }
  return wrapped;
}

function withLigaturesBackwards(run: GlyphRun): GlyphRun {
  if (run.direction !== "rtl") return run;
  run.glyphs = run.glyphs.map((g) => {
    const letters =
      g.codePoints.length > 1 && g.codePoints.every((cp) => !/\p{M}/u.test(String.fromCodePoint(cp)));
    // A view of the shared glyph, not a change to it: fontkit hands the same object to every run.
    return letters ? Object.create(g, { codePoints: { value: [...g.codePoints].reverse() } }) : g;
  });
  return run;
}

export type Align = "left" | "center";

/**
 * pdfkit lays text without `features` out word by word and strings the words left to right: a
 * right-to-left run would print its words in reverse order. Any `features` (none added) makes it lay the
 * run out whole, as fontkit measured it.
 */
function textOptions(f: Fragment): PDFKit.Mixins.TextOptions {
  const options: PDFKit.Mixins.TextOptions = { lineBreak: false, baseline: "alphabetic" };
  return f.level % 2 === 1 ? { ...options, features: [] } : options;
}

/** Draws lines from top `y`; returns the y below the last line. */
export function drawLines(
  fonts: DocFonts,
  lines: readonly Line[],
  x: number,
  y: number,
  opts: { gap?: number; width?: number; align?: Align } = {},
): number {
  let top = y;
  lines.forEach((line, i) => {
    if (i > 0) top += (opts.gap ?? 0) * (line.fragments[0]?.size ?? 0);
    const baseline = top + line.ascent;
    let left = opts.align === "center" && opts.width !== undefined ? x + (opts.width - line.width) / 2 : x;
    for (const f of line.fragments) {
      fonts.use(f.face, f.size).text(fragmentGlyphText(f), left, baseline, textOptions(f));
      left += f.width;
    }
    top = baseline + line.descent;
  });
  return top;
}

/** A straight line (a rule, a fold or punch-hole mark, an underline). */
export function strokeLine(
  fonts: DocFonts,
  from: readonly [number, number],
  to: readonly [number, number],
  style: { readonly width: number; readonly color: string },
): void {
  fonts.doc
    .save()
    .lineWidth(style.width)
    .strokeColor(style.color)
    .moveTo(...from)
    .lineTo(...to)
    .stroke()
    .restore();
}
