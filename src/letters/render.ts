// Draws one packet (every survey of one participant) into a pdfkit document. Pure: data in, pages out;
// fonts, templates and pictures arrive already loaded, nothing here opens a file. Each part (letterhead,
// address, text, survey panel, signature, footer) draws itself into the box the page geometry gives it.

import PDFDocument from "pdfkit";
import type { LetterData } from "../types.js";
import { type PageShape, pageBoxes } from "./boxes.js";
import { DocFonts, drawLines, type FontMode, strokeLine } from "./draw.js";
import type { FontLibrary, FontStyle } from "./fonts.js";
import { LaidVersions } from "./laid-versions.js";
import { type Line, layoutSpans, layoutText } from "./layout.js";
import { drawHeader } from "./letter-header.js";
import { type DrawOp, PageFlow } from "./page-flow.js";
import { layoutPanel, type QrPainter } from "./panel.js";
import { layoutPicture } from "./picture.js";
import type { Block } from "./template/body.js";
import {
  blockFields,
  type FilledSpan,
  type FilledText,
  fillBlocks,
  fillText,
  type Values,
  valuesKey,
} from "./template/fill.js";
import type { LetterTemplate } from "./template/load.js";

const PARAGRAPH_SPACE = 7;
const BODY_SIZE = 10.5;
const LINE_GAP = 0.2;
const INDENT = 18;

export interface LetterContext {
  readonly lib: FontLibrary;
  readonly template: LetterTemplate;
  /** The page's geometry; each layout of a letter places its header in boxes of its own. */
  readonly shape: PageShape;
  readonly paintQr: QrPainter;
}

export interface LetterOptions {
  /** A replacement letter: says that the codes are the same as before (REDCap cannot revoke them). */
  readonly reprint?: boolean;
}

type Doc = InstanceType<typeof PDFDocument>;

// pdfkit derives the file ID from the creation date and writes the date into the file: a fixed date,
// hidden from the info dictionary (pdfkit writes only its enumerable keys), makes the same letter the
// same bytes on every run.
const FIXED_DATE = new Date(0);

/** A document for one letter or one print file; no name, code or time ever goes into its metadata. */
export function newDocument(mode: FontMode, title: string): DocFonts {
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    // No default Helvetica: every font is ours and embedded.
    font: null as unknown as string,
    info: { Title: title, Creator: "redcap-packets", Producer: "redcap-packets", CreationDate: FIXED_DATE },
  });
  Object.defineProperty(doc.info, "CreationDate", { value: FIXED_DATE, enumerable: false });
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

/** Draws one packet on new pages; returns how many pages it took. `values` fills every placeholder. */
export function drawLetter(
  fonts: DocFonts,
  ctx: LetterContext,
  data: LetterData,
  values: Values,
  opts: LetterOptions = {},
): number {
  const { lib, shape, template: t } = ctx;
  let flow = layOutLetter(ctx, data, values, opts.reprint === true ? "top" : "none");
  // A replacement's note opens the letter. Its lines can push a survey panel past a fold (the QR and
  // the codes are kept off the folds), which leaves a gap the panel's height and sends the end of the
  // letter to another page; under the panels the note costs only its own lines. It goes there only
  // if that saves a page (and is still before the signature).
  if (opts.reprint === true && flow.count > 1) {
    const under = layOutLetter(ctx, data, values, "underPanels");
    if (under.count < flow.count) flow = under;
  }
  const { left, width } = textColumn(shape);
  return flow.draw(fonts, (page, pages) => {
    const footer = fillText(t.labels.footer, { ...values, page: String(page), pages: String(pages) });
    const lines = layoutText(lib, footer, { style: "regular", size: 8, width });
    return (f) => drawLines(f, lines, left, shape.footerY, { gap: LINE_GAP });
  });
}

/** Where a replacement letter's note goes: none (a first letter), above the text, or under the panels. */
type NotePlace = "none" | "top" | "underPanels";

/** The body's and the footer's column: the page between its side margins. */
function textColumn(shape: PageShape): { readonly left: number; readonly width: number } {
  return { left: shape.margins.left, width: shape.width - shape.margins.left - shape.margins.right };
}

/** The packet's pages laid out with its note (if any) in `note`'s place; nothing is drawn yet. */
function layOutLetter(ctx: LetterContext, data: LetterData, values: Values, note: NotePlace): PageFlow {
  const { lib, template: t } = ctx;
  const boxes = pageBoxes(ctx.shape);
  const flow = new PageFlow(boxes.flow, boxes.flow.top);
  flow.y = drawHeader(flow, { lib, template: t, boxes }, values);
  const body = { flow, ctx, ...textColumn(ctx.shape) };
  const drawNote = () => {
    const text = fillText(t.labels.replacement, values);
    drawText(body, layoutText(lib, text, { style: "bold", size: BODY_SIZE, width: body.width }), body.left);
    flow.y += PARAGRAPH_SPACE;
  };
  const parts = laidBody(ctx, values, body.width);
  const panels = parts.findIndex((p) => p.kind === "panels");
  const signature = parts.findIndex((p) => p.kind === "signature");
  // A note is not signed off before it is read: with the signature above the panels, it stays on top.
  const place = note === "underPanels" && signature !== -1 && signature < panels ? "top" : note;
  if (place === "top") drawNote();
  for (const [i, part] of parts.entries()) {
    if (part.kind === "text") drawTextBlock(body, part, parts[i + 1]);
    else if (part.kind === "rule") drawRule(body);
    else if (part.kind === "panels") {
      drawPanels(body, data);
      // Under the first panels only, should a template place them twice.
      if (place === "underPanels" && i === panels) drawNote();
    } else drawSignature(flow, ctx, values, body.left);
  }
  return flow;
}

