import { RosterError } from "../errors.js";

const SAVE_AS_UTF8 = 'Save it from your spreadsheet as "CSV UTF-8 (Comma delimited) (*.csv)" and try again.';

/** The roster's bytes as text: UTF-8, with or without a byte order mark. Anything else stops the run. */
export function decodeRoster(input: Buffer | string, file: string): string {
  if (typeof input === "string") return input.startsWith("\uFEFF") ? input.slice(1) : input;

  const b0 = input[0];
  const b1 = input[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    throw new RosterError(
      { file },
      `the file is UTF-16 text (it starts with a UTF-16 byte order mark), not UTF-8. ${SAVE_AS_UTF8}`,
    );
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
  if (bad !== undefined) {
    let line = 1;
    for (let k = 0; k < bad; k++) if (input[k] === 0x0a) line++;
    const byte = (input[bad] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    throw new RosterError(
      { file, line },
      `the file is not UTF-8 text: byte 0x${byte} cannot be read as UTF-8 ` +
        `(the file was probably saved as "CSV (Comma delimited)", which uses a Windows code page). ${SAVE_AS_UTF8}`,
    );
  }
  // The decoder drops a leading UTF-8 byte order mark.
  return new TextDecoder("utf-8").decode(input);
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
