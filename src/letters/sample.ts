import type { LetterData } from "../types.js";
import type { LoadedTemplate } from "./template.js";

/** A made-up packet that exercises every part of a template: used to verify it before a run. */
export function sampleLetter(loaded: LoadedTemplate, language: string | undefined): LetterData {
  const fields = Object.fromEntries(loaded.columns.map((c) => [c, "Sample"]));
  const survey = (n: number) => ({
    recordId: "sample",
    instrument: `sample_${n}`,
    event: undefined,
    repeatInstance: 1,
    label: `Sample Survey ${n}`,
    surveyLink: `https://redcap.example.edu/surveys/?s=SAMPLE${n}XYZ`,
    accessCode: "WXY3479MN",
    returnCode: "ACDEFH78",
  });
  return { recordId: "sample", language, fields, surveys: [survey(1), survey(2)] };
}
