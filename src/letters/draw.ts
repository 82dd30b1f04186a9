// Writing laid-out lines into a pdfkit document, with fonts registered once per document.

import type PDFDocument from "pdfkit";
import type { Face } from "./fonts.js";
import type { Line } from "./layout.js";

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
      register(face.name, this.mode === "parsed" ? face.font : face.data);
      this.#registered.add(face.name);
    }
    return this.doc.font(face.name).fontSize(size);
  }
}

export type Align = "left" | "center";

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
      fonts.use(f.face, f.size).text(f.text, left, baseline, { lineBreak: false, baseline: "alphabetic" });
      left += f.width;
    }
    top = baseline + line.descent;
  });
  return top;
}
