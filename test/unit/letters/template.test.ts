import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { TemplateError } from "../../../src/errors.js";
import { DEFAULT_TEMPLATE, loadLetterKit } from "../../../src/letters/index.js";
import { parseBody } from "../../../src/letters/template/body.js";
import { fillBlocks } from "../../../src/letters/template/fill.js";
import { packagePath } from "../../../src/paths.js";
import { expectInOrder } from "../../helpers/in-order.js";
import { pdfInfo, pdfQrCodes, pdfQrSymbols, pdfText } from "../../helpers/pdf.js";
import { demoRows, expectedQr, letterFor, printedName } from "./letter-fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "letter-templates-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const english = readFileSync(DEFAULT_TEMPLATE, "utf8");
const [, englishSettings = "", englishBody = ""] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(english) ?? [];

/** A folder with the bundled pictures and the given template files. */
function folder(files: Record<string, string>): string {
  const sub = mkdtempSync(join(dir, "t-"));
  for (const picture of ["sample-logo.png", "sample-signature.png"]) {
    copyFileSync(packagePath("templates", picture), join(sub, picture));
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(sub, name), text);
  return sub;
}

const withBody = (body: string, settings = englishSettings) => `---\n${settings}\n---\n${body}`;

async function loadError(file: string): Promise<string> {
  const error = await loadLetterKit({ templateFile: file }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TemplateError);
  return (error as TemplateError).message;
}

async function textOf(file: string, fields: Record<string, string>, language?: string): Promise<string> {
  const kit = await loadLetterKit({ templateFile: file, date: new Date("2026-03-04T12:00:00Z") });
  const data = letterFor({ ...fields, language: language ?? "" });
  return (await pdfText(await kit.renderLetter(data))).join("\n");
}

const james = demoRows()[1] ?? {};

