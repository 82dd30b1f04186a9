import { copyFile, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvelopePreset, PaperName } from "../../src/letters/envelopes.js";
import { contains, intersects, type Rect } from "../../src/letters/geometry.js";
import { letterGeometry } from "../../src/letters/letter-geometry.js";
import { packagePath } from "../../src/paths.js";
import { baselineResume, type Demo, generateRoster, LETTER_QR_DPI, startDemo } from "../helpers/demo.js";
import { pdfLines, pdfQrCodes, pdfText } from "../helpers/pdf.js";
import { printedQrCodes } from "../helpers/printed.js";
import { tempDir } from "../helpers/run-cli.js";
import { printedName } from "../unit/letters/letter-fixtures.js";

// The study's letter through the built command: a REDCap export's own column names, every paper and
// window, names in every script the letters print, no letter in a language the template lacks, and
// the same bytes from the same input.

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  await demo.sim.close();
});

const EXPORT = [
  "record_id,first_name,last_name,street,city,state,zip,language",
  "0001,Nguyễn Thị,Minh Khai,5521 Bolsa Ave,Westminster,CA,92683,en",
  "0002,Γιώργος,Παπαδόπουλος,31-15 Ditmars Blvd,Astoria,NY,11105,en",
  "0003,Анна,Иванова,2900 Ocean Pkwy,Brooklyn,NY,11235,",
  "0004,小明,王,168 Grand Street,New York,NY,10013,en",
  "0005,민준,김,5 Oak Rd,Fort Lee,NJ,07024,en",
  "0006,سارة,حداد,12 Elm St,Dearborn,MI,48126,en",
  "0007,דוד,לוי,40 Pine Ave,Teaneck,NJ,07666,es",
];

function generate(roster: string, out: string, extra: string[] = []) {
  return generateRoster(demo, roster, out, extra);
}

async function exportRoster(): Promise<string> {
  const file = join(await tempDir("export"), "export.csv");
  await writeFile(file, `${EXPORT.join("\n")}\n`);
  return file;
}

const EXPORT_COLUMNS = ["--columns", "address_1=street,postal_code=zip"];

let exportRun: Promise<{ roster: string; out: string }> | undefined;
/**
 * The export through the bundled template with nothing else set, made once for the tests that read
 * it (the names in the text layer; the bytes a second run of the same input must match).
 */
function exportRunFolder(): Promise<{ roster: string; out: string }> {
  exportRun ??= (async () => {
    const roster = await exportRoster();
    const out = join(await tempDir("export-run"), "run");
    const result = await generate(roster, out, EXPORT_COLUMNS);
    expect(result.code, result.stderr).toBe(0);
    return { roster, out };
  })();
  return exportRun;
}

const grow = (r: Rect, by: number): Rect => ({
  x: r.x - by,
  y: r.y - by,
  width: r.width + 2 * by,
  height: r.height + 2 * by,
});

// One window per paper through the whole command; every preset's window is checked in process
// (test/unit/letters/presets.test.ts), so the other two add a run each and nothing more.
const PRESETS: [PaperName, EnvelopePreset][] = [
  ["letter", "us10"],
  ["a4", "din5008b"],
];

