import { describe, expect, it } from "vitest";
import type { ColumnMapping } from "../../../src/config/index.js";
import { UsageError } from "../../../src/errors.js";
import { loadLetterKit, type TemplateRequirements } from "../../../src/letters/index.js";
import { parseRoster } from "../../../src/roster/parse-roster.js";
import { buildPlan, type PlanOptions } from "../../../src/run/plan.js";
import { templateColumnFindings } from "../../../src/run/template-columns.js";
import type { Roster } from "../../../src/types.js";
import { LETTER_QR_DPI } from "../../helpers/demo.js";
import { pdfQrCodes, pdfText } from "../../helpers/pdf.js";
import { rosterRow } from "../../helpers/roster-row.js";

// --columns: a roster exported from REDCap (street, zip) read by the bundled template (address_1,
// postal_code).

const EXPORT = ["record_id", "first_name", "last_name", "street", "city", "state", "zip", "language"];

function exported(columns: readonly string[] = EXPORT): Roster {
  const values: Record<string, string> = {
    record_id: "0001",
    first_name: "Maria",
    last_name: "Hernández López",
    street: "1420 Calle Ocho",
    city: "Miami",
    state: "FL",
    zip: "33135",
    language: "es",
    postal_code: "00000",
  };
  const fields = Object.fromEntries(columns.map((c) => [c, values[c] ?? ""]));
  return { file: "export.csv", columns, rows: [rosterRow(1, "0001", { fields, language: "es" })] };
}

const map = (text: string): ColumnMapping[] =>
  text.split(",").map((pair) => {
    const [name = "", column = ""] = pair.split("=");
    return { name, column };
  });

function options(columns: string, sortBy?: string): PlanOptions {
  return {
    instruments: ["baseline_survey"],
    event: undefined,
    records: undefined,
    sortBy,
    columns: map(columns),
  };
}

/** The bundled template's needs (templates/letter.json), for both of its languages. */
const bundled: Pick<{ requirements(language: string | undefined): TemplateRequirements }, "requirements"> = {
  requirements: (language) => ({
    templateFile: language === "es" ? "letter.es.json" : "letter.json",
    required: ["first_name", "last_name", "address_1", "city", "state", "postal_code"],
    placeholders: ["first_name", "last_name", "address_1", "address_2", "city", "state", "postal_code"],
    optional: ["address_2"],
  }),
};

