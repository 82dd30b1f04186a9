// Opening PDFs the way a reader would: extracted text, and every QR code decoded from rasterized pages.

import jsQRModule from "jsqr";

// jsqr is a CommonJS bundle: under NodeNext its typed default is the module object; at run time it may be either.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ??
  jsQRModule) as typeof jsQRModule.default;

type Mupdf = typeof import("mupdf");
let mupdfModule: Promise<Mupdf> | undefined;
const loadMupdf = () => {
  mupdfModule ??= import("mupdf");
  return mupdfModule;
};

export interface TextLine {
  readonly text: string;
  /** Bounding box in PDF points, origin top-left. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Font size of the line's first character, in points. */
  readonly size: number;
}

export interface QrFound {
  readonly data: string;
  readonly version: number;
  /** The symbol without its quiet zone, in PDF points, origin top-left. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Whether the 4-module quiet zone around it is white in the raster. */
  readonly quietZoneClear: boolean;
}

async function open(pdf: Buffer) {
  const mupdf = await loadMupdf();
  return { mupdf, doc: mupdf.Document.openDocument(pdf, "application/pdf") };
}

/** The text of each page, lines joined with "\n". */
export async function pdfText(pdf: Buffer): Promise<string[]> {
  return (await pdfLines(pdf)).map((lines) => lines.map((l) => l.text).join("\n"));
}

/** Text lines with their boxes, per page. */
export async function pdfLines(pdf: Buffer): Promise<TextLine[][]> {
  const { doc } = await open(pdf);
  const pages: TextLine[][] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const json = JSON.parse(doc.loadPage(i).toStructuredText("preserve-whitespace").asJSON()) as StextJson;
    pages.push(
      json.blocks.flatMap((b) =>
        (b.lines ?? []).map((l) => ({
          text: l.text,
          x: l.bbox.x,
          y: l.bbox.y,
          width: l.bbox.w,
          height: l.bbox.h,
          size: l.font?.size ?? 0,
        })),
      ),
    );
  }
  return pages;
}

interface StextJson {
  blocks: {
    lines?: { text: string; font?: { size: number }; bbox: { x: number; y: number; w: number; h: number } }[];
  }[];
}

export async function pdfInfo(pdf: Buffer): Promise<{
  pages: number;
  title: string | undefined;
  author: string | undefined;
  subject: string | undefined;
}> {
  const { doc } = await open(pdf);
  return {
    pages: doc.countPages(),
    title: doc.getMetaData("info:Title"),
    author: doc.getMetaData("info:Author"),
    subject: doc.getMetaData("info:Subject"),
  };
}

/** Each page's size in points. */
export async function pdfPageSizes(pdf: Buffer): Promise<{ width: number; height: number }[]> {
  const { doc } = await open(pdf);
  const sizes: { width: number; height: number }[] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = doc.loadPage(i).getBounds();
    sizes.push({ width: x1 - x0, height: y1 - y0 });
  }
  return sizes;
}

/**
 * The decoded text of every QR code on each page, top to bottom; with `pages` (0-based), of those
 * pages only, in that order (a print file of many letters read in part).
 */
export async function pdfQrCodes(pdf: Buffer, dpi = 150, pages?: readonly number[]): Promise<string[][]> {
  return (await pdfQrSymbols(pdf, dpi, pages)).map((page) => page.map((q) => q.data));
}

/**
 * Every QR code on each page with where it is: decode, blank the symbol, decode again until none is
 * left. jsQR misses a symbol now and then at one resolution and reads it at another, so a page with a
 * QR-like patch that gave no symbol at `dpi` is read again at ⅔ of it, and the symbols found are
 * merged by position.
 */
