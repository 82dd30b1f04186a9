// Draws one packet (every survey of one participant) into a pdfkit document. Pure: data in, pages out;
// fonts and templates arrive already loaded, nothing here opens a file.

import PDFDocument from "pdfkit";
import { RowError } from "../errors.js";
import type { LetterData } from "../types.js";
import { layoutAddress } from "./address.js";
import { DocFonts, drawLines, type FontMode } from "./draw.js";
import type { FontLibrary } from "./fonts.js";
import type { PaperSize, WindowGeometry } from "./geometry.js";
import { layoutText } from "./layout.js";
import { layoutPanel, type QrPainter } from "./panel.js";
import { addressLines, fill, type LoadedTemplate } from "./template.js";

const LEFT = 72;
const RIGHT = 54;
const TOP = 54;
const BOTTOM = 54;
const FOLD_MARGIN = 10;
const PARAGRAPH_SPACE = 8;

export interface LetterContext {
  readonly lib: FontLibrary;
  readonly template: LoadedTemplate;
  readonly paper: PaperSize;
  readonly geometry: WindowGeometry;
  readonly date: Date | undefined;
  readonly paintQr: QrPainter;
}

export interface LetterOptions {
  /** A replacement letter: says that the codes are the same as before (REDCap cannot revoke them). */
  readonly reprint?: boolean;
}

type Doc = InstanceType<typeof PDFDocument>;

/** A document for one letter or one print file; no name or code ever goes into its metadata. */
export function newDocument(mode: FontMode, title: string): DocFonts {
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    // No default Helvetica: every font is ours and embedded.
    font: null as unknown as string,
    info: { Title: title, Creator: "redcap-packets", Producer: "redcap-packets" },
  });
  return new DocFonts(doc, mode);
}

/** Collects a finished document's bytes. */
export function documentBytes(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}

/** Draws one packet on new pages; returns how many pages it took. */
export function drawLetter(
  fonts: DocFonts,
  ctx: LetterContext,
  data: LetterData,
  opts: LetterOptions = {},
): number {
  const { lib, paper, geometry } = ctx;
  const t = ctx.template.template;
  const page = new PageFlow(fonts.doc, paper, keepOut(geometry));
  page.next();
  const small = (s: string) => layoutText(lib, s, { style: "regular", size: 9, width: 200 });
  drawLines(fonts, t.returnAddress.flatMap(small), LEFT, TOP - 18, { gap: 0.15 });
  if (t.showDate && ctx.date !== undefined) {
    const date = new Intl.DateTimeFormat(t.language, { dateStyle: "long" }).format(ctx.date);
    const [line] = layoutText(lib, date, { style: "regular", size: 10, width: Infinity });
    if (line !== undefined) drawLines(fonts, [line], paper.width - RIGHT - line.width, TOP - 18);
  }
  const address = layoutAddress(lib, addressLines(t, data.fields), geometry.address);
  if (address === undefined) throw new RowError("the address is too long to fit in the envelope window");
  drawLines(fonts, address.lines, geometry.address.x, geometry.address.y, { gap: 0.1 });

  const width = paper.width - LEFT - RIGHT;
  page.y = Math.max(geometry.exposed.y + geometry.exposed.height, geometry.folds[0] ?? 0) + 14;
  const paragraph = (s: string, style: "regular" | "bold", size: number) => {
    for (const line of layoutText(lib, fill(s, data.fields), { style, size, width })) {
      page.y = drawLines(fonts, [line], LEFT, page.fit(line.ascent + line.descent + 0.2 * size, false));
    }
    page.y += PARAGRAPH_SPACE;
  };
  if (opts.reprint === true) paragraph(t.reprintNote, "bold", 10.5);
  paragraph(t.greeting, "regular", 11);
  for (const p of t.paragraphs) paragraph(p, "regular", 10.5);
  for (const c of t.closing) paragraph(c, "regular", 10.5);

  for (const survey of data.surveys) {
    const panel = layoutPanel(lib, survey, width, { labels: t.panel, showReturnCode: t.showReturnCode });
    const y = page.fit(panel.height, true);
    panel.draw(fonts, LEFT, y, ctx.paintQr);
    page.y = y + panel.height + 12;
  }
  return page.count;
}

/** Bands of the page no panel may cross: fold lines and everything the envelope window can expose. */
function keepOut(g: WindowGeometry): [number, number][] {
  const bands: [number, number][] = g.folds.map((f) => [f - FOLD_MARGIN, f + FOLD_MARGIN]);
  bands.push([g.exposed.y, g.exposed.y + g.exposed.height]);
  return bands;
}

const TOO_TALL =
  "a survey panel is too tall to fit between the folds and the envelope window (a very long survey label or " +
  "survey address): shorten the instrument's label in REDCap, or use a template with shorter panel texts";

class PageFlow {
  y = TOP;
  count = 0;

  constructor(
    readonly doc: Doc,
    readonly paper: PaperSize,
    readonly bands: readonly [number, number][],
  ) {}

  next(): void {
    this.doc.addPage({ size: [this.paper.width, this.paper.height], margin: 0 });
    this.count++;
    this.y = TOP;
  }

  /** Top y for a block of `height` from the current position: past keep-out bands if asked, else a new page. */
  fit(height: number, avoidBands: boolean): number {
    const bottom = this.paper.height - BOTTOM;
    if (height > bottom - TOP) throw new RowError(TOO_TALL);
    let newPages = 0;
    for (;;) {
      const band = avoidBands ? this.bands.find(([a, b]) => this.y < b && this.y + height > a) : undefined;
      if (band !== undefined) this.y = band[1];
      else if (this.y + height <= bottom) return this.y;
      // A fresh page is the most room a block can get: if it did not fit there, it never will.
      else if (++newPages > 1) throw new RowError(TOO_TALL);
      else this.next();
    }
  }
}
