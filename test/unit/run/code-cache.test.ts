import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { codeSourceOf, codesFileOf, readCodes, writeCodes } from "../../../src/run/folder/code-cache.js";
import { RunFolder } from "../../../src/run/folder/run-folder.js";
import type { SurveyCodes, SurveyRef } from "../../../src/types.js";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "rp-codes-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const SOURCE = codeSourceOf("https://redcap.example.edu/api/", 17);
const LETTER = "letters/0042--baseline_survey--follow_up.pdf";
const ref = (instrument: string, event?: string): SurveyRef => ({
  recordId: "0042",
  instrument,
  event,
  repeatInstance: 1,
});
const codes = (n: number): SurveyCodes => ({
  accessCode: ["WXY3479MN", "ACDEFH789"][n] ?? "WXY3479MN",
  surveyLink: `https://redcap.example.edu/surveys/?s=ABCDEF${n}XY`,
  returnCode: ["ACDEFH78", "3479MNPR"][n] ?? "ACDEFH78",
});

describe("the run folder's code cache", () => {
  it("gives back what it kept, per survey, privately", async () => {
    await writeCodes(folder, LETTER, SOURCE, [
      { ...ref("baseline_survey"), ...codes(0) },
      { ...ref("follow_up"), ...codes(1) },
    ]);
    expect(
      await readCodes(folder, LETTER, SOURCE, [ref("follow_up"), ref("baseline_survey"), ref("other")]),
    ).toEqual([codes(1), codes(0), undefined]);
    expect(codesFileOf(LETTER)).toBe(join("codes", "0042--baseline_survey--follow_up.json"));
    expect((await stat(join(folder, "codes"))).mode & 0o777).toBe(0o700);
    expect((await stat(join(folder, codesFileOf(LETTER)))).mode & 0o777).toBe(0o600);
  });

  it("never uses codes kept from another server or project", async () => {
    await writeCodes(folder, LETTER, codeSourceOf("http://127.0.0.1:8080/api/", 17), [
      { ...ref("baseline_survey"), ...codes(0) },
    ]);
    expect(await readCodes(folder, LETTER, SOURCE, [ref("baseline_survey")])).toEqual([undefined]);
    const other = codeSourceOf("https://redcap.example.edu/api/", 18);
    expect(await readCodes(folder, LETTER, other, [ref("baseline_survey")])).toEqual([undefined]);
  });

  it("treats a damaged or tampered file as nothing kept, so the codes are asked for again", async () => {
    await writeCodes(folder, LETTER, SOURCE, [{ ...ref("baseline_survey"), ...codes(0) }]);
    const file = join(folder, codesFileOf(LETTER));
    const good = await readFile(file, "utf8");
    for (const bad of [
      good.slice(0, good.length / 2),
      good.replace("WXY3479MN", "WXY3479M"),
      good.replace("ACDEFH78", "acdefh7O"),
      good.replace("/surveys/?s=", "/login/?s="),
      good.replace('"version": 1', '"version": 2'),
      "",
    ]) {
      await writeFile(file, bad);
      expect(await readCodes(folder, LETTER, SOURCE, [ref("baseline_survey")])).toEqual([undefined]);
    }
  });

  it("says whether every code of every letter is kept", async () => {
    const letters = [
      { file: LETTER, recordId: "0042", surveys: [ref("baseline_survey")] },
      { file: "letters/0043--baseline_survey.pdf", recordId: "0043", surveys: [ref("baseline_survey")] },
    ];
    expect(await new RunFolder(folder).keepsAllCodes(letters, SOURCE)).toBe(false);
    await writeCodes(folder, LETTER, SOURCE, [{ ...ref("baseline_survey"), ...codes(0) }]);
    expect(await new RunFolder(folder).keepsAllCodes(letters, SOURCE)).toBe(false);
    await writeCodes(folder, "letters/0043--baseline_survey.pdf", SOURCE, [
      { ...ref("baseline_survey"), recordId: "0043", ...codes(1) },
    ]);
    expect(await new RunFolder(folder).keepsAllCodes(letters, SOURCE)).toBe(true);
  });
});

describe("the folder's listings of letters and kept codes", () => {
  it("names each letter file, and each letter whose codes file is there, from one listing each", async () => {
    const run = new RunFolder(folder);
    expect(await run.letterFiles()).toEqual(new Set());
    expect(await run.lettersWithCodes()).toEqual(new Set());
    await run.lock({ pid: process.pid, isAlive: () => true }).then((lock) => lock.release());
    await run.writeLetter(LETTER, new Uint8Array([37, 80, 68, 70]), new Date());
    await run.keepCodes("letters/0007--baseline_survey.pdf", SOURCE, [
      { ...ref("baseline_survey"), ...codes(0) },
    ]);
    expect(await run.letterFiles()).toEqual(new Set([LETTER]));
    expect(await run.lettersWithCodes()).toEqual(new Set(["letters/0007--baseline_survey.pdf"]));
  });
});
