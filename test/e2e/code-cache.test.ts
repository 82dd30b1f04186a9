import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packagePath } from "../../src/paths.js";
import {
  baselineResume,
  type Demo,
  generateRoster,
  LETTER_QR_DPI,
  PRINT_QR_DPI,
  startDemo,
} from "../helpers/demo.js";
import { pdfQrCodes, pdfText } from "../helpers/pdf.js";
import { printedQrCodes } from "../helpers/printed.js";
import { runBuiltCli, tempDir } from "../helpers/run-cli.js";

// The run folder keeps the codes it fetched: a letter made again (a fixed template, a lost letter)
// costs no survey request, and a rehearsal's codes never reach a real mailing.

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  await demo.sim.close();
});

const SURVEY_METHODS = ["surveyAccessCode", "surveyLink", "surveyReturnCode", "participantList"];
const surveyRequests = () => SURVEY_METHODS.reduce((n, m) => n + demo.sim.stats.count(m), 0);

async function generate(roster: string, out: string, extra: string[] = [], exitCode = 0) {
  const before = surveyRequests();
  const result = await generateRoster(demo, roster, out, extra);
  expect(result.code, result.stderr).toBe(exitCode);
  return surveyRequests() - before;
}

const textOf = async (out: string, id: string) =>
  (await pdfText(await readFile(join(out, "letters", `${id}--baseline_survey.pdf`)))).join("\n");

describe("codes kept in the run folder", () => {
  it("a rerender with a fixed template and a forced replacement ask REDCap for no code, and print the kept codes", async () => {
    const dir = await tempDir("code-cache");
    const roster = join(dir, "roster.csv");
    const demoRoster = (await readFile(packagePath("fixtures", "demo-roster.csv"), "utf8")).split("\n");
    // Three demo rows, and a record REDCap does not have (its row fails, no letter).
    await writeFile(
      roster,
      `${demoRoster.slice(0, 4).join("\n")}\n9999,No,One,1 Main St,Miami,FL,33135,en\n`,
    );
    const out = join(dir, "run");
    const seen = new Set<string>();
    const resume = (ids: string[]) => ids.map((id) => baselineResume(demo, id));

    // One probe of the survey, its participant list (no demo row has an identifier or email), 3 × 3.
    expect(await generate(roster, out, [], 1)).toBe(1 + 1 + 3 * 3);
    expect((await readdir(join(out, "codes"))).sort()).toEqual([
      "0001--baseline_survey.json",
      "0002--baseline_survey.json",
      "0003--baseline_survey.json",
      "project.json",
    ]);
    expect(await printedQrCodes(out, { dpi: PRINT_QR_DPI, seen })).toEqual([
      resume(["0001", "0002", "0003"]),
    ]);

    // The coordinator fixes the template before mailing: every letter again, first letters, no request.
    const template = join(dir, "template");
    await mkdir(template);
    for (const name of ["letter.md", "letter.es.md", "sample-logo.png", "sample-signature.png"]) {
      await copyFile(packagePath("templates", name), join(template, name));
    }
    const english = join(template, "letter.md");
    await writeFile(english, (await readFile(english, "utf8")).replace("Thank you,", "With our thanks,"));
    // The roster has gained a row since: a rerender leaves it for a plain run (it would need codes).
    const grown = join(dir, "grown.csv");
    await writeFile(grown, `${(await readFile(roster, "utf8")).trimEnd()}\n${demoRoster[4]}\n`);
    expect(await generate(grown, out, ["--rerender", "--template", english], 1)).toBe(0);
    expect(await readFile(join(out, "manifest.csv"), "utf8")).toContain(
      "no letter was made for this row before: --rerender remakes letters only",
    );
    const rerendered = await textOf(out, "0002");
    expect(rerendered).toContain("With our thanks,");
    expect(rerendered).not.toContain("replaces one we sent earlier");
    // Its print file is drawn from the kept codes: REDCap's, each participant's own.
    expect(await printedQrCodes(out, { dpi: PRINT_QR_DPI, seen })).toEqual([
      resume(["0001", "0002", "0003"]),
    ]);
    expect(
      (
        await pdfQrCodes(await readFile(join(out, "letters", "0002--baseline_survey.pdf")), LETTER_QR_DPI)
      ).flat(),
    ).toEqual([baselineResume(demo, "0002")]);

    // A lost letter replaced: no request, and it says so. The kept codes are what it prints: with
    // other (well-formed) codes put in the cache, the letter carries those.
    const kept = join(out, "codes", "0003--baseline_survey.json");
    const real = await readFile(kept, "utf8");
    const planted = JSON.parse(real) as { surveys: { return_code: string }[] };
    for (const s of planted.surveys) s.return_code = "WXYWXYWX";
    await writeFile(kept, JSON.stringify(planted));
    const qr0003 = async () =>
      (
        await pdfQrCodes(await readFile(join(out, "letters", "0003--baseline_survey.pdf")), LETTER_QR_DPI)
      ).flat();
    // (Exit 0: --records leaves out the row of record 9999, which fails whenever it is made.)
    expect(await generate(roster, out, ["--records", "0003", "--force"])).toBe(0);
    expect(await textOf(out, "0003")).toContain("This letter replaces one we sent earlier");
    const plantedUrl = baselineResume(demo, "0003").replace(/rc=\w+$/, "rc=WXYWXYWX");
    expect(await qr0003()).toEqual([plantedUrl]);
    expect(await printedQrCodes(out, { dpi: PRINT_QR_DPI, seen })).toEqual([[plantedUrl]]);

    // Asked for explicitly, the codes are fetched again: the probe, the participant list and the three
    // survey calls, and the letter and the cache have REDCap's codes again.
    expect(await generate(roster, out, ["--records", "0003", "--force", "--refresh-codes"])).toBe(5);
    expect(await qr0003()).toEqual([baselineResume(demo, "0003")]);
    expect(await printedQrCodes(out, { dpi: PRINT_QR_DPI, seen })).toEqual([resume(["0003"])]);
    expect(JSON.parse(await readFile(kept, "utf8"))).toEqual(JSON.parse(real));

    // One packet now, at the front desk: reprint from the folder's own settings, with no token at all
    // and not one request to REDCap, into a print file of its own whose path it prints.
    const requestsBefore = demo.sim.stats.total;
    const reprint = await runBuiltCli(["reprint", "--out", "run", "0002"], { cwd: dir });
    expect(reprint.code, reprint.stderr).toBe(0);
    expect(demo.sim.stats.total).toBe(requestsBefore);
    expect(reprint.stdout).toContain("Made 1 letter(s) again (0 REDCap requests).");
    const opened = /Open and print: (.+\.pdf)/.exec(reprint.stdout)?.[1] ?? "";
    expect(opened.startsWith(join(out, "print"))).toBe(true);
    const printed = await readFile(opened);
    expect((await pdfQrCodes(printed, LETTER_QR_DPI)).flat()).toEqual([baselineResume(demo, "0002")]);
    expect((await pdfText(printed)).join(" ")).toContain("This letter replaces one we sent earlier");
  });
});