/** Where the body goes: the page flow and the text column. */
interface Body {
  readonly flow: PageFlow;
  readonly ctx: LetterContext;
  readonly left: number;
  readonly width: number;
}

/** A body block filled and laid out for one letter, or the place of the panels, a rule or the signature. */
type LaidPart = LaidBlock | { readonly kind: "rule" | "panels" | "signature" };

/** The body's blocks for `values`, the panels after the text and the signature at its end unless placed. */
function laidBody(ctx: LetterContext, values: Values, width: number): LaidPart[] {
  const t = ctx.template;
  const parts = t.body.blocks.flatMap((block) => laidBlock(ctx.lib, block, values, width));
  const hasSignature = t.signature.data !== undefined || t.signature.lines.length > 0;
  if (hasSignature && !parts.some((b) => b.kind === "signature")) parts.push({ kind: "signature" });
  if (!parts.some((b) => b.kind === "panels")) parts.push({ kind: "panels" });
  return parts;
}

/** Laid-out blocks by template block, then by the values of the fields the block reads. */
const laidBlocks = new LaidVersions<Block, readonly LaidPart[]>(64);

/**
 * One template block filled and laid out. Most of a letter's text is the same on every letter (only
 * the placeholders differ), so a block is filled and laid out once for each set of values it reads,
 * not once a letter: in a print file of thousands, that was the largest part of the kit's own work.
 */
function laidBlock(lib: FontLibrary, block: Block, values: Values, width: number): readonly LaidPart[] {
  const key = `${width}${valuesKey(blockFields(block), values)}`;
  return laidBlocks.get(lib, block, key, () =>
    fillBlocks([block], values).map((b) => (b.kind === "text" ? layoutBlock(lib, b, width) : b)),
  );
}

/** Lines one by one, breaking to a new page between any two; a list marker goes with the first. */
function drawText({ flow }: Body, lines: readonly Line[], x: number, marker?: Line): void {
  for (const [i, line] of lines.entries()) {
    const h = line.ascent + line.descent + LINE_GAP * (line.fragments[0]?.size ?? BODY_SIZE);
    const y = flow.fit(h);
    // The marker ends 4 pt before the text, however wide ("•", "10.").
    if (i === 0 && marker !== undefined) flow.add((f) => drawLines(f, [marker], x - 4 - marker.width, y));
    flow.add((f) => drawLines(f, [line], x, y));
    flow.y = y + h;
  }
}

function drawTextBlock(body: Body, block: LaidBlock, next: LaidPart | undefined): void {
  const { size, lines, indent, marker } = block;
  drawText(body, lines, body.left + indent, marker);
  const inList = block.role === "item" && next?.kind === "text" && next.role === "item";
  body.flow.y += inList ? 2 : PARAGRAPH_SPACE + (size > BODY_SIZE ? 2 : 0);
}

function drawRule({ flow, left, width }: Body): void {
  const y = flow.fit(8) + 4;
  flow.add((f) => strokeLine(f, [left, y], [left + width, y], { width: 0.5, color: "#808080" }));
  flow.y = y + 8;
}

/** One panel per survey, each kept whole, its codes and QR off the folds and out of the window. */
function drawPanels({ flow, ctx, left, width }: Body, data: LetterData): void {
  const t = ctx.template;
  flow.y += 2;
  for (const survey of data.surveys) {
    const panel = layoutPanel(ctx.lib, survey, width, {
      labels: t.labels,
      showReturnCode: t.showReturnCode,
      redcapLanguage: t.redcapLanguage,
    });
    const y = flow.fit(panel.height, panel.keep);
    flow.add((f) => panel.draw(f, left, y, ctx.paintQr));
    flow.y = y + panel.height + 12;
  }
}

interface LaidBlock {
  readonly kind: "text";
  readonly role: FilledText["role"];
  readonly size: number;
  readonly lines: readonly Line[];
  readonly indent: number;
  readonly marker: Line | undefined;
}

const ROLE_SIZE: Readonly<Record<FilledText["role"], number>> = {
  heading1: 15,
  heading2: 13,
  heading3: 11.5,
  paragraph: BODY_SIZE,
  item: BODY_SIZE,
};

function layoutBlock(lib: FontLibrary, block: FilledText, width: number): LaidBlock {
  const size = ROLE_SIZE[block.role];
  const heading = block.role.startsWith("heading");
  const indent = block.indent * INDENT;
  const style = (s: FilledSpan): FontStyle =>
    heading ? (s.style === "italic" || s.style === "boldItalic" ? "boldItalic" : "bold") : s.style;
  const lines = block.lines.flatMap((spans) =>
    layoutSpans(
      lib,
      spans.map((s) => ({ text: s.text, style: style(s) })),
      { size, width: width - indent },
    ),
  );
  const marker =
    block.marker === undefined
      ? undefined
      : layoutText(lib, block.marker, { style: "regular", size, width: Number.POSITIVE_INFINITY })[0];
  return { kind: "text", role: block.role, size, lines, indent, marker };
}

function drawSignature(flow: PageFlow, ctx: LetterContext, values: Values, left: number): void {
  const sig = layoutPicture(ctx.lib, ctx.template.signature, values, {
    defaultWidth: 1.6 * 72,
    firstSize: 10.5,
    textWidth: 300,
    below: true,
  });
  if (sig === undefined) return;
  const y = flow.fit(sig.height, undefined, "the signature is taller than a page: make its picture smaller");
  const op: DrawOp = (f) => sig.draw(f, left, y);
  flow.add(op);
  flow.y = y + sig.height + PARAGRAPH_SPACE;
}