describe("template mistakes are reported by file, line and setting, in a coordinator's words", () => {
  it.each([
    ["paper: legal", 'line 2: "paper" must be letter or a4'],
    ["colour: red", 'line 2: "colour" is not a setting'],
    ["showReturnCode: maybe", 'line 2: "showReturnCode" must be true or false'],
    ["letterhead:\n  width: wide", 'line 3: "letterhead.width" must be a length such as 40mm or 1.5in'],
    ["date: tomorrow", 'line 2: "date" must be full, long, medium, short or none'],
    ["layout: poster", 'line 2: "layout" must be one of letter, handout, cards, labels'],
  ])("%s", async (setting, expected) => {
    const sub = folder({
      "letter.md": `---\n${setting}\naddress:\n  lines: ["{{first_name}}"]\n---\nHello\n`,
    });
    const message = await loadError(join(sub, "letter.md"));
    expect(message).toContain(`${join(sub, "letter.md")}: the letter template has 1 problem:`);
    expect(message).toContain(expected);
    expect(message).not.toMatch(/Invalid input|expected \w+, received/);
  });

  it("reports body problems with their lines, all together", async () => {
    const sub = folder({
      "letter.md": withBody("Hello {{first_name\n\n{{#if phone}}\nCall us.\n\n> quoted\n"),
    });
    const message = await loadError(join(sub, "letter.md"));
    const bodyStart = englishSettings.split("\n").length + 3;
    expect(message).toContain(
      `line ${bodyStart}, column 7: a "{{" that is never closed with "}}" on its line`,
    );
    expect(message).toContain(`line ${bodyStart + 2}: {{#if phone}} is never closed with {{/if}}`);
    expect(message).toContain(`line ${bodyStart + 5}: a quotation`);
  });

  it("finds a missing or foreign picture before any code is fetched", async () => {
    const sub = folder({
      "letter.md": withBody(
        "Hi",
        englishSettings.replace("image: sample-logo.png", "image: ../../etc/passwd"),
      ),
      "letter.fr.md": withBody("Bonjour", "language: fr\nsignature:\n  image: nope.png"),
    });
    const message = await loadError(join(sub, "letter.md"));
    expect(message).toMatch(
      /"letterhead.image" must be in the template's folder|"letterhead.image": there is no such file/,
    );
    const fr = folder({
      "letter.md": english,
      "letter.fr.md": "---\nlanguage: fr\nsignature:\n  image: nope.png\n---\nBonjour\n",
    });
    const frMessage = await loadError(join(fr, "letter.md"));
    expect(frMessage).toContain(`${join(fr, "letter.fr.md")}: the letter template has 2 problems`);
    expect(frMessage).toContain('line 4: "signature.image": there is no such file beside the template');
    expect(frMessage).toContain('no built-in labels: give "labels" in that language with survey, goTo');
  });

  it.each([
    [
      "settings that are a list",
      "---\n- a\n- b\n---\nHi\n",
      'line 2: the settings at the top must be "name: value" lines',
    ],
    [
      "settings never closed",
      "---\npaper: a4\nHi\n",
      'line 1: the settings at the top start with "---" but no "---" line ends them',
    ],
    [
      "a tab in the settings",
      "---\npaper: a4\naddress:\n\tlines: [x]\n---\nHi\n",
      "line 4: a tab is used to indent a setting",
    ],
    [
      "a second else",
      `---\naddress:\n  lines: [x]\n---\n{{#if a}}\nA\n{{else}}\nB\n{{else}}\nC\n{{/if}}\n`,
      "line 9: a second {{else}} in the {{#if a}} of line 5",
    ],
    [
      "an alias bomb",
      `---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\nHi\n`,
      "line 1: the settings use YAML aliases (& and *) too much to be read",
    ],
  ])("%s: one message with its line, nothing else", async (_name, text, expected) => {
    const sub = folder({ "letter.md": text });
    const message = await loadError(join(sub, "letter.md"));
    expect(message).toContain(
      `${join(sub, "letter.md")}: the letter template has 1 problem:\n  - ${expected}`,
    );
  });

  it("keeps pictures inside the template's folder, small and readable", async () => {
    const sub = folder({ "letter.md": english });
    const outside = join(sub, "..", "outside.png");
    copyFileSync(packagePath("templates", "sample-logo.png"), outside);
    symlinkSync(outside, join(sub, "linked.png"));
    const huge = Buffer.from(readFileSync(packagePath("templates", "sample-logo.png")));
    huge.writeUInt32BE(5000, 16);
    writeFileSync(join(sub, "huge.png"), huge);
    const damaged = Buffer.from(readFileSync(packagePath("templates", "sample-logo.png")));
    damaged[2000] = (damaged[2000] ?? 0) ^ 0xff;
    writeFileSync(join(sub, "damaged.png"), damaged);
    for (const [image, expected] of [
      ["../outside.png", '"letterhead.image" must be in the template\'s folder (or a folder below it)'],
      ["linked.png", '"letterhead.image" must be in the template\'s folder (or a folder below it)'],
      ["huge.png", '"letterhead.image" is 5000 × 250 pixels: save it at most 3000 pixels on each side'],
      ["damaged.png", '"letterhead.image" is a damaged PNG picture (save it again as PNG)'],
    ]) {
      writeFileSync(join(sub, "letter.md"), english.replace("image: sample-logo.png", `image: ${image}`));
      expect(await loadError(join(sub, "letter.md"))).toContain(`line 11: ${expected}`);
    }
  });

  it("refuses a language this computer cannot write dates in", async () => {
    const sub = folder({ "letter.md": english.replace("language: en", "language: xx") });
    const message = await loadError(join(sub, "letter.md"));
    expect(message).toContain('"language" xx is not a language this computer can write dates in');
  });

  it("refuses a JSON template with the way forward", async () => {
    const sub = folder({ "letter.json": "{}" });
    expect(await loadError(join(sub, "letter.json"))).toContain("letter templates are Markdown files now");
  });
});

