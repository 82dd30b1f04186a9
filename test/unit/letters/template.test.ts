import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TemplateError } from "../../../src/errors.js";
import { DEFAULT_TEMPLATE, loadLetterKit } from "../../../src/letters/index.js";
import { packagePath } from "../../../src/paths.js";
import { pdfText } from "../../helpers/pdf.js";
import { demoRows, letterFor } from "./letter-fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "letter-templates-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const english = JSON.parse(readFileSync(DEFAULT_TEMPLATE, "utf8")) as Record<string, unknown>;

function writeTemplate(name: string, template: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof template === "string" ? template : JSON.stringify(template));
  return file;
}

async function loadError(file: string): Promise<TemplateError> {
  const error = await loadLetterKit({ templateFile: file }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TemplateError);
  return error as TemplateError;
}

describe("template errors name the file and the key", () => {
  it("reports a wrong type and an unknown key together", async () => {
    const file = writeTemplate("bad-type.json", {
      ...english,
      panel: { ...(english.panel as object), accessCode: 3 },
      colour: "red",
    });
    const error = await loadError(file);
    expect(error.message).toContain(`${file}: the letter template has 2 problems:`);
    expect(error.message).toContain('"panel.accessCode": Invalid input: expected string, received number');
    expect(error.message).toContain('"(top level)": Unrecognized key: "colour"');
  });

  it("reports unbalanced placeholders by key", async () => {
    const file = writeTemplate("braces.json", { ...english, paragraphs: ["fine", "Hello {{first_name"] });
    expect((await loadError(file)).message).toBe(
      `${file}: the letter template has 1 problem:\n  - "paragraphs.1": unbalanced {{ }} in a placeholder`,
    );
  });

  it("reports template text it cannot print", async () => {
    const file = writeTemplate("rtl.json", { ...english, greeting: "مرحبا {{first_name}}" });
    const { message } = await loadError(file);
    expect(message).toContain(`${file}: the letter template cannot be used:`);
    expect(message).toContain('"greeting" is written in Arabic script');
  });

  it("reports invalid JSON and a missing file", async () => {
    expect((await loadError(writeTemplate("broken.json", "{ nope"))).message).toMatch(
      /broken\.json: the letter template is not valid JSON/,
    );
    expect((await loadError(join(dir, "missing.json"))).message).toMatch(
      /missing\.json: cannot read the letter template/,
    );
  });

  it("reports invalid JSON by line and column, never quoting the file", async () => {
    const token = "ABCDEF0123456789ABCDEF0123456789";
    const file = writeTemplate("token.json", `${token}\n`);
    const { message } = await loadError(file);
    expect(message).toBe(
      `${file}: the letter template is not valid JSON: a character that does not belong there (the file does not start with "{"); ` +
        "check the quotes, commas and braces, and that this is the letter template you meant",
    );
    expect(message).not.toContain(token.slice(0, 6));
    const comma = writeTemplate("comma.json", '{\n  "greeting": "Dear Maria Garcia",\n}');
    expect((await loadError(comma)).message).toBe(
      `${comma}: the letter template is not valid JSON: expected a key name in double quotes (or a comma too many before it) at line 3, column 1; ` +
        "check the quotes, commas and braces, and that this is the letter template you meant",
    );
  });

  it("checks language siblings up front too", async () => {
    const sub = mkdtempSync(join(dir, "siblings-"));
    writeFileSync(join(sub, "letter.json"), JSON.stringify(english));
    writeFileSync(join(sub, "letter.fr.json"), JSON.stringify({ ...english, greeting: 5 }));
    const error = await loadError(join(sub, "letter.json"));
    expect(error.message).toContain(`${join(sub, "letter.fr.json")}: the letter template has 1 problem`);
    expect(error.message).toContain('"greeting"');
  });
});

describe("language siblings and options", () => {
  it("uses letter.<lang>.json beside the chosen template, else the base", async () => {
    const sub = mkdtempSync(join(dir, "lang-"));
    writeFileSync(
      join(sub, "custom.json"),
      JSON.stringify({ ...english, greeting: "Hello {{first_name}}," }),
    );
    writeFileSync(
      join(sub, "custom.de.json"),
      JSON.stringify({ ...english, language: "de", greeting: "Hallo {{first_name}}," }),
    );
    const kit = await loadLetterKit({ templateFile: join(sub, "custom.json") });
    const row = demoRows()[1] ?? {};
    const text = async (language: string) =>
      (await pdfText(await kit.renderLetter(letterFor({ ...row, language })))).join("\n");
    expect(await text("de")).toContain("Hallo James,");
    expect(await text("de-AT")).toContain("Hallo James,");
    expect(await text("es")).toContain("Hello James,");
  });

  it("the bundled Spanish template sits beside the English one", () => {
    expect(DEFAULT_TEMPLATE).toBe(packagePath("templates", "letter.json"));
    expect(JSON.parse(readFileSync(packagePath("templates", "letter.es.json"), "utf8")).language).toBe("es");
  });

  it("leaves the return code out when showReturnCode is false", async () => {
    const file = writeTemplate("no-rc.json", { ...english, showReturnCode: false });
    const kit = await loadLetterKit({ templateFile: file });
    const data = letterFor(demoRows()[1] ?? {});
    const text = (await pdfText(await kit.renderLetter(data))).join("\n");
    expect(text).toContain(data.surveys[0]?.accessCode);
    expect(text).not.toContain(data.surveys[0]?.returnCode);
    expect(text).not.toContain("Return code");
  });
});

describe("kit.requirements: the roster columns a template names", () => {
  it("reports the default template's required, placeholder and optional columns", async () => {
    const kit = await loadLetterKit();
    expect(kit.requirements(undefined)).toEqual({
      templateFile: DEFAULT_TEMPLATE,
      required: ["first_name", "last_name", "address_1", "city", "state", "postal_code"],
      placeholders: ["first_name", "last_name", "address_1", "address_2", "city", "state", "postal_code"],
      optional: ["address_2"],
    });
  });

  it("counts a column optional only when it is used in address lines alone and not required", async () => {
    const file = writeTemplate("columns.json", {
      ...english,
      address: {
        lines: ["{{first_name}} {{last_name}}", "{{street}}", "{{unit}}", "{{care_of}}"],
        required: ["last_name", "street"],
      },
      greeting: "Dear {{first_name}} {{last_name}},",
      paragraphs: ["Your study id is {{study_id}}.", "We may call {{care_of}}."],
    });
    const kit = await loadLetterKit({ templateFile: file });
    expect(kit.requirements("en")).toEqual({
      templateFile: file,
      required: ["last_name", "street"],
      placeholders: ["first_name", "last_name", "street", "unit", "care_of", "study_id"],
      optional: ["unit"],
    });
  });
});