export async function pdfQrSymbols(pdf: Buffer, dpi = 150, only?: readonly number[]): Promise<QrFound[][]> {
  const { mupdf, doc } = await open(pdf);
  const pages: QrFound[][] = [];
  for (const i of only ?? Array.from({ length: doc.countPages() }, (_, i) => i)) {
    if (i < 0 || i >= doc.countPages())
      throw new RangeError(`no page ${i + 1} in a ${doc.countPages()}-page PDF`);
    const found: QrFound[] = [];
    for (const scale of [dpi / 72, (2 * dpi) / 3 / 72]) {
      const pix = doc
        .loadPage(i)
        .toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false);
      const [width, height] = [pix.getWidth(), pix.getHeight()];
      const raster = toRgba(pix.getPixels(), width, height, pix.getStride());
      const patches = qrLikePatches(raster, width, height, scale);
      for (const q of findAll(raster, width, height, scale, patches)) {
        if (!found.some((f) => Math.abs(f.x - q.x) < 6 && Math.abs(f.y - q.y) < 6)) found.push(q);
      }
      // Every QR-like patch gave a symbol: nothing is left for the second resolution to find.
      const inside = (p: Box, q: QrFound) =>
        (q.x + q.width / 2) * scale > p.x0 &&
        (q.x + q.width / 2) * scale < p.x1 &&
        (q.y + q.height / 2) * scale > p.y0 &&
        (q.y + q.height / 2) * scale < p.y1;
      if (patches.every((p) => found.some((q) => inside(p, q)))) break;
    }
    pages.push(found.sort((a, b) => a.y - b.y || a.x - b.x));
  }
  return pages;
}

function toRgba(rgb: Uint8ClampedArray, width: number, height: number, stride: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = y * stride + x * 3;
      const d = (y * width + x) * 4;
      out[d] = rgb[s] ?? 255;
      out[d + 1] = rgb[s + 1] ?? 255;
      out[d + 2] = rgb[s + 2] ?? 255;
      out[d + 3] = 255;
    }
  }
  return out;
}

function findAll(
  raster: Uint8ClampedArray,
  width: number,
  height: number,
  scale: number,
  patches: readonly Box[],
): QrFound[] {
  const found: QrFound[] = [];
  // Each patch of QR-like texture on its own first: other marks on a page (a logo, a signature) can
  // lead jsQR's finder-pattern search astray on the whole page, and a patch is a few hundredths of a
  // page's pixels to search. Then the whole page, with the symbols found blanked, for any the patches
  // missed.
  const regions: Box[] = [...patches, { x0: 0, y0: 0, x1: width, y1: height }];
  for (const region of regions) {
    for (let n = 0; n < 20; n++) {
      const qr = decodeIn(raster, width, region);
      if (qr === undefined) break;
      const { box, module, data, version, empty } = qr;
      // A "symbol" larger than any printed one is finder patterns of different marks taken together:
      // blanking it would wipe real symbols, so leave this region to the tiles.
      if (empty && Math.max(box.x1 - box.x0, box.y1 - box.y0) > 45 * (72 / 25.4) * scale) break;
      // jsQR sometimes "finds" a symbol with no data segments in text or in a blanked region: noise,
      // not a printed QR (qrcode cannot encode an empty payload, so a real symbol always has data).
      if (!empty) {
        found.push({
          data,
          version,
          x: box.x0 / scale,
          y: box.y0 / scale,
          width: (box.x1 - box.x0) / scale,
          height: (box.y1 - box.y0) / scale,
          quietZoneClear: isWhiteRing(raster, width, height, box, module),
        });
      }
      fill(raster, width, height, box, module * 2);
    }
  }
  return found.sort((a, b) => a.y - b.y || a.x - b.x);
}

/**
 * Boxes around areas dense with small dark/light changes (what a QR symbol looks like from afar; text
 * is sparser, a logo's flat colour has none), each with a margin for the quiet zone.
 */