describe("the plan's fields with --columns", () => {
  it("carries the template's names with the mapped values, and every roster column by its own name", () => {
    const plan = buildPlan(exported(), options("address_1=street,postal_code=zip"));
    expect(plan.letters[0]?.fields).toEqual({
      record_id: "0001",
      first_name: "Maria",
      last_name: "Hernández López",
      street: "1420 Calle Ocho",
      city: "Miami",
      state: "FL",
      zip: "33135",
      language: "es",
      address_1: "1420 Calle Ocho",
      postal_code: "33135",
    });
    expect(plan.warnings).toEqual([]);
  });

  it("lets one roster column serve two names", () => {
    const plan = buildPlan(exported(), options("address_1=street,street_line=street"));
    expect(plan.letters[0]?.fields).toMatchObject({
      address_1: "1420 Calle Ocho",
      street_line: "1420 Calle Ocho",
    });
  });

  it("prints the mapped column where the roster also has the name, and says so", () => {
    const plan = buildPlan(exported([...EXPORT, "postal_code"]), options("postal_code=zip"));
    expect(plan.letters[0]?.fields.postal_code).toBe("33135");
    expect(plan.warnings).toEqual([
      '--columns postal_code=zip: export.csv also has a "postal_code" column; the letters print the values of "zip" in its place',
    ]);
  });

  it("leaves the fields as read without a mapping", () => {
    const roster = exported();
    const plan = buildPlan(roster, { ...options("a=zip"), columns: [] });
    expect(plan.letters[0]?.fields).toBe(roster.rows[0]?.fields);
  });

  it("keeps a mapped name such as __proto__ an ordinary field", () => {
    const plan = buildPlan(exported(), options("__proto__=zip"));
    const fields = plan.letters[0]?.fields ?? {};
    expect(Object.hasOwn(fields, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
  });

  const columns = `its columns: ${EXPORT.join(", ")}`;
  it.each([
    [
      "a column the roster lacks, with a near name",
      "postal_code=zipp",
      undefined,
      `--columns postal_code=zipp: export.csv has no column "zipp" (${columns}); did you mean "zip"?`,
    ],
    [
      "a column in another case",
      "postal_code=ZIP",
      undefined,
      `--columns postal_code=ZIP: export.csv has no column "ZIP" (${columns}); did you mean "zip"?`,
    ],
    [
      "a column with no near name",
      "postal_code=postcode_of_home",
      undefined,
      `--columns postal_code=postcode_of_home: export.csv has no column "postcode_of_home" (${columns})`,
    ],
    [
      "the two sides swapped",
      "address_1=street,zip=postal_code",
      undefined,
      `--columns zip=postal_code: export.csv has no column "postal_code" (${columns}); ` +
        "did you mean postal_code=zip? The template's name comes first, then the roster's column",
    ],
    [
      "--sort-by a name neither the roster has nor --columns maps",
      "postal_code=zip",
      "postal_cod",
      `--sort-by postal_cod: export.csv has no such column, and --columns maps no such name (${columns}); did you mean "postal_code"?`,
    ],
    [
      "both at once",
      "address_1=stret,postal_code=zip",
      "zipcode",
      `export.csv lacks columns the settings name (${columns}):\n` +
        '  - --columns address_1=stret: no column "stret"; did you mean "street"?\n' +
        "  - --sort-by zipcode: no such column, and --columns maps no such name",
    ],
  ])("stops the run for %s", (_, mapping, sortBy, message) => {
    const plan = () => buildPlan(exported(), options(mapping, sortBy));
    expect(plan).toThrow(UsageError);
    expect(plan).toThrow(new UsageError(message));
  });

  it.each([
    ["a roster column", "zip"],
    ["a mapped name", "postal_code"],
  ])("sorts by %s", (_, sortBy) => {
    expect(() => buildPlan(exported(), options("postal_code=zip", sortBy))).not.toThrow();
  });
});

describe("templateColumnFindings with --columns", () => {
  const check = (columns: string, roster = exported()) => {
    const mapping = map(columns);
    const plan = buildPlan(roster, options(columns));
    return templateColumnFindings(roster, plan.letters, bundled, mapping);
  };

  it("counts a mapped name as present: a REDCap export works with the bundled template", () => {
    expect(check("address_1=street,postal_code=zip")).toEqual([]);
  });

  it("still names the columns nothing provides, with the rows that use the template, and says how to map them", () => {
    expect(check("address_1=street")).toEqual([
      {
        message:
          'export.csv lacks columns the letter template uses: letter.es.json needs "postal_code". ' +
          "Add the columns to the roster, name the roster column that holds each with --columns " +
          "(e.g. --columns postal_code=zip), or give a --template that does not use them",
        lines: [2],
      },
    ]);
  });

  it("without a mapping, names every column the export lacks", () => {
    expect(check("city=city")[0]?.message).toContain('letter.es.json needs "address_1", "postal_code"');
  });
});

describe("a REDCap export with --columns and the bundled template", () => {
  it("makes letters addressed from the export's own columns, with the participant's resume link in the QR", async () => {
    const kit = await loadLetterKit();
    const roster = parseRoster(
      `${EXPORT.join(",")}\n0002,James,O'Connor,88 Birch Lane,Nashville,TN,37203,en\n`,
      "export.csv",
    );
    const columns = map("address_1=street,postal_code=zip");
    const plan = buildPlan(roster, { ...options(""), columns });
    expect(templateColumnFindings(roster, plan.letters, kit, columns)).toEqual([]);
    const letter = plan.letters[0];
    if (letter === undefined) throw new Error("expected a planned letter");
    expect(kit.check({ language: letter.language, fields: letter.fields })).toEqual([]);

    const survey = { recordId: "0002", instrument: "baseline_survey", event: undefined, repeatInstance: 1 };
    const codes = { accessCode: "ABCDEFGHJ", returnCode: "ABCDEFGH", label: "Baseline Survey" };
    const surveyLink = "https://redcap.example.edu/surveys/?s=ABCDEFGHJ";
    const pdf = await kit.renderLetter({ ...letter, surveys: [{ ...survey, ...codes, surveyLink }] });
    const text = (await pdfText(pdf)).join("\n");
    expect(text).toContain("88 Birch Lane\nNashville, TN 37203");
    expect(await pdfQrCodes(pdf, LETTER_QR_DPI)).toEqual([
      ["https://redcap.example.edu/surveys/?s=ABCDEFGHJ&rc=ABCDEFGH"],
    ]);
  });
});
