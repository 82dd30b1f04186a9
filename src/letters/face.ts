import { inflateSync } from "node:zlib";
import * as fontkit from "fontkit";

export interface Face {
  /** Name the face is registered under in each pdfkit document. */
  readonly name: string;
  readonly font: fontkit.Font;
  /** The font's bytes (WOFF already unpacked), kept only so the benchmark can compare per-document parsing. */
  readonly data: Buffer;
}

/** fontkit.create returns a Font or a FontCollection; a collection gives its first font. */
export function parseFont(name: string, file: Buffer): Face {
  const data = isWoff(file) ? woffToSfnt(file) : file;
  const parsed = fontkit.create(data);
  const font = "fonts" in parsed ? parsed.fonts[0] : parsed;
  if (font === undefined) throw new Error(`font file for ${name} holds no font`);
  keepGlyphCharacters(font);
  return { name, font, data };
}

/**
 * fontkit caches one glyph object per id, with the characters it was first asked for. Subsetting an accented
 * letter asks for its components (the "ư" inside "ữ") with none; the font is shared by every document, so
 * from then on every "ư" would be written with nothing for the text layer (extracted as U+FFFD). A later
 * request that names the characters fills them in.
 */
function keepGlyphCharacters(font: fontkit.Font): void {
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id, codePoints = []) => {
    const glyph = getGlyph(id, codePoints);
    if (glyph.codePoints.length === 0 && codePoints.length > 0) glyph.codePoints = codePoints;
    return glyph;
  };
}

function isWoff(file: Buffer): boolean {
  return file.length >= 44 && file.toString("latin1", 0, 4) === "wOFF";
}

/**
 * fontkit inflates a WOFF table on every access, and subsetting reads `glyf`/`CFF ` once per glyph: unpacked
 * once into a plain sfnt, the same font subsets many times faster.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    return {
      tag: woff.readUInt32BE(at),
      checksum: woff.readUInt32BE(at + 16),
      data: compLength < origLength ? inflateSync(raw) : raw,
    };
  });
  const headerSize = 12 + 16 * numTables;
  const size = tables.reduce((n, t) => n + pad4(t.data.length), headerSize);
  const out = Buffer.alloc(size);
  const entrySelector = Math.floor(Math.log2(numTables));
  out.writeUInt32BE(woff.readUInt32BE(4), 0); // flavor: 0x00010000 (TrueType) or 'OTTO' (CFF)
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(16 * 2 ** entrySelector, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(16 * numTables - 16 * 2 ** entrySelector, 10);
  let offset = headerSize;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    out.writeUInt32BE(t.tag, at);
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.data.length, at + 12);
    t.data.copy(out, offset);
    offset += pad4(t.data.length);
  });
  return out;
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}