function qrLikePatches(raster: Uint8ClampedArray, width: number, height: number, scale: number): Box[] {
  const cell = Math.max(4, Math.round(6 * scale));
  const cols = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const dense = new Uint8Array(cols * rows);
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      let dark = 0;
      let changes = 0;
      let count = 0;
      for (let y = cy * cell; y < Math.min(height, (cy + 1) * cell); y++) {
        let last = false;
        for (let x = cx * cell; x < Math.min(width, (cx + 1) * cell); x++) {
          const isDark = (raster[(y * width + x) * 4] ?? 255) < 128;
          if (isDark) dark++;
          if (x > cx * cell && isDark !== last) changes++;
          last = isDark;
          count++;
        }
      }
      const fraction = dark / Math.max(1, count);
      dense[cy * cols + cx] = fraction > 0.25 && fraction < 0.8 && changes >= cell / 2 ? 1 : 0;
    }
  }
  const boxes: Box[] = [];
  const seen = new Uint8Array(cols * rows);
  for (let start = 0; start < dense.length; start++) {
    if (dense[start] !== 1 || seen[start] === 1) continue;
    const stack = [start];
    seen[start] = 1;
    let [x0, y0, x1, y1] = [cols, rows, 0, 0];
    while (stack.length > 0) {
      const i = stack.pop() ?? 0;
      const [cx, cy] = [i % cols, Math.floor(i / cols)];
      [x0, y0, x1, y1] = [Math.min(x0, cx), Math.min(y0, cy), Math.max(x1, cx), Math.max(y1, cy)];
      for (const [nx, ny] of [
        [cx + 1, cy],
        [cx - 1, cy],
        [cx, cy + 1],
        [cx, cy - 1],
      ] as const) {
        const n = ny * cols + nx;
        if (nx >= 0 && ny >= 0 && nx < cols && ny < rows && dense[n] === 1 && seen[n] !== 1) {
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    const margin = 3 * cell;
    // No printed symbol is under 15 mm a side: smaller patches (a line of bold text) are not tried.
    const least = 15 * (72 / 25.4) * scale;
    if ((x1 - x0 + 1) * cell >= least && (y1 - y0 + 1) * cell >= least) {
      boxes.push({
        x0: Math.max(0, x0 * cell - margin),
        y0: Math.max(0, y0 * cell - margin),
        x1: Math.min(width, (x1 + 1) * cell + margin),
        y1: Math.min(height, (y1 + 1) * cell + margin),
      });
    }
  }
  return boxes;
}

/** jsQR on one region of the page, with the symbol's box in page pixels. */
function decodeIn(raster: Uint8ClampedArray, width: number, r: Box) {
  const w = r.x1 - r.x0;
  const h = r.y1 - r.y0;
  const part = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const from = ((r.y0 + y) * width + r.x0) * 4;
    part.set(raster.subarray(from, from + w * 4), y * w * 4);
  }
  const qr = jsQR(part, w, h, { inversionAttempts: "dontInvert" });
  if (qr === null) return undefined;
  const c = qr.location;
  const xs = [c.topLeftCorner.x, c.topRightCorner.x, c.bottomLeftCorner.x, c.bottomRightCorner.x];
  const ys = [c.topLeftCorner.y, c.topRightCorner.y, c.bottomLeftCorner.y, c.bottomRightCorner.y];
  const box = {
    x0: r.x0 + Math.min(...xs),
    y0: r.y0 + Math.min(...ys),
    x1: r.x0 + Math.max(...xs),
    y1: r.y0 + Math.max(...ys),
  };
  const module = (box.x1 - box.x0) / (17 + 4 * qr.version);
  const empty = qr.data === "" || (qr.chunks.length === 0 && qr.binaryData.length === 0);
  return { box, module, data: qr.data, version: qr.version, empty };
}

type Box = { x0: number; y0: number; x1: number; y1: number };

/** The ring 0.5–4 modules outside the symbol is all light (the half module allows for anti-aliasing). */
function isWhiteRing(
  raster: Uint8ClampedArray,
  width: number,
  height: number,
  b: Box,
  module: number,
): boolean {
  const inner = module * 0.5;
  const outer = module * 4;
  for (let y = Math.floor(b.y0 - outer); y <= Math.ceil(b.y1 + outer); y++) {
    for (let x = Math.floor(b.x0 - outer); x <= Math.ceil(b.x1 + outer); x++) {
      const inside = x > b.x0 - inner && x < b.x1 + inner && y > b.y0 - inner && y < b.y1 + inner;
      if (inside) continue;
      if (x < 0 || y < 0 || x >= width || y >= height) return false;
      if ((raster[(y * width + x) * 4] ?? 0) < 200) return false;
    }
  }
  return true;
}

function fill(raster: Uint8ClampedArray, width: number, height: number, b: Box, margin: number): void {
  for (let y = Math.max(0, Math.floor(b.y0 - margin)); y < Math.min(height, Math.ceil(b.y1 + margin)); y++) {
    for (let x = Math.max(0, Math.floor(b.x0 - margin)); x < Math.min(width, Math.ceil(b.x1 + margin)); x++) {
      raster.fill(255, (y * width + x) * 4, (y * width + x) * 4 + 3);
    }
  }
}
