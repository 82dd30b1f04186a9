import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TemplateError } from "../../../src/errors.js";
import { loadLetterKit } from "../../../src/letters/index.js";
import { packagePath } from "../../../src/paths.js";
import { pdfLines, pdfQrCodes, pdfText } from "../../helpers/pdf.js";
import { expectedQr, letterFor } from "./letter-fixtures.js";

// The front desk's packet: the letter's text and survey panels with no address and no window, from a
// roster that has no address columns at all.

const NO_ADDRESS = { record_id: "0007", first_name: "Ana", last_name: "Pérez", language: "" };

describe("a hand-out", () => {
  it.each(["letter", "a4"] as const)("on %s paper needs no address column and prints none", async (paper) => {
    const kit = await loadLetterKit({ layout: "handout", paper });
    const needs = kit.requirements(undefined);
    expect(needs?.required).toEqual(["first_name", "last_name"]);
    expect(needs?.placeholders).not.toContain("address_1");
    expect(kit.check({ language: undefined, fields: NO_ADDRESS })).toEqual([]);
    const data = letterFor(NO_ADDRESS);
    const pdf = await kit.renderLetter(data);
    const text = (await pdfText(pdf)).join("\n");
    expect(text).toContain("Dear Ana Pérez,");
    // An address block would print the name on a line of its own.
    const lines = (await pdfLines(pdf)).flat().map((l) => l.text);
    expect(lines.filter((l) => l.includes("Ana Pérez"))).toEqual(["Dear Ana Pérez,"]);
    expect(await pdfQrCodes(pdf)).toEqual([[expectedQr(data.surveys[0] ?? ({} as never))]]);
  });

  it("still needs the name the text uses, with a value", async () => {
    const kit = await loadLetterKit({ layout: "handout" });
    expect(kit.check({ language: undefined, fields: { ...NO_ADDRESS, last_name: "" } })).toEqual([
      'column "last_name" has no value, and the letter template needs it',
    ]);
  });

  it("--envelope none on a letter asks for no address column either", async () => {
    const kit = await loadLetterKit({ envelope: "none" });
    expect(kit.requirements(undefined)?.placeholders).not.toContain("postal_code");
    const letter = await loadLetterKit({});
    expect(letter.requirements(undefined)?.required).toContain("postal_code");
  });

  it("a template written for hand-outs needs no address lines; --layout letter then says what is missing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rp-handout-template-"));
    try {
      for (const name of ["sample-logo.png", "sample-signature.png"])
        await copyFile(packagePath("templates", name), join(dir, name));
      const bundled = await readFile(packagePath("templates", "letter.md"), "utf8");
      const file = join(dir, "letter.md");
      const withoutAddress = bundled
        .replace(/\naddress:\n(?: {2}.*\n)+/, "\n")
        .replace("envelope: us10", "layout: handout");
      expect(withoutAddress).not.toContain("address_1");
      await writeFile(file, withoutAddress);
      const kit = await loadLetterKit({ templateFile: file });
      expect(kit.layout).toBe("handout");
      expect(kit.check({ language: undefined, fields: NO_ADDRESS })).toEqual([]);
      await expect(loadLetterKit({ templateFile: file, layout: "letter" })).rejects.toThrow(
        new TemplateError(
          `${file}: a letter for a window envelope prints the template's "address" lines, and it has none: add "address" with its "lines", or use --layout handout`,
        ),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
