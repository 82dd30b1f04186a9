// The naive client the letters-per-minute benchmark compares with, written the way the popular REDCap
// clients are used: per letter, the three survey calls one after another, no concurrency, no rate
// limit; then the letter, rendered with the same kit and written to its own file.

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LetterKit } from "../letters/index.js";
import type { LetterData } from "../types.js";
import { BENCH_INSTRUMENT, BENCH_LABEL, benchFields } from "./bench-project.js";

export interface NaiveTarget {
  readonly apiUrl: string;
  readonly token: string;
  readonly ids: readonly string[];
  /** Where the letters go. */
  readonly dir: string;
}

/** Makes letters until `durationMs` has passed (the letter under way is finished); returns how many. */
export async function naiveLetters(kit: LetterKit, target: NaiveTarget, durationMs: number): Promise<number> {
  const started = performance.now();
  let made = 0;
  while (performance.now() - started < durationMs) {
    const recordId = target.ids[made % target.ids.length] ?? "";
    const bytes = await kit.renderLetter(await naiveLetter(target, recordId));
    await writeFile(join(target.dir, `${recordId}.pdf`), bytes);
    made += 1;
  }
  return made;
}

async function naiveLetter(target: NaiveTarget, recordId: string): Promise<LetterData> {
  const accessCode = await post(target, "surveyAccessCode", recordId);
  const surveyLink = await post(target, "surveyLink", recordId);
  const returnCode = await post(target, "surveyReturnCode", recordId);
  const survey = { recordId, instrument: BENCH_INSTRUMENT, event: undefined, repeatInstance: 1 };
  return {
    recordId,
    language: undefined,
    fields: { ...benchFields(), record_id: recordId },
    surveys: [{ ...survey, label: BENCH_LABEL, surveyLink, accessCode, returnCode }],
  };
}

async function post(target: NaiveTarget, content: string, record: string): Promise<string> {
  const body = new URLSearchParams({
    token: target.token,
    content,
    format: "json",
    returnFormat: "json",
    record,
    instrument: BENCH_INSTRUMENT,
  });
  const response = await fetch(target.apiUrl, { method: "POST", body });
  const text = await response.text();
  // The status only: the body of a survey method is a code or a link.
  if (!response.ok) throw new Error(`the naive client's ${content} got HTTP ${response.status}`);
  return text.trim();
}
