// Letters for the render benchmarks: names in several scripts, codes of the real lengths, made up in
// the process (no simulator, no network), the same on every run.

import type { LetterData } from "../types.js";

const ALPHABET = "34789ACDEFHJKLMNPRTWXY";
const NAMES = [
  ["Maria", "Hernández López"],
  ["Nguyễn Thị", "Minh Khai"],
  ["Γιώργος", "Παπαδόπουλος"],
  ["Анна", "Иванова"],
  ["James", "O'Connor"],
] as const;

function code(n: number, length: number): string {
  let s = n * 2654435761;
  let out = "";
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out += ALPHABET[s % ALPHABET.length];
  }
  return out;
}

export function sampleLetter(i: number): LetterData {
  const [first, last] = NAMES[i % NAMES.length] ?? NAMES[0];
  const recordId = String(i).padStart(4, "0");
  return {
    recordId,
    language: undefined,
    fields: {
      first_name: first,
      last_name: last,
      address_1: `${100 + i} Main Street`,
      address_2: "",
      city: "Springfield",
      state: "IL",
      postal_code: "62701",
    },
    surveys: [
      {
        recordId,
        instrument: "baseline",
        event: undefined,
        repeatInstance: 1,
        label: "Baseline Survey",
        surveyLink: `https://redcap.example.edu/surveys/?s=${code(i, 10)}`,
        accessCode: code(i + 1e6, 9),
        returnCode: code(i + 2e6, 8),
      },
    ],
  };
}

export function sampleLetters(count: number): LetterData[] {
  return Array.from({ length: count }, (_, i) => sampleLetter(i));
}
