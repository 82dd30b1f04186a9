// Draws one packet (every survey of one participant) into a pdfkit document. Pure: data in, pages out;
// fonts, templates and pictures arrive already loaded, nothing here opens a file. Each part (letterhead,
// address, text, survey panel, signature, footer) draws itself into the box the page geometry gives it.

import PDFDocument from "pdfkit";
import { RowError } from "../errors.js";
import type { LetterData } from "../types.js";
import { layoutAddress } from "./address.js";
import type { PageBoxes } from "./boxes.js";
import { DocFonts, drawLines, type FontMode } from "./draw.js";
import type { FontLibrary, FontStyle } from "./fonts.js";
import { type Line, layoutSpans, layoutText, linesHeight } from "./layout.js";
import { type DrawOp, PageFlow } from "./page-flow.js";
import { layoutPanel, type QrPainter } from "./panel.js";
import {
  type FilledSpan,
  type FilledText,
  fillAddress,
  fillBlocks,
  fillText,
  type Values,
} from "./template/fill.js";
import type { LetterTemplate, Picture } from "./template/load.js";

const PARAGRAPH_SPACE = 7;
const BODY_SIZE = 10.5;
const LINE_GAP = 0.2;
const INDENT = 18;

export interface LetterContext {
  readonly lib: FontLibrary;
  readonly template: LetterTemplate;
  readonly boxes: PageBoxes;
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
  const { lib, boxes } = ctx;
  const t = ctx.template;
  const flow = new PageFlow(boxes.flow, boxes.flow.top);
  flow.y = drawHeader(flow, ctx, values);
  const width = boxes.flow.width - boxes.margins.left - boxes.margins.right;
  const left = boxes.margins.left;

  /** Lines one by one, breaking to a new page between any two; a list marker goes with the first. */
  const text = (lines: readonly Line[], x: number, marker?: Line) => {
    for (const [i, line] of lines.entries()) {
      const h = line.ascent + line.descent + LINE_GAP * (line.fragments[0]?.size ?? BODY_SIZE);
      const y = flow.fit(h);
      // The marker ends 4 pt before the text, however wide ("•", "10.").
      if (i === 0 && marker !== undefined) flow.add((f) => drawLines(f, [marker], x - 4 - marker.width, y));
      flow.add((f) => drawLines(f, [line], x, y));
      flow.y = y + h;
    }
  };

  if (opts.reprint === true) {
    text(
      layoutText(lib, fillText(t.labels.replacement, values), { style: "bold", size: BODY_SIZE, width }),
      left,
    );
    flow.y += PARAGRAPH_SPACE;
  }
  const blocks = fillBlocks(t.body.blocks, values);
  if (t.signature.data !== undefined || t.signature.lines.length > 0) {
    if (!blocks.some((b) => b.kind === "signature")) blocks.push({ kind: "signature" });
  }
  if (!blocks.some((b) => b.kind === "panels")) blocks.push({ kind: "panels" });

  for (const [i, block] of blocks.entries()) {
    if (block.kind === "text") {
      const { size, lines, indent, marker } = layoutBlock(lib, block, width);
      text(lines, left + indent, marker);
      const next = blocks[i + 1];
      const inList = block.role === "item" && next?.kind === "text" && next.role === "item";
      flow.y += inList ? 2 : PARAGRAPH_SPACE + (size > BODY_SIZE ? 2 : 0);
    } else if (block.kind === "rule") {
      const y = flow.fit(8) + 4;
      flow.add((f) =>
        f.doc
          .save()
          .lineWidth(0.5)
          .strokeColor("#808080")
          .moveTo(left, y)
          .lineTo(left + width, y)
          .stroke()
          .restore(),
      );
      flow.y = y + 8;
    } else if (block.kind === "panels") {
      flow.y += 2;
      for (const survey of data.surveys) {
        const panel = layoutPanel(lib, survey, width, {
          labels: t.labels,
          showReturnCode: t.showReturnCode,
          redcapLanguage: t.redcapLanguage,
        });
        const y = flow.fit(panel.height, panel.keep);
        flow.add((f) => panel.draw(f, left, y, ctx.paintQr));
        flow.y = y + panel.height + 12;
      }
    } else {
      drawSignature(flow, ctx, values, left);
    }
  }

