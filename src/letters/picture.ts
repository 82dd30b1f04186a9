// A picture with lines of text beside it (the letterhead's logo) or below it (a signature), laid out
// before it is drawn so the page can make room for it.

import type PDFDocument from "pdfkit";
import { type DocFonts, drawLines } from "./draw.js";
import type { FontLibrary } from "./fonts.js";
import { LaidVersions } from "./laid-versions.js";
import { layoutText, linesHeight } from "./layout.js";
import { fillText, textsFields, type Values, valuesKey } from "./template/fill.js";
import type { Picture } from "./template/load.js";

type Doc = InstanceType<typeof PDFDocument>;

export interface PlacedPicture {
  readonly width: number;
  readonly height: number;
  draw(fonts: DocFonts, x: number, y: number): void;
}

/** Where a picture goes: its width unless the template gives one, its lines' room and first size. */
export interface PictureFrame {
  readonly defaultWidth: number;
  readonly firstSize: number;
  readonly textWidth: number;
  /** Lines below the picture (a signature) rather than beside it (a letterhead). */
  readonly below?: boolean;
}

/** A picture with lines beside it (letterhead) or below it (signature). */
export function layoutPicture(
  lib: FontLibrary,
  picture: Picture,
  values: Values,
  frame: PictureFrame,
): PlacedPicture | undefined {
  // The same on nearly every letter: laid out once for each set of values its lines read.
  const { defaultWidth, firstSize, textWidth, below = false } = frame;
  const key = `${defaultWidth}|${firstSize}|${textWidth}|${below}${valuesKey(textsFields(picture.lines), values)}`;
  return laidPictures.get(lib, picture, key, () => layoutUncached(lib, picture, values, frame));
}

const laidPictures = new LaidVersions<Picture, PlacedPicture | undefined>(64);

function layoutUncached(
  lib: FontLibrary,
  picture: Picture,
  values: Values,
  { defaultWidth, firstSize, textWidth, below = false }: PictureFrame,
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

// pdfkit embeds a Buffer image again at every call: open each picture once per document. The template's
// PNGs arrive opaque (template/opaque-png.ts), so pdfkit embeds them at once, never after a decode on the
// thread pool that would number their objects in whichever order the decodes finished.
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
