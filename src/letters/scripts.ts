// pdfkit lays text out left to right with no bidi and no complex shaping: text in these scripts would print
// reversed or with broken letter forms, so rows that carry it must fail instead.

const COMPLEX_SCRIPTS = [
  "Arabic",
  "Hebrew",
  "Syriac",
  "Thaana",
  "Nko",
  "Samaritan",
  "Mandaic",
  "Devanagari",
  "Bengali",
  "Gurmukhi",
  "Gujarati",
  "Oriya",
  "Tamil",
  "Telugu",
  "Kannada",
  "Malayalam",
  "Sinhala",
  "Thai",
  "Lao",
  "Tibetan",
  "Myanmar",
  "Khmer",
  "Mongolian",
  "Javanese",
  "Balinese",
] as const;

const SCRIPT_TESTS = COMPLEX_SCRIPTS.map((name) => ({ name, re: new RegExp(`\\p{Script=${name}}`, "u") }));

/** Bidi controls and marks: they ask for reordering pdfkit cannot do. */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Names of the scripts in `text` that this renderer cannot lay out (right-to-left or needing shaping). */
export function complexScripts(text: string): string[] {
  const found: string[] = SCRIPT_TESTS.filter((s) => s.re.test(text)).map((s) => s.name);
  if (found.length === 0 && BIDI_CONTROLS.test(text)) found.push("right-to-left (bidi control characters)");
  return found;
}

const SCRIPT_NAMES = [
  "Latin",
  "Greek",
  "Cyrillic",
  "Han",
  "Hiragana",
  "Katakana",
  "Hangul",
  "Armenian",
  "Georgian",
  "Cherokee",
  "Ethiopic",
  "Canadian_Aboriginal",
  "Yi",
  "Vai",
  "Tifinagh",
  "Coptic",
  "Glagolitic",
  "Runic",
  "Ogham",
];
const NAMED = SCRIPT_NAMES.map((name) => ({ name, re: new RegExp(`\\p{Script=${name}}`, "u") }));

/**
 * The script of one character, for messages that must not quote the text itself. Never a code
 * point: a list of code points spells the name out as surely as the name does.
 */
export function scriptOf(char: string): string {
  for (const s of [...SCRIPT_TESTS, ...NAMED]) if (s.re.test(char)) return s.name.replace(/_/g, " ");
  if (/\p{Extended_Pictographic}/u.test(char)) return "emoji";
  if (/\p{M}/u.test(char)) return "accent marks";
  if (/\p{S}/u.test(char)) return "symbols";
  return "characters of another script";
}