describe("formatting, placeholders and conditions", () => {
  it("prints Markdown formatting, not its asterisks", async () => {
    const sub = folder({
      "letter.md": withBody(
        "# Welcome\n\nDear {{name}}, this is **bold** and *italic*.\n\n1. first\n2. second\n",
      ),
    });
    const text = await textOf(join(sub, "letter.md"), james);
    expect(text).toContain("Welcome");
    expect(text).toContain("Dear James O'Connor, this is bold and italic.");
    expect(text).toMatch(/1\.\s*first/);
    expect(text).not.toContain("**");
  });

  it("keeps a line only when its column has a value, and fills the tool's own values", async () => {
    const body =
      "{{#if phone}}\nCall {{phone}}.\n{{else}}\nWrite to us.\n{{/if}}\n\nDated {{date}} for {{survey_title}}.\n";
    const sub = folder({ "letter.md": withBody(body) });
    const file = join(sub, "letter.md");
    expect(await textOf(file, { ...james, phone: "555-0100" })).toContain("Call 555-0100.");
    const without = await textOf(file, james);
    expect(without).toContain("Write to us.");
    expect(without).not.toContain("Call");
    expect(without).toContain("Dated March 4, 2026 for Baseline Survey.");
  });

  it("prints a roster value exactly as written: never formatting, a link or a placeholder", () => {
    const { blocks } = parseBody("Dear **{{first_name}}** {{last_name}}, see {{note}}.", 1);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 30 }), (value) => {
        const squash = (s: string) => s.normalize("NFC").replace(/\s+/gu, " ").trim();
        const clean = squash(value);
        const filled = fillBlocks(blocks, { first_name: value, last_name: value, note: value });
        const text = filled
          .flatMap((b) => (b.kind === "text" ? b.lines.flat().map((s) => s.text) : []))
          .join("");
        expect(squash(text)).toBe(squash(`Dear ${clean} ${clean}, see ${clean}.`));
      }),
      { numRuns: 300 },
    );
  });

  it("writes Chinese and Korean names family first and together by default, others given first", async () => {
    const file = DEFAULT_TEMPLATE;
    expect(await textOf(file, { ...james, first_name: "小明", last_name: "王" })).toContain("Dear 王小明,");
    expect(await textOf(file, { ...james, first_name: "민준", last_name: "김" })).toContain("Dear 김민준,");
    expect(await textOf(file, james)).toContain("Dear James O'Connor,");
  });

  it("writes a family name first when the template says so, CJK names together", async () => {
    const sub = folder({
      "letter.md": withBody(
        "Dear {{name}},",
        englishSettings.replace("family: last_name", "family: last_name\n  order: family-first"),
      ),
    });
    const file = join(sub, "letter.md");
    expect(await textOf(file, { ...james, first_name: "小明", last_name: "王" })).toContain("Dear 王小明,");
    expect(await textOf(file, james)).toContain("Dear O'Connor James,");
  });

  it("a print file fills every letter with its own values, though each part is laid out once per set of values", async () => {
    // Letterhead, body, conditions and signature each read a field; panels differ by survey label.
    const settings = englishSettings
      .replace("    - Healthy Hearts Study\n", "    - Healthy Hearts Study {{state}}\n")
      .replace("    - Principal Investigator\n", "    - Principal Investigator, {{city}}\n");
    const body =
      "{{#if address_2}}\nUnit {{address_2}}.\n{{/if}}\nDear {{name}},\n\nThe same words for all.\n";
    const sub = folder({ "letter.md": withBody(body, settings) });
    const kit = await loadLetterKit({ templateFile: join(sub, "letter.md") });
    const rows = demoRows().slice(0, 4);
    const letters = [...rows, ...rows].map((row, i) => letterFor({ ...row, language: "" }, 1 + (i % 2)));
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    await kit.renderPrintFile(letters, out, { duplex: false });
    const text = (await pdfText(Buffer.concat(chunks))).join("\n").normalize("NFC");
    // Each letter's pieces, in print order.
    const pieces = letters.flatMap((l) => {
      const f = l.fields;
      const name = printedName(f.first_name ?? "", f.last_name ?? "");
      return [
        `Study ${f.state}\n`,
        ...(f.address_2 === "" ? [] : [`Unit ${f.address_2}.`]),
        `Dear ${name},`,
        `Investigator, ${f.city}\n`,
        ...l.surveys.map((s) => s.label),
      ];
    });
    expectInOrder(text, pieces);
    expect(text.match(/Unit /g)).toHaveLength(letters.filter((l) => l.fields.address_2 !== "").length);
    expect((await pdfQrCodes(Buffer.concat(chunks))).flat()).toEqual(
      letters.flatMap((l) => l.surveys.map(expectedQr)),
    );
  });
});

