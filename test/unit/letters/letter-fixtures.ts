// Demo-like letters with distinct codes per participant, so a renderer that repeats one QR fails.

import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { resumeUrl } from "../../../src/links.js";
import { packagePath } from "../../../src/paths.js";
import type { LetterData, LetterSurvey } from "../../../src/types.js";

const ALPHABET = "34789ACDEFHJKLMNPRTWXY";

function code(seed: number, length: number): string {
  let s = seed * 7919 + 104729;
  let out = "";
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out += ALPHABET[s % ALPHABET.length];
  }
  return out;
}

export function survey(recordId: string, n: number, instrument = "baseline_survey"): LetterSurvey {
  const seed = Number.parseInt(recordId, 10) * 10 + n;
  return {
    recordId,
    instrument,
    event: undefined,
    repeatInstance: 1,
    label: n === 0 ? "Baseline Survey" : `Follow-up Survey ${n}`,
    surveyLink: `https://redcap.example.edu/surveys/?s=${code(seed, 10)}`,
    accessCode: code(seed + 5000, 9),
    returnCode: code(seed + 9000, 8),
  };
}

export function demoRows(): Record<string, string>[] {
  return parse(readFileSync(packagePath("fixtures", "demo-roster.csv")), { columns: true }) as Record<
    string,
    string
  >[];
}

export function letterFor(fields: Record<string, string>, surveys = 1): LetterData {
  const recordId = fields.record_id ?? "1";
  return {
    recordId,
    language: fields.language === "" ? undefined : fields.language,
    fields,
    surveys: Array.from({ length: surveys }, (_, n) => survey(recordId, n, `survey_${n}`)),
  };
}

export function expectedQr(s: LetterSurvey): string {
  return resumeUrl(s.surveyLink, s.returnCode);
}

/** A name as the bundled templates print it: Chinese, Japanese and Korean names family first, together. */
export function printedName(first: string, last: string): string {
  const cjk = /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]+$/u;
  return (cjk.test(first) && cjk.test(last) ? `${last}${first}` : `${first} ${last}`).normalize("NFC");
}
