import { crc32, deflateSync } from "node:zlib";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATE } from "../../../src/letters/index.js";
import { loadTemplateSet } from "../../../src/letters/template/load.js";
import { opaquePicture } from "../../../src/letters/template/opaque-png.js";

/** A PNG written by pngjs from RGBA pixels (one [r, g, b, a] per pixel, row by row). */
function png(
  width: number,
  pixels: readonly (readonly number[])[],
  options: { colorType: 0 | 2 | 4 | 6; bitDepth?: 8 | 16 },
): Buffer {
  const image = new PNG({ width, height: pixels.length / width });
  if (options.bitDepth === 16) {
    // pngjs takes 16-bit samples in the machine's byte order.
    image.data = Buffer.from(new Uint16Array(pixels.flat().map((v) => v * 257)).buffer);
  } else {
    image.data = Buffer.from(pixels.flat());
  }
  return PNG.sync.write(image, {
    colorType: options.colorType,
    inputColorType: 6,
    bitDepth: options.bitDepth ?? 8,
  });
}

/** A PNG from its chunks as they are: palette and interlaced pictures, which pngjs does not write. */
function rawPng(ihdr: Buffer, ...chunks: [string, Buffer][]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    ...chunks.map(([type, data]) => chunk(type, data)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function ihdr(width: number, height: number, depth: number, colorType: number, interlace = 0): Buffer {
  const b = Buffer.alloc(13);
  b.writeUInt32BE(width, 0);
  b.writeUInt32BE(height, 4);
  b.set([depth, colorType, 0, 0, interlace], 8);
  return b;
}

/** What a PNG holds: its header's colour type and interlacing, and its pixels as [r, g, b, a]. */
function decode(data: Buffer) {
  const image = PNG.sync.read(data);
  const pixels: number[][] = [];
  for (let i = 0; i < image.data.length; i += 4) pixels.push([...image.data.subarray(i, i + 4)]);
  return { colorType: data[25], interlaced: data[28] === 1, alpha: image.alpha, pixels };
}

const RED = [255, 0, 0];
const HALF_RED = [255, 0, 0, 128];
// Red at alpha 128/255 over white: 255·(127/255) + 0·(128/255) = 127 in green and blue.
const RED_ON_WHITE = [255, 127, 127, 255];

describe("a picture with transparency is flattened onto white", () => {
  it("half-transparent red becomes opaque pink; clear becomes white; opaque stays as it was", () => {
    const input = png(
      3,
      [HALF_RED, HALF_RED, [0, 0, 255, 0], [0, 128, 0, 255], HALF_RED, [10, 20, 30, 255]],
      { colorType: 6 },
    );
    const out = decode(opaquePicture(input));
    expect(out.colorType).toBe(2);
    expect(out.alpha).toBe(false);
    expect(out.pixels).toEqual([
      RED_ON_WHITE,
      RED_ON_WHITE,
      [255, 255, 255, 255],
      [0, 128, 0, 255],
      RED_ON_WHITE,
      [10, 20, 30, 255],
    ]);
  });

  it("a 16-bit picture with alpha comes out 8-bit and opaque", () => {
    const out = decode(opaquePicture(png(2, [HALF_RED, [0, 0, 0, 255]], { colorType: 6, bitDepth: 16 })));
    expect(out.colorType).toBe(2);
    expect(out.pixels).toEqual([RED_ON_WHITE, [0, 0, 0, 255]]);
  });

  it("grey with alpha comes out grey (colour type 0)", () => {
    const out = decode(
      opaquePicture(
        png(
          2,
          [
            [0, 0, 0, 128],
            [200, 200, 200, 255],
          ],
          { colorType: 4 },
        ),
      ),
    );
    expect(out.colorType).toBe(0);
    expect(out.pixels).toEqual([
      [127, 127, 127, 255],
      [200, 200, 200, 255],
    ]);
  });

  it("a palette picture with a tRNS chunk comes out opaque colour", () => {
    const palette = Buffer.from([...RED, 0, 0, 255]);
    const input = rawPng(
      ihdr(2, 1, 8, 3),
      ["PLTE", palette],
      ["tRNS", Buffer.from([128])],
      ["IDAT", deflateSync(Buffer.from([0, 0, 1]))],
    );
    const out = decode(opaquePicture(input));
    expect(out.colorType).toBe(2);
    expect(out.pixels).toEqual([RED_ON_WHITE, [0, 0, 255, 255]]);
  });

  it("an interlaced picture comes out not interlaced, the same colours", () => {
    // One pixel: only Adam7's first pass has it.
    const input = rawPng(ihdr(1, 1, 8, 2, 1), ["IDAT", deflateSync(Buffer.from([0, 10, 20, 30]))]);
    expect(decode(input).interlaced).toBe(true);
    const out = decode(opaquePicture(input));
    expect(out.interlaced).toBe(false);
    expect(out.pixels).toEqual([[10, 20, 30, 255]]);
  });
});

describe("a picture pdfkit embeds as it is comes back unchanged", () => {
  it.each([
    [
      "colour",
      png(
        2,
        [
          [...RED, 255],
          [0, 0, 255, 255],
        ],
        { colorType: 2 },
      ),
    ],
    [
      "grey",
      png(
        2,
        [
          [9, 9, 9, 255],
          [90, 90, 90, 255],
        ],
        { colorType: 0 },
      ),
    ],
    [
      "palette without tRNS",
      rawPng(ihdr(1, 1, 8, 3), ["PLTE", Buffer.from(RED)], ["IDAT", deflateSync(Buffer.from([0, 0]))]),
    ],
    // A JPEG's start and frame header (2 × 1 pixels): JPEGs are never decoded.
    ["JPEG", Buffer.from("ffd8ffc0000b080001000201011100ffd9", "hex")],
  ])("%s", (_kind, input) => {
    expect(opaquePicture(input)).toBe(input);
  });
});

it("the bundled template's logo and signature (RGBA) load opaque", async () => {
  const { base } = await loadTemplateSet(DEFAULT_TEMPLATE);
  for (const picture of [base.letterhead, base.signature]) {
    if (picture.data === undefined) throw new Error("the bundled template has both pictures");
    expect(decode(picture.data)).toMatchObject({ colorType: 2, alpha: false, interlaced: false });
  }
});
