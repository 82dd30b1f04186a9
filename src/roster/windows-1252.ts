// Excel's plain "CSV (Comma delimited)" writes the computer's Windows code page, not UTF-8. In the
// Americas and Western Europe that is Windows-1252, but the same bytes are other letters in the
// Central European page (1250: ø is ř, è is č, ñ is ń), in Mac Roman (Ž is é) and in the multi-byte
// pages of East Asia. A wrong guess prints a wrong name on a letter, so the bytes are read as
// Windows-1252 only when the text they make is plainly Western European; anything else is refused
// with how to re-save the file.

// 0x80–0x9F, where Windows-1252 differs from Latin-1 (undefined bytes stay undefined).
const HIGH: readonly (string | undefined)[] = [
  "€",
  undefined,
  "‚",
  "ƒ",
  "„",
  "…",
  "†",
  "‡",
  "ˆ",
  "‰",
  "Š",
  "‹",
  "Œ",
  undefined,
  "Ž",
  undefined,
  undefined,
  "‘",
  "’",
  "“",
  "”",
  "•",
  "–",
  "—",
  "˜",
  "™",
  "š",
  "›",
  "œ",
  undefined,
  "ž",
  "Ÿ",
];

/** The character Windows-1252 gives a byte; undefined for the five bytes it leaves undefined. */
export function windows1252Char(byte: number): string | undefined {
  if (byte >= 0x80 && byte <= 0x9f) return HIGH[byte - 0x80];
  return String.fromCharCode(byte);
}

// The letters each language writes (lowercase); a word's accented letters must all come from one.
const LANGUAGE_LETTERS: readonly string[] = [
  "áéíóúüñ", // Spanish
  "áâãàçéêíóôõúü", // Portuguese
  "àâæçéèêëîïôœùûüÿ", // French
  "äöüß", // German
  "àèéìíîòóùú", // Italian
  "àçèéíïòóúü", // Catalan
  "áéëïóöüè", // Dutch
  "æøåé", // Danish, Norwegian
  "åäöé", // Swedish, Finnish
  "áðéíóúýþæö", // Icelandic
  "áéíóú", // Irish
  "šž", // loanwords and names (Šimić in a Western roster is written in Windows-1252 too)
];

// Letters whose byte is another letter in Central European (Windows-1250) text, placed where no
// Western language puts them, so a word like that is the other letter: Spanish ñ comes before a vowel
// (Polish ń: Gdańsk); Portuguese ã before o, e, s or last (Romanian ă: Bălan) and õ before e (ões;
// Hungarian ő: Győr, Erdős); French è before a consonant or last (Czech č: Kučera); Italian ì last
// (Czech ě: Němcová); French ï after a vowel (Slovak ď: Ďurica); French œ before u, i or e (Polish ś:
// Wiśniewski); Danish æ not last (Croatian ć: Babić); French û before t, r, l or last (Hungarian ű: Szűcs);
// Icelandic ð not first (Croatian đ: Đurić).
const UNWESTERN: readonly RegExp[] = [
  /ñ(?![aeiouáéíóú])/iu,
  /ã(?![oes]|$)/iu,
  /õ(?!e)/iu,
  /è(?=[aeiouáéíóúy])/iu,
  /ì(?!$)/iu,
  /(?<![aeiouéy])ï/iu,
  /œ(?![uie])/iu,
  /æ$/iu,
  /û(?![trl]|$)/iu,
  /^ð/iu,
];

// Typographic marks Excel keeps from autocorrect, and the signs of Spanish and Portuguese addresses.
const MARKS = new Set(["’", "‘", "“", "”", "–", "—", "…", "€", "\u00A0", "°", "º", "ª"]);

/**
 * The text the bytes make in Windows-1252 when the evidence that they are Windows-1252 is clear;
 * undefined when it is not (the caller refuses the file).
 */
export function clearWindows1252(bytes: Uint8Array): string | undefined {
  // Latin-1 is Windows-1252 but for 0x80–0x9F; decode in one go (a roster can be megabytes), then
  // put Windows-1252's characters in those places.
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
  if (latin1.includes("\u0000")) return undefined;
  let undefinedByte = false;
  const text = latin1.replace(/[\u0080-\u009F]/g, (c) => {
    const char = windows1252Char(c.charCodeAt(0));
    if (char === undefined) undefinedByte = true;
    return char ?? "";
  });
  return !undefinedByte && plainlyWestern(text) ? text : undefined;
}

function plainlyWestern(text: string): boolean {
  // Three accented characters in a row are not in any Western word, but are how East Asian double-byte
  // text looks when read one byte at a time.
  if (/[\u0080-\uFFFF]{3}/.test(text)) return false;
  // Only the words with a character beyond ASCII need a look (most of a roster is ASCII).
  for (const [word] of text.matchAll(/[\p{L}\u2019]*[\u0080-\uFFFF][\p{L}\u2019]*/gu)) {
    if (!wordIsPlausible(word)) return false;
  }
  for (const [char] of text.matchAll(/[\u0080-\uFFFF]/g)) {
    if (!isLetter(char) && !MARKS.has(char)) return false;
  }
  // A dash joining two letters (Mac Roman's ñ, ó) is not how Western text is written.
  return !/\p{L}[–—]\p{L}/u.test(text);
}

function isLetter(char: string): boolean {
  return /\p{L}/u.test(char);
}

function wordIsPlausible(word: string): boolean {
  const chars = [...word];
  for (let k = 1; k < chars.length; k++) {
    const char = chars[k] ?? "";
    // An accented capital right after a small letter: "JosŽ" is Mac Roman's José.
    if (char.charCodeAt(0) >= 0x80 && isUpper(char) && isLower(chars[k - 1] ?? "")) return false;
  }
  const letters = new Set(
    chars.filter((c) => c.charCodeAt(0) >= 0x80 && isLetter(c) && !MARKS.has(c)).map((c) => c.toLowerCase()),
  );
  if (!LANGUAGE_LETTERS.some((set) => [...letters].every((c) => set.includes(c)))) return false;
  if (UNWESTERN.some((pattern) => pattern.test(word))) return false;
  return word.split("\u2019").every((part, k, parts) => k === 0 || apostropheFits(parts[k - 1] ?? "", part));
}

/**
 * ’ inside a word is an elision (d’Orléans, l’Église, qu’il), a contraction (don’t, Ann’s) or a name
 * (O’Brien); before any other small letter it is Mac Roman's í ("Mar’a").
 */
function apostropheFits(before: string, after: string): boolean {
  if (before === "" || after === "" || !isLower(after[0] ?? "")) return true;
  return /^(\p{L}|qu)$/iu.test(before) || /^(s|t|d|m|ll|re|ve)$/.test(after);
}

function isUpper(char: string): boolean {
  return char !== char.toLowerCase();
}

function isLower(char: string): boolean {
  return char !== char.toUpperCase();
}