describe("a REDCap export with its own column names, on both papers", () => {
  it.each(PRESETS)(
    "%s paper, %s window: address in the window with ⅛ in clear, names as written, QR decoded",
    async (paper, envelope) => {
      const roster = await exportRoster();
      const out = join(await tempDir(envelope), "run");
      const result = await generate(roster, out, [
        ...EXPORT_COLUMNS,
        "--paper",
        paper,
        "--envelope",
        envelope,
      ]);
      expect(result.code, result.stderr).toBe(0);
      const window = letterGeometry(paper, envelope).window;
      if (window === undefined) throw new Error("no window");
      for (const line of EXPORT.slice(1)) {
        const [id = "", first = "", last = "", street = "", city = "", state = "", zip = ""] =
          line.split(",");
        const pdf = await readFile(join(out, "letters", `${id}--baseline_survey.pdf`));
        const [page1 = []] = await pdfLines(pdf);
        const name = printedName(first, last);
        for (const expected of [name, street, `${city}, ${state} ${zip}`]) {
          const found = page1.find((l) => l.text === expected.normalize("NFC"));
          expect(found, `${id}: ${expected}`).toBeDefined();
          if (found !== undefined) expect(contains(grow(window.window, 0.5), grow(found, 8.5))).toBe(true);
        }
        const stray = page1.filter(
          (l) =>
            intersects(l, window.exposed) && ![name, street, `${city}, ${state} ${zip}`].includes(l.text),
        );
        // Only DIN 5008's neutral return line may share the window with the address.
        expect(stray.every((l) => l.text.endsWith("PO Box 1000, Anytown, ST 00000"))).toBe(true);
        expect(await pdfQrCodes(pdf, LETTER_QR_DPI)).toEqual([[baselineResume(demo, id)]]);
      }
    },
  );
});

describe("languages and scripts", () => {
  it("a copied English template with no Spanish twin: the Spanish row stops the run before any participant's code is fetched", async () => {
    const dir = await tempDir("english-only");
    for (const name of ["letter.md", "sample-logo.png", "sample-signature.png"]) {
      await copyFile(packagePath("templates", name), join(dir, name));
    }
    const before = demo.sim.stats.count("surveyAccessCode") + demo.sim.stats.count("surveyReturnCode");
    const out = join(dir, "run");
    const result = await generate(await exportRoster(), out, [
      ...EXPORT_COLUMNS,
      "--template",
      join(dir, "letter.md"),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `no letter template is in language "es" (${join(dir, "letter.md")} has: en); add a translation letter.es.md beside it, or correct the rows' language (roster line 8)`,
    );
    // The project is checked too (one report): only the probe of the survey's settings is sent.
    expect(demo.sim.stats.count("surveyAccessCode") + demo.sim.stats.count("surveyReturnCode")).toBe(
      before + 1,
    );
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });

  it("prints every name in the text layer as written, in the letter's language, beside its own QR", async () => {
    const { out } = await exportRunFolder();
    for (const line of EXPORT.slice(1)) {
      const [id = "", first = "", last = "", , , , , language = ""] = line.split(",");
      const pdf = await readFile(join(out, "letters", `${id}--baseline_survey.pdf`));
      // These letters are also the ones the next test compares byte for byte with a second run's.
      expect(await pdfQrCodes(pdf, LETTER_QR_DPI), id).toEqual([[baselineResume(demo, id)]]);
      const text = (await pdfText(pdf)).join("\n");
      const name = printedName(first, last);
      const greeting = language === "es" ? `Estimado/a ${name}:` : `Dear ${name},`;
      expect(text).toContain(greeting.normalize("NFC"));
      expect(text).not.toContain("\uFFFD");
    }
  });
});

describe("same input, same bytes", () => {
  it("two runs of the same roster write identical letter files, and the second prints every QR", async () => {
    const { roster, out: a } = await exportRunFolder();
    const b = join(await tempDir("same-b"), "run");
    expect((await generate(roster, b, EXPORT_COLUMNS)).code).toBe(0);
    const files = (await readdir(join(a, "letters"))).sort();
    expect(files).toHaveLength(7);
    for (const file of files) {
      const [x, y] = await Promise.all([
        readFile(join(a, "letters", file)),
        readFile(join(b, "letters", file)),
      ]);
      expect(x.equals(y), file).toBe(true);
    }
    // The letters are read in the test above; the second run's print file (drawn again from the
    // letters' data, not copied) is read here: every QR, in roster order.
    const ids = EXPORT.slice(1).map((line) => line.split(",")[0] ?? "");
    expect(await printedQrCodes(b)).toEqual([ids.map((id) => baselineResume(demo, id))]);
  });
});