describe("languages", () => {
  it("the bundled Spanish letter has no English but the survey's title", async () => {
    const maria = demoRows()[0] ?? {};
    const text = await textOf(DEFAULT_TEMPLATE, maria, "es");
    expect(text).toContain("Encuesta: Baseline Survey");
    expect(text).toContain("4 de marzo de 2026");
    for (const english of [
      "Dear",
      "Access code",
      "Return code",
      "Survey:",
      "Research Office",
      "Thank you",
      "Or scan",
    ]) {
      expect(text).not.toContain(english);
    }
  });

  it("a copied English template with no Spanish twin gives Spanish rows no letter", async () => {
    const sub = folder({ "letter.md": english });
    const kit = await loadLetterKit({ templateFile: join(sub, "letter.md") });
    expect(kit.languageProblem("es")).toBe(
      `no letter template is in language "es" (${join(sub, "letter.md")} has: en); add a translation letter.es.md beside it, or correct the rows' language`,
    );
    expect(kit.languageProblem("en-US")).toBeUndefined();
    expect(kit.languageProblem(undefined)).toBeUndefined();
    await expect(kit.renderLetter(letterFor({ ...james, language: "es" }))).rejects.toThrow(
      /no letter template is in language "es"/,
    );
  });

  it("a translation takes the base's layout and adds __lang to the QR when mapped", async () => {
    const sub = folder({
      "letter.md": english,
      "letter.de.md":
        "---\nlanguage: de\nredcapLanguage: de-DE\nlabels:\n  survey: Umfrage\n  goTo: Gehen Sie zu\n  accessCode: Zugangscode\n" +
        "  returnCode: Rückkehrcode\n  returnCodeHint: Falls Sie schon begonnen haben.\n  scan: Oder scannen\n" +
        "  replacement: Ersatzbrief.\n  footer: Datensatz {{record_id}} · Seite {{page}} von {{pages}}\n---\nHallo {{name}},\n",
    });
    const kit = await loadLetterKit({
      templateFile: join(sub, "letter.md"),
      date: new Date("2026-03-04T12:00:00Z"),
    });
    const data = letterFor({ ...james, language: "de-AT" });
    const pdf = await kit.renderLetter(data);
    const text = (await pdfText(pdf)).join("\n");
    expect(text).toContain("Hallo James O'Connor,");
    expect(text).toContain("4. März 2026");
    expect(text).toContain("Zugangscode");
    const survey = data.surveys[0];
    if (survey === undefined) throw new Error("no survey");
    expect((await pdfQrSymbols(pdf)).flat().map((q) => q.data)).toEqual([
      `${expectedQr(survey)}&__lang=de-DE`,
    ]);
  });
});

describe("the sheets' replacement labels", () => {
  const german =
    "---\nlanguage: de\nlabels:\n  survey: Umfrage\n  goTo: Gehen Sie zu\n  accessCode: Zugangscode\n" +
    "  returnCode: Rückkehrcode\n  returnCodeHint: Falls Sie schon begonnen haben.\n  scan: Oder scannen\n" +
    "  replacement: Ersatzbrief.\n  footer: Datensatz {{record_id}} · Seite {{page}} von {{pages}}\n" +
    'address:\n  lines: ["{{name}}"]\nname:\n  given: first_name\n  family: last_name\n---\nHallo {{name}},\n';

  it("are built in for Spanish: a replacement card from the bundled Spanish template says so in Spanish", async () => {
    const kit = await loadLetterKit({ layout: "cards" });
    const data = { ...letterFor({ ...(demoRows()[0] ?? {}), language: "es" }), reprint: true };
    const pdf = await kit.renderLetter(data);
    const text = (await pdfText(pdf)).join("\n");
    expect(text).toContain("Tarjeta de reemplazo");
    expect(text).not.toContain("Replacement");
    expect(await pdfQrCodes(pdf)).toEqual([data.surveys.map(expectedQr)]);
  });

  it("are needed only by the layout that prints them: a template for letters has none to give", async () => {
    const base = join(folder({ "letter.md": german }), "letter.md");
    await expect(loadLetterKit({ templateFile: base })).resolves.toBeDefined();
    await expect(loadLetterKit({ templateFile: base, layout: "handout" })).resolves.toBeDefined();
    for (const [layout, name, what, example] of [
      ["cards", "replacementCard", "a replacement card", "Replacement card"],
      [
        "labels",
        "replacementLabels",
        "a label sheet holding replacements",
        "Replacement labels at positions {{positions}}",
      ],
    ] as const) {
      const error = await loadLetterKit({ templateFile: base, layout }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TemplateError);
      expect((error as Error).message).toBe(
        `${base}: the letter template cannot be used:\n  - "labels.${name}" is missing: ${what} prints it (say so in "de", e.g. "${example}")`,
      );
    }
    // A translation's cards carry its own mark; the label sheet's note is the base template's.
    const translated = join(folder({ "letter.md": english, "letter.de.md": german }), "letter.md");
    await expect(loadLetterKit({ templateFile: translated, layout: "labels" })).resolves.toBeDefined();
    await expect(loadLetterKit({ templateFile: translated, layout: "cards" })).rejects.toThrow(
      '"labels.replacementCard" is missing',
    );
    const given = german.replace("labels:\n", "labels:\n  replacementCard: Ersatzkarte\n");
    const own = join(folder({ "letter.md": english, "letter.de.md": given }), "letter.md");
    const kit = await loadLetterKit({ templateFile: own, layout: "cards" });
    const data = { ...letterFor({ ...james, language: "de" }), reprint: true };
    expect((await pdfText(await kit.renderLetter(data))).join("\n")).toContain("Ersatzkarte");
  });
});

