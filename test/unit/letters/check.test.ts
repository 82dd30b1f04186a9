import { beforeAll, describe, expect, it } from "vitest";
import { RowError } from "../../../src/errors.js";
import { type LetterKit, loadLetterKit } from "../../../src/letters/index.js";
import { demoRows, letterFor } from "./letter-fixtures.js";

let kit: LetterKit;
const base = demoRows()[1] ?? {};

beforeAll(async () => {
  kit = await loadLetterKit();
});

describe("kit.check: row problems found before any code is fetched", () => {
  it("accepts every demo row", () => {
    for (const row of demoRows()) expect(kit.check({ language: row.language, fields: row })).toEqual([]);
  });

  it.each([
    ["Devanagari", "राम"],
    ["Thai", "สมชาย"],
    ["Syriac", "ܫܠܡܐ"],
  ])("names the column and the script for %s, never the value", (script, name) => {
    const problems = kit.check({ language: "en", fields: { ...base, last_name: name } });
    expect(problems).toEqual([
      `column "last_name" is written in ${script} script, which the letters cannot print correctly (no right-to-left or complex shaping): use a transliteration or print this letter by hand`,
    ]);
    expect(problems.join("")).not.toContain(name);
  });

  it.each([
    ["Arabic", "سارة أحمد"],
    ["Hebrew", "דוד לוי"],
    ["Korean", "김민준"],
  ])("accepts a name in %s (shaped, and right to left where the script is)", (_script, name) => {
    expect(kit.check({ language: "en", fields: { ...base, last_name: name } })).toEqual([]);
  });

  it("refuses a bidi override, without quoting the name", () => {
    const problems = kit.check({ language: "en", fields: { ...base, last_name: "\u202eسارة\u202c" } });
    expect(problems).toEqual([
      'column "last_name" holds a bidi override character (an invisible mark that forces letters to read in the other direction), which the letters cannot print faithfully: remove it from the roster',
    ]);
  });

  it.each([
    ["ᏣᎳᎩ", "Cherokee"],
    ["Minh 🌸 Khai", "emoji"],
    ["Ana 𝄞", "symbols"],
  ])("reports characters no font has (%s) by kind, never by code point", (name, kind) => {
    const problems = kit.check({ language: "en", fields: { ...base, first_name: name } });
    expect(problems).toEqual([
      `column "first_name" holds characters that the letter fonts cannot print (${kind})`,
    ]);
  });

  it("reports every missing required value", () => {
    const problems = kit.check({ language: undefined, fields: { ...base, city: "", postal_code: " " } });
    expect(problems).toEqual([
      'column "city" has no value, and the letter template needs it',
      'column "postal_code" has no value, and the letter template needs it',
    ]);
  });

  it("does not require optional columns (address_2)", () => {
    const { address_2: _dropped, ...fields } = base;
    expect(kit.check({ language: "en", fields })).toEqual([]);
  });

  it("remembers a row that passed only for the language it passed in", () => {
    const fields = { ...base };
    expect(kit.check({ language: "en", fields })).toEqual([]);
    // The same values in a language with no template: the earlier verdict does not carry over.
    const problems = kit.check({ language: "zz", fields });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('no letter template is in language "zz"');
    expect(kit.check({ language: "en", fields })).toEqual([]);
  });

  it("renderLetter fails such a row with a RowError that does not quote the name", async () => {
    const data = letterFor({ ...base, first_name: "सीता" });
    const error = await kit.renderLetter(data).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RowError);
    expect((error as Error).message).toContain('column "first_name" is written in Devanagari script');
    expect((error as Error).message).not.toContain("सीता");
  });

  it("fails a survey label it cannot print", async () => {
    const data = letterFor(base);
    const survey = data.surveys[0];
    if (survey === undefined) throw new Error("no survey");
    const error = await kit
      .renderLetter({ ...data, surveys: [{ ...survey, label: "सर्वेक्षण" }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RowError);
    expect((error as Error).message).toBe(`The label of survey 1 ${DEVANAGARI_LABEL}`);
    expect((error as Error).message).not.toContain("सर्वेक्षण");
  });
});

const DEVANAGARI_LABEL =
  "is written in Devanagari script, which the letters cannot print correctly (no right-to-left or complex shaping): rename the instrument in REDCap (Online Designer) to a label the letters can print, such as a transliteration";

describe("kit.labelProblem: a survey label checked once per instrument, before any code is fetched", () => {
  it.each([
    ["सर्वेक्षण", DEVANAGARI_LABEL],
    [
      "ᏣᎳᎩ Survey",
      "holds characters that the letter fonts cannot print (Cherokee): rename the instrument in REDCap (Online Designer) to a label the letters can print, such as a transliteration",
    ],
  ])("says why %s cannot be printed, and what to change in REDCap, never quoting it", (label, expected) => {
    const problem = kit.labelProblem(label);
    expect(problem).toBe(expected);
    expect(problem).not.toContain(label);
    expect(problem).not.toContain("by hand");
  });

  it.each(["Baseline Survey", "Encuesta de seguimiento", "基线调查", "Ζωή", "استبيان", "סקר", "설문"])(
    "accepts %s",
    (label) => {
      expect(kit.labelProblem(label)).toBeUndefined();
    },
  );
});
