// A template's PNG picture made opaque once, when the template loads, so that every letter's PDF comes out
// the same bytes.
//
// pdfkit (0.20) embeds an opaque, non-interlaced PNG as it is, at once. A PNG with an alpha channel
// (colour type 4 or 6), a palette with a tRNS chunk, or interlacing, it decodes on libuv's thread pool
// (png-js → zlib.inflate) and writes the image, and the soft mask it makes from the alpha channel, only
// when that decode finishes: with a logo and a signature in one letter, the two masks' object numbers
// follow whichever decode finished first, and the same letter sometimes came out as different bytes.
// Letters are printed on white paper, so a picture composited onto white looks the same on the page; any
// tRNS is flattened the same way, though pdfkit masks a grey or colour one without decoding.
// It is faster too, as pdfkit no longer inflates and splits the alpha channel in every document: with the
// bundled template a letter took 18–20 ms before, 12.5–13 ms after (median of 300 renders in a row).
//
// pngjs decodes every PNG kind (grey, colour, palette, 1–16 bits, tRNS, interlaced) to 8-bit RGBA and
// composites onto a background colour when it writes a PNG without alpha: a well-tested library rather
// than PNG code of our own.

import { createHash } from "node:crypto";
import { constants } from "node:zlib";
import { PNG } from "pngjs";

const WHITE = { red: 255, green: 255, blue: 255 };

/**
 * The picture as pdfkit can embed it synchronously: a PNG with transparency or interlacing is flattened
 * onto white and written as an opaque, non-interlaced 8-bit PNG (colour type 2, or 0 when it was grey);
 * any other PNG, and a JPEG, comes back unchanged. Throws when a PNG cannot be decoded.
 */
export function opaquePicture(data: Buffer): Buffer {
  if (!isPng(data)) return data;
  // A template and its translations share their pictures: each is flattened once per process.
  const key = createHash("sha256").update(data).digest("hex");
  let flat = flattened.get(key);
  if (flat === undefined) {
    flat = flatten(data);
    flattened.set(key, flat);
  }
  return flat;
}

const flattened = new Map<string, Buffer>();

function flatten(data: Buffer): Buffer {
  const png = PNG.sync.read(data);
  // `alpha` is set by colour types 4 and 6 and by a tRNS chunk alike.
  if (!png.alpha && !png.interlace) return data;
  return PNG.sync.write(png, {
    colorType: png.color ? 2 : 0,
    inputColorType: 6,
    inputHasAlpha: true,
    bitDepth: 8,
    bgColor: WHITE,
    // pngjs's own default (Z_RLE) makes the bundled pictures about 5 % larger; unfiltered rows (filter
    // type 0) make them about a quarter smaller than pngjs's adaptive choice, for these flat drawings.
    deflateStrategy: constants.Z_DEFAULT_STRATEGY,
    filterType: 0,
  });
}

function isPng(data: Buffer): boolean {
  return data.length > 8 && data.readUInt32BE(0) === 0x89504e47;
}