describe("the participant list first", () => {
  it("one request for a listed participant, three for the others, and completed surveys skipped, each run printing its own links", async () => {
    const dir = await tempDir("participants");
    const roster = join(dir, "roster.csv");
    await writeFile(
      roster,
      [
        "record_id,first_name,last_name,address_1,city,state,postal_code",
        "0015,Grace,Okafor,1 Main St,Miami,FL,33135",
        "0016,Tomás,Rivera,2 Main St,Miami,FL,33135",
        "0017,Priya,Raman,3 Main St,Miami,FL,33135",
        "0018,Wei,Zhang,4 Main St,Miami,FL,33135",
      ].join("\n"),
    );
    const out = join(dir, "run");
    const count = (m: string) => demo.sim.stats.count(m);
    const before = {
      access: count("surveyAccessCode"),
      link: count("surveyLink"),
      rc: count("surveyReturnCode"),
    };
    // 0015 completed the survey (email: listed); 0016 (email) and 0017 (identifier) are listed; 0018 is not.
    expect(await generate(roster, out)).toBe(1 + 1 + 1 + 1 + 3);
    const asked = {
      access: count("surveyAccessCode") - before.access,
      link: count("surveyLink") - before.link,
      rc: count("surveyReturnCode") - before.rc,
    };
    // The probe and 0016, 0017, 0018 ask for a return code; only 0018 for link and access code.
    expect(asked).toEqual({ access: 1, link: 1, rc: 1 + 3 });
    const manifest = await readFile(join(out, "manifest.csv"), "utf8");
    expect(manifest).toMatch(
      /0015,baseline_survey,,1,skipped,[^,]*,the participant already completed baseline_survey in REDCap \(--include-completed makes the letter anyway\)/,
    );
    for (const id of ["0016", "0017", "0018"]) {
      const pdf = await readFile(join(out, "letters", `${id}--baseline_survey.pdf`));
      expect((await pdfQrCodes(pdf, LETTER_QR_DPI)).flat()).toEqual([baselineResume(demo, id)]);
    }
    const made = ["0016", "0017", "0018"].map((id) => baselineResume(demo, id));
    expect(await printedQrCodes(out, { dpi: PRINT_QR_DPI })).toEqual([made]);

    // Asked for anyway: a completed response REDCap will not reopen is a clear row failure, not a broken letter.
    const result = await generateRoster(demo, roster, join(dir, "again"), ["--include-completed"]);
    expect(result.code, result.stderr).toBe(1);
    expect(await readFile(join(dir, "again", "manifest.csv"), "utf8")).toContain(
      "the participant already completed baseline_survey, and REDCap gives no code for a completed response",
    );
    // The other rows are made all the same, and printed with their own links.
    expect(await printedQrCodes(join(dir, "again"), { dpi: PRINT_QR_DPI })).toEqual([made]);
  });
});
