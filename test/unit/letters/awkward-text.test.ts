import { beforeAll, describe, expect, it } from "vitest";
import { RowError } from "../../../src/errors.js";
import { type LetterKit, loadLetterKit } from "../../../src/letters/index.js";
import { pdfLines, pdfText } from "../../helpers/pdf.js";
import { demoRows, letterFor } from "./letter-fixtures.js";

// What real rosters and real REDCap projects hand the renderer: cells with line breaks, survey
// labels and addresses far longer than the demo's.

let kit: LetterKit;
const base = demoRows()[1] ?? {};

beforeAll(async () => {
  kit = await loadLetterKit();
});

describe("line breaks inside roster cells", () => {
  it("give an address line per part, never run together", async () => {
    const pdf = await kit.renderLetter(
      letterFor({ ...base, address_1: "88 Birch Lane\nUnit 5", address_2: "" }),
    );
    const lines = (await pdfLines(pdf))[0]?.map((l) => l.text) ?? [];
    expect(lines).toContain("88 Birch Lane");
    expect(lines).toContain("Unit 5");
    expect((await pdfText(pdf)).join(" ")).not.toContain("LaneUnit");
  });

  it("become one space in running text (no box for a carriage return)", async () => {
    const pdf = await kit.renderLetter(letterFor({ ...base, first_name: "Ann\r\nMarie" }));
    const text = (await pdfText(pdf)).join(" ");
    expect(text).toContain("Ann Marie");
    expect(text).not.toMatch(/Ann\s*\r/);
  });
});

describe("combining marks", () => {
  it("a mark the base letter's font lacks is reported before any code is fetched, not printed as a box", () => {
    const problems = kit.check({ language: "en", fields: { ...base, first_name: "Lea\u0363" } });
    expect(problems).toEqual([
      'column "first_name" holds characters that the letter fonts cannot print (accent marks)',
    ]);
  });

  it("marks the font has (decomposed accents in Vietnamese names) still print", async () => {
    const name = "Nguyê\u0303n".normalize("NFD");
    expect(kit.check({ language: "en", fields: { ...base, last_name: name } })).toEqual([]);
    const pdf = await kit.renderLetter(letterFor({ ...base, last_name: name }));
    expect((await pdfText(pdf)).join(" ")).toContain("Nguyễn");
  });
});

describe("a survey panel taller than a page", () => {
  it("fails the row at once with what to change, instead of adding pages forever", async () => {
    const letter = letterFor(base);
    const [first] = letter.surveys;
    if (first === undefined) throw new Error("fixture has a survey");
    const label = `Patient-Reported Outcomes Measurement Information System (PROMIS) Global Health ${"and Quality of Life ".repeat(80)}`;
    const surveyLink = `https://redcap.${"some-very-long-university-hostname.".repeat(4)}example.edu/redcap/surveys/?s=abcdefABCDEF1234`;
    const started = Date.now();
    const error = await kit
      .renderLetter({ ...letter, surveys: [{ ...first, label, surveyLink }] })
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(RowError);
    expect((error as Error).message).toContain("a survey panel is too tall to fit");
  });
});
