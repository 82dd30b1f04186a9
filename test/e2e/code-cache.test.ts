import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packagePath } from "../../src/paths.js";
import { baselineResume, type Demo, startDemo } from "../helpers/demo.js";
import { pdfQrCodes, pdfText } from "../helpers/pdf.js";
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

async function generate(roster: string, out: string, extra: string[] = []) {
  const args = [
    "generate",
    "--roster",
    roster,
    "--api-url",
    demo.sim.apiUrl,
    "--instrument",
    "baseline_survey",
  ];
  const before = surveyRequests();
  const result = await runBuiltCli([...args, "--out", out, ...extra], {
    env: { REDCAP_API_TOKEN: demo.token },
  });
  expect(result.code, result.stderr).toBe(0);
  return surveyRequests() - before;
}

const textOf = async (out: string, id: string) =>
  (await pdfText(await readFile(join(out, "letters", `${id}--baseline_survey.pdf`)))).join("\n");

describe("codes kept in the run folder", () => {
  it("a rerender with a fixed template and a forced replacement ask REDCap for no code", async () => {
    const dir = await tempDir("code-cache");
    const roster = join(dir, "roster.csv");
    const demoRoster = (await readFile(packagePath("fixtures", "demo-roster.csv"), "utf8")).split("\n");
    await writeFile(roster, `${demoRoster.slice(0, 4).join("\n")}\n`);
    const out = join(dir, "run");

    expect(await generate(roster, out)).toBe(1 + 3 * 3);
    expect((await readdir(join(out, "codes"))).sort()).toEqual([
      "0001--baseline_survey.json",
      "0002--baseline_survey.json",
      "0003--baseline_survey.json",
    ]);

    // The coordinator fixes the template before mailing: every letter again, first letters, no request.
    const template = join(dir, "template");
    await mkdir(template);
    for (const name of ["letter.md", "letter.es.md", "sample-logo.png", "sample-signature.png"]) {
      await copyFile(packagePath("templates", name), join(template, name));
    }
    const english = join(template, "letter.md");
    await writeFile(english, (await readFile(english, "utf8")).replace("Thank you,", "With our thanks,"));
    expect(await generate(roster, out, ["--rerender", "--template", english])).toBe(0);
    const rerendered = await textOf(out, "0002");
    expect(rerendered).toContain("With our thanks,");
    expect(rerendered).not.toContain("replaces one we sent earlier");
    expect(await readdir(join(out, "print"))).toHaveLength(2);
    expect(
      (await pdfQrCodes(await readFile(join(out, "letters", "0002--baseline_survey.pdf")))).flat(),
    ).toEqual([baselineResume(demo, "0002")]);

    // A lost letter replaced: the same codes, no request, and it says so.
    expect(await generate(roster, out, ["--records", "0003", "--force"])).toBe(0);
    expect(await textOf(out, "0003")).toContain("This letter replaces one we sent earlier");

    // Asked for explicitly, the codes are fetched again (the same ones: REDCap does not change them):
    // the three survey calls, and the one probe that checks the survey before any code is fetched.
    expect(await generate(roster, out, ["--records", "0003", "--force", "--refresh-codes"])).toBe(4);
    expect(
      (await pdfQrCodes(await readFile(join(out, "letters", "0003--baseline_survey.pdf")))).flat(),
    ).toEqual([baselineResume(demo, "0003")]);
  });
});
