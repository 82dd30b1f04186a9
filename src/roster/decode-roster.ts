import { RosterError } from "../errors.js";
import { clearWindows1252 } from "./windows-1252.js";

const SAVE_AS_UTF8 = 'Save it from your spreadsheet as "CSV UTF-8 (Comma delimited) (*.csv)" and try again.';

export type RosterEncoding = "UTF-8" | "UTF-16LE" | "UTF-16BE" | "Windows-1252";

export interface DecodedRoster {
  readonly text: string;
  readonly encoding: RosterEncoding;
}

/**
 * The roster's bytes as text: UTF-8 with or without a byte order mark, UTF-16 with one (Excel's
 * "Unicode Text"), or Windows-1252 when the bytes plainly are (see windows-1252.ts). Anything else stops
 * the run with how to save the file as UTF-8: a wrongly guessed encoding would print wrong names.
 */
export function decodeRoster(input: Buffer | string, file: string): DecodedRoster {
  if (typeof input === "string")
    return { text: input.startsWith("\uFEFF") ? input.slice(1) : input, encoding: "UTF-8" };

  const b0 = input[0];
  const b1 = input[1];
  if (b0 === 0xff && b1 === 0xfe) return { text: decodeUtf16(input.subarray(2), file), encoding: "UTF-16LE" };
  if (b0 === 0xfe && b1 === 0xff) {
    const swapped = Buffer.from(input.subarray(2));
    swapped.subarray(0, swapped.length - (swapped.length % 2)).swap16();
    return { text: decodeUtf16(swapped, file), encoding: "UTF-16BE" };
  }
  if (b0 === 0x50 && b1 === 0x4b && input[2] === 0x03 && input[3] === 0x04) {
    throw new RosterError(
      { file },
      `the file is a spreadsheet workbook (such as .xlsx), not CSV text. ${SAVE_AS_UTF8}`,
    );
  }
  if (looksLikeUtf16WithoutMark(input)) {
    throw new RosterError(
      { file },
      `the file looks like UTF-16 text (every other byte is zero), not UTF-8. ${SAVE_AS_UTF8}`,
    );
  }

  const bad = firstInvalidUtf8Byte(input);
  if (bad === undefined) return { text: new TextDecoder("utf-8").decode(input), encoding: "UTF-8" };

  const where = { file, ...positionOf(input, bad) };
  const cut = cutShortCharacter(input, bad);
  if (cut !== undefined) {
    throw new RosterError(
      where,
      `the file ends in the middle of a character: its last ${cut.have === 1 ? "byte begins" : `${cut.have} bytes begin`} ` +
        `a UTF-8 character of ${cut.need} bytes. The file was probably cut short while it was copied or downloaded; ` +
        "copy or export it again",
    );
  }
  const western = clearWindows1252(input);
  if (western !== undefined) return { text: western, encoding: "Windows-1252" };

  const byte = (input[bad] ?? 0).toString(16).toUpperCase().padStart(2, "0");
  throw new RosterError(
    where,
    `the file is not UTF-8 text: byte 0x${byte} cannot be read as UTF-8 ` +
      `(the file was probably saved as "CSV (Comma delimited)", which uses a Windows code page; which one cannot be told for sure, and a wrong guess would print wrong letters). ${SAVE_AS_UTF8}`,
  );
}

/** UTF-16 code units (little-endian) as text; a lone surrogate or an odd last byte stops the run. */
function decodeUtf16(bytes: Uint8Array, file: string): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length - (bytes.length % 2)).toString(
    "utf16le",
  );
  for (let k = 0; k < text.length; k++) {
    const unit = text.charCodeAt(k);
    const high = unit >= 0xd800 && unit <= 0xdbff;
    const low = unit >= 0xdc00 && unit <= 0xdfff;
    const next = text.charCodeAt(k + 1);
    if (high && next >= 0xdc00 && next <= 0xdfff) {
      k++;
      continue;
    }
    if (high || low) {
      throw new RosterError(
        { file, ...positionInText(text, k) },
        `the file is UTF-16 text with a broken character (half of a surrogate pair). ${SAVE_AS_UTF8}`,
      );
    }
  }
  if (bytes.length % 2 === 1) {
    throw new RosterError(
      { file, ...positionInText(text, text.length) },
      "the file ends in the middle of a character (UTF-16 text with an odd number of bytes). " +
        "The file was probably cut short while it was copied or downloaded; copy or export it again",
    );
  }
  return text;
}

/** An incomplete UTF-8 sequence that runs to the end of the file: a file cut short, not another encoding. */
function cutShortCharacter(bytes: Uint8Array, at: number): { have: number; need: number } | undefined {
  const need = sequenceLength(bytes[at] ?? 0);
  const have = bytes.length - at;
  if (need === undefined || have >= need) return undefined;
  for (let k = at + 1; k < bytes.length; k++) if (((bytes[k] ?? 0) & 0xc0) !== 0x80) return undefined;
  // A single lead byte at the very end of a file with no other non-ASCII text is as likely a
  // Windows-1252 letter (a last "é"): let the code-page check decide.
  const otherText = bytes.subarray(0, at).some((byte) => byte >= 0x80);
  return have > 1 || otherText ? { have, need } : undefined;
}

function sequenceLength(lead: number): number | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return undefined;
}

/** 1-based line and column (in characters) of a byte, counting CRLF, CR and LF as the CSV reader does. */
function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset; k++) {
    const byte = bytes[k];
    if (byte === 0x0a || (byte === 0x0d && bytes[k + 1] !== 0x0a)) {
      line++;
      lineStart = k + 1;
    }
  }
  const before = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, offset));
  return { line, column: [...before.replace(/^\uFEFF/, "")].length + 1 };
}

function positionInText(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: [...(lines.at(-1) ?? "")].length + 1 };
}

function looksLikeUtf16WithoutMark(input: Buffer): boolean {
  const sample = input.subarray(0, 64);
  if (sample.length < 4) return false;
  let zeros = 0;
  for (const byte of sample) if (byte === 0) zeros++;
  return zeros * 3 >= sample.length;
}

/** Offset of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629), if any. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // [number of continuation bytes, allowed range of the first one]
    let spec: [number, number, number] | undefined;
    if (lead >= 0xc2 && lead <= 0xdf) spec = [1, 0x80, 0xbf];
    else if (lead === 0xe0) spec = [2, 0xa0, 0xbf];
    else if (lead === 0xed) spec = [2, 0x80, 0x9f];
    else if (lead >= 0xe1 && lead <= 0xef) spec = [2, 0x80, 0xbf];
    else if (lead === 0xf0) spec = [3, 0x90, 0xbf];
    else if (lead >= 0xf1 && lead <= 0xf3) spec = [3, 0x80, 0xbf];
    else if (lead === 0xf4) spec = [3, 0x80, 0x8f];
    if (spec === undefined) return i;
    const [count, min, max] = spec;
    for (let k = 1; k <= count; k++) {
      const next = bytes[i + k];
      const [lo, hi] = k === 1 ? [min, max] : [0x80, 0xbf];
      if (next === undefined || next < lo || next > hi) return i;
    }
    i += count + 1;
  }
  return undefined;
}