  return flow.draw(fonts, (page, pages) => {
    const footer = fillText(t.labels.footer, { ...values, page: String(page), pages: String(pages) });
    const lines = layoutText(lib, footer, { style: "regular", size: 8, width });
    return (f) => drawLines(f, lines, left, boxes.footerY, { gap: LINE_GAP });
  });
}

interface LaidBlock {
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
  return { size, lines, indent, marker };
}

/** Letterhead, date, return address and the address in the window; returns where the body starts. */
function drawHeader(flow: PageFlow, ctx: LetterContext, values: Values): number {
  const { lib, boxes } = ctx;
  const t = ctx.template;
  let bottom = boxes.flow.top;
  const logo = t.letterhead.data === undefined ? 0 : (t.letterhead.width ?? 0.6 * 72) + 8;
  let head = layoutPicture(lib, t.letterhead, values, 0.6 * 72, 13, Math.max(72, boxes.leftWidth - logo));
  if (head !== undefined && !boxes.fitsLeft(head.height)) {
    // No room above the window (DIN 5008 form A): the letterhead goes to the right, wrapped to fit.
    head = layoutPicture(lib, t.letterhead, values, 0.6 * 72, 13, Math.max(72, boxes.columnWidth - logo));
  }
  const headBox = head === undefined ? undefined : boxes.placeHeader(head.width, head.height);
  if (head !== undefined && headBox !== undefined) {
    flow.addTo(0, (f) => head.draw(f, headBox.x, headBox.y));
    bottom = Math.max(bottom, headBox.y + head.height);
  }
  const sender = t.returnAddress.map((s) => fillText(s, values)).filter((s) => s !== "");
  const { box } = boxes.returnAddress;
  // DIN 5008: one small line at the bottom of its zone, right above the address, in the window; a
  // sender too long for that line goes above the window instead, like a US letter's.
  const line = boxes.returnAddress.inWindow
    ? oneLineIn(lib, sender.join(", "), box.width, [8, 7, 6])
    : undefined;
  if (line !== undefined && sender.length > 0) {
    const y = box.y + Math.max(0, box.height - line.ascent - line.descent);
    flow.addTo(0, (f) => {
      drawLines(f, [line], box.x, y);
      f.doc
        .save()
        .lineWidth(0.4)
        .strokeColor("#000000")
        .moveTo(box.x, y + line.ascent + line.descent)
        .lineTo(box.x + line.width, y + line.ascent + line.descent)
        .stroke()
        .restore();
    });
  } else if (sender.length > 0) {
    const layout = (width: number) =>
      sender.flatMap((s) => layoutText(lib, s, { style: "regular", size: 8.5, width }));
    const left = layout(Math.min(220, boxes.leftWidth));
    const lines = boxes.fitsLeft(linesHeight(left, 0.15)) ? left : layout(boxes.columnWidth);
    const box = boxes.placeReturnAddress(Math.max(...lines.map((l) => l.width)), linesHeight(lines, 0.15));
    flow.addTo(0, (f) => drawLines(f, lines, box.x, box.y, { gap: 0.15 }));
    bottom = Math.max(bottom, box.y + linesHeight(lines, 0.15));
  }
  for (const mark of boxes.marks) {
    flow.addTo(0, (f) =>
      f.doc
        .save()
        .lineWidth(0.5)
        .strokeColor("#808080")
        .moveTo(mark.x, mark.y)
        .lineTo(mark.x + mark.length, mark.y)
        .stroke()
        .restore(),
    );
  }
  if (values.date !== undefined && values.date !== "") {
    const [line] = layoutText(lib, values.date, {
      style: "regular",
      size: 10,
      width: Number.POSITIVE_INFINITY,
    });
    if (line !== undefined) {
      const box = boxes.placeDate(line.width, line.ascent + line.descent);
      flow.addTo(0, (f) => drawLines(f, [line], box.x, box.y));
      bottom = Math.max(bottom, box.y + line.ascent + line.descent);
    }
  }
  if (boxes.window !== undefined) {
    const address = layoutAddress(lib, fillAddress(t.address.lines, values), boxes.window.address);
    if (address === undefined) throw new RowError("the address is too long to fit in the envelope window");
    const { x, y } = boxes.window.address;
    flow.addTo(0, (f) => drawLines(f, address.lines, x, y, { gap: 0.1 }));
  }
  return Math.max(boxes.bodyTop, bottom + 18);
}

