import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exitCodeOfError } from "../../../src/cli/exit-codes.js";
import { TemplateError } from "../../../src/errors.js";
import { loadTemplateSet } from "../../../src/letters/template/load.js";
import { packagePath } from "../../../src/paths.js";
import { runCliInProcess } from "../../helpers/in-process-cli.js";

// The hostile-template corpus: fixtures/bad-templates/ holds one template per case (made by
// scripts/make-bad-templates.mjs: most of their characters are invisible) and cases.json the exact
// message each must stop with: file, line and column, what is wrong and what to do. `with` lists
// the files a case reads beside its own (a translation).

interface Case {
  readonly file: string;
  readonly case: string;
  readonly stops: string;
  readonly with?: readonly string[];
}

const DIR = packagePath("fixtures", "bad-templates");
const CASES = JSON.parse(readFileSync(join(DIR, "cases.json"), "utf8")) as Case[];
const path = (c: Case) => join(DIR, c.file);
const expected = (c: Case) => c.stops.replaceAll("<file>", path(c)).replaceAll("<folder>", DIR);
const named = (c: Case): [string, Case] => [`${c.case} (${c.file})`, c];

const scratch = mkdtempSync(join(tmpdir(), "bad-templates-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function refusal(file: string): Promise<unknown> {
  try {
    await loadTemplateSet(file);
  } catch (error) {
    return error;
  }
  throw new Error(`expected ${file} to be refused`);
}

describe("the bad-template corpus", () => {
  it("has a table entry for every template in the folder, and at least 12 of them", () => {
    const files = readdirSync(DIR).filter((name) => name !== "cases.json");
    expect(CASES.flatMap((c) => [c.file, ...(c.with ?? [])]).sort()).toEqual(files.sort());
    expect(CASES.length).toBeGreaterThanOrEqual(12);
  });

  it.each(CASES.map(named))("%s: refused with file, line and column", async (_, c) => {
    const error = await refusal(path(c));
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).message).toBe(expected(c));
    expect(exitCodeOfError(error)).toBe(2);
  });

  it.each(CASES.map(named))("%s: the command says it in one message, no stack trace", async (_, c) => {
    const argv = ["alignment", "--template", path(c), "--out", join(scratch, "alignment.pdf")];
    const result = await runCliInProcess(argv, { cwd: scratch });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: ${expected(c)}\n`);
  });

  it("refuses a file of over a million characters before reading it as a template", async () => {
    const file = join(scratch, "huge.md");
    writeFileSync(file, `---\nlayout: handout\n---\n${"word ".repeat(200_001)}\n`);
    const error = await refusal(file);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as Error).message).toBe(
      `${file}: the letter template is 1.0 million characters long; a template is a few thousand ` +
        "(is this the right file?). Start from a copy of the bundled templates/letter.md",
    );
  });

  it("refuses in a setting what an escape made of it, and a condition tag, where the setting is", async () => {
    const file = join(scratch, "escaped.md");
    // In the file: a backslash, a u and four digits (YAML makes the character), and a tag as typed.
    const lines = '["Healthy \\u2067Hearts\\u2069 Study", "{{#if city}}Study{{/if}}", "Tab\\there"]';
    writeFileSync(file, `---\nlayout: handout\nletterhead:\n  lines: ${lines}\n---\nDear {{first_name}},\n`);
    const error = await refusal(file);
    expect(error).toBeInstanceOf(TemplateError);
    const message = (error as Error).message;
    expect(message).toContain(
      `${file}: the letter template has 2 problems:\n  - line 4, column 11: "letterhead.lines" holds, written as an escape, an invisible direction control (U+2067 RIGHT-TO-LEFT ISOLATE), which makes the text print`,
    );
    expect(message).toContain(
      '  - line 4, column 47: "letterhead.lines" has a {{#if}}, {{else}} or {{/if}}, which works only in the letter\'s text below the settings; remove it',
    );
  });

  it("lets right-to-left text, tabs and a value of exactly 10,000 characters through", async () => {
    const file = join(scratch, "fine.md");
    const address = `returnAddress: ["${"A".repeat(10_000)}"]`;
    writeFileSync(
      file,
      `---\nlayout: handout\n${address}\n---\nDear {{first_name}},\tשלום {{ last_name }} مرحبا\u200F.\n\n{{survey_panels}}\n`,
    );
    const set = await loadTemplateSet(file);
    expect(set.base.body.fields).toEqual(["first_name", "last_name"]);
  });
});