describe("kit.requirements: the roster columns a template names", () => {
  it("reports the bundled template's required, placeholder and optional columns", async () => {
    const kit = await loadLetterKit();
    expect(kit.requirements(undefined)).toEqual({
      templateFile: DEFAULT_TEMPLATE,
      required: ["first_name", "last_name", "address_1", "city", "state", "postal_code"],
      placeholders: ["first_name", "last_name", "address_1", "address_2", "city", "state", "postal_code"],
      optional: ["address_2"],
    });
  });

  it("a column inside {{#if}} on itself may be missing from the roster", async () => {
    const sub = folder({
      "letter.md": withBody("{{#if phone}}\nCall {{phone}}.\n{{/if}}\nYour id: {{study_id}}"),
    });
    const kit = await loadLetterKit({ templateFile: join(sub, "letter.md") });
    const needs = kit.requirements("en");
    expect(needs?.optional).toEqual(["phone", "address_2"]);
    expect(needs?.placeholders).toContain("study_id");
  });
});

describe("row problems", () => {
  it("a column named like an object property is a column like any other", async () => {
    const sub = folder({
      "letter.md": withBody("{{#if constructor}}\nHi {{constructor}}\n{{/if}}\nPage {{page}}"),
    });
    const kit = await loadLetterKit({ templateFile: join(sub, "letter.md") });
    expect(kit.check({ language: undefined, fields: james })).toEqual([]);
    expect(kit.requirements(undefined)?.placeholders).toEqual(
      expect.arrayContaining(["constructor", "page"]),
    );
    const text = (await pdfText(await kit.renderLetter(letterFor({ ...james, page: "7" })))).join("\n");
    expect(text).toContain("Page 7");
    expect(text).not.toContain("Hi");
  });

  it("name the roster's own column when --columns maps it", async () => {
    const kit = await loadLetterKit({ rosterColumns: new Map([["postal_code", "zip"]]) });
    expect(kit.check({ language: undefined, fields: { ...james, postal_code: "", city: "" } })).toEqual([
      'column "city" has no value, and the letter template needs it',
      'column "zip" (postal_code in the letter template) has no value, and the letter template needs it',
    ]);
  });
});

describe("same input, same bytes", () => {
  it("renders identical bytes twice, with no names or times in the metadata", async () => {
    const kit = await loadLetterKit({ date: new Date("2026-03-04T12:00:00Z") });
    const data = letterFor(james);
    const [a, b] = [await kit.renderLetter(data), await kit.renderLetter(data)];
    expect(a.equals(b)).toBe(true);
    expect(a.toString("latin1")).not.toContain("CreationDate");
    const info = await pdfInfo(a);
    expect(JSON.stringify(info)).not.toContain("O'Connor");
  });
});

it("the body of the bundled template places the survey panels itself", () => {
  expect(englishBody).toContain("{{survey_panels}}");
});