/** `text` on one line at the largest of `sizes` that fits `width`; undefined when none does. */
function oneLineIn(
  lib: FontLibrary,
  text: string,
  width: number,
  sizes: readonly number[],
): Line | undefined {
  for (const size of sizes) {
    const [line] = layoutText(lib, text, { style: "regular", size, width: Number.POSITIVE_INFINITY });
    if (line !== undefined && line.width <= width) return line;
  }
  return undefined;
}

interface PlacedPicture {
  readonly width: number;
  readonly height: number;
  draw(fonts: DocFonts, x: number, y: number): void;
}

/** A picture with lines beside it (letterhead) or below it (signature). */
function layoutPicture(
  lib: FontLibrary,
  picture: Picture,
  values: Values,
  defaultWidth: number,
  firstSize: number,
  textWidth: number,
  below = false,
): PlacedPicture | undefined {
  const texts = picture.lines.map((s) => fillText(s, values)).filter((s) => s !== "");
  if (picture.data === undefined && texts.length === 0) return undefined;
  const imgW = picture.data === undefined ? 0 : (picture.width ?? defaultWidth);
  const imgH = imgW * picture.aspect;
  const lines = texts.flatMap((s, i) =>
    layoutText(lib, s, {
      style: i === 0 && !below ? "bold" : "regular",
      size: i === 0 && !below ? firstSize : 9,
      width: textWidth,
    }),
  );
  const textW = Math.max(0, ...lines.map((l) => l.width));
  const textH = linesHeight(lines, 0.2);
  const gap = imgW > 0 && lines.length > 0 ? 8 : 0;
  const width = below ? Math.max(imgW, textW) : imgW + gap + textW;
  const height = below ? imgH + gap / 2 + textH : Math.max(imgH, textH);
  const image = picture.data;
  return {
    width,
    height,
    draw(fonts, x, y) {
      if (image !== undefined) drawImage(fonts, image, x, y, imgW);
      if (below) drawLines(fonts, lines, x, y + imgH + gap / 2, { gap: 0.2 });
      else drawLines(fonts, lines, x + imgW + gap, y + Math.max(0, (imgH - textH) / 2), { gap: 0.2 });
    },
  };
}

function drawSignature(flow: PageFlow, ctx: LetterContext, values: Values, left: number): void {
  const sig = layoutPicture(ctx.lib, ctx.template.signature, values, 1.6 * 72, 10.5, 300, true);
  if (sig === undefined) return;
  const y = flow.fit(sig.height, undefined, "the signature is taller than a page: make its picture smaller");
  const op: DrawOp = (f) => sig.draw(f, left, y);
  flow.add(op);
  flow.y = y + sig.height + PARAGRAPH_SPACE;
}

// pdfkit embeds a Buffer image again at every call: open each picture once per document.
const opened = new WeakMap<Doc, Map<Buffer, unknown>>();

function drawImage(fonts: DocFonts, data: Buffer, x: number, y: number, width: number): void {
  const { doc } = fonts;
  let images = opened.get(doc);
  if (images === undefined) {
    images = new Map();
    opened.set(doc, images);
  }
  let image = images.get(data);
  if (image === undefined) {
    image = (doc as unknown as { openImage(src: Buffer): unknown }).openImage(data);
    images.set(data, image);
  }
  doc.image(image as Buffer, x, y, { width });
}
