import type { LetterData } from "../types.js";
import { templateColumns } from "./template/columns.js";
import type { LetterTemplate } from "./template/load.js";

/** A made-up packet that exercises every part of a template: used to verify it before a run. */
export function sampleLetter(template: LetterTemplate, language: string | undefined): LetterData {
  const fields = Object.fromEntries(templateColumns(template).all.map((c) => [c, "Sample"]));
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
  return {
    recordId: "sample",
    language,
    fields,
    surveys: [survey(1), survey(2)],
    projectTitle: "Sample Project",
  };
}
