import { beforeAll, describe, expect, it, vi } from "vitest";
import { contains, intersects, PT_PER_MM } from "../../../src/letters/geometry.js";
import { type LetterKit, loadLetterKit } from "../../../src/letters/index.js";
import { letterGeometry } from "../../../src/letters/letter-geometry.js";
import { loginUrl } from "../../../src/links.js";
import { pdfInfo, pdfLines, pdfQrSymbols, pdfText } from "../../helpers/pdf.js";
import { demoRows, expectedQr, letterFor, printedName } from "./letter-fixtures.js";

const usWindow = letterGeometry("letter", "us10").window;
if (usWindow === undefined) throw new Error("us10 has a window");
const geometry = usWindow;
let kit: LetterKit;

beforeAll(async () => {
  kit = await loadLetterKit();
});

describe("one letter per demo participant (every script, both languages)", () => {
  it.each(demoRows().map((r) => [`${r.record_id} ${r.language}`, r] as const))("%s", async (_name, row) => {
    const data = letterFor(row);
    const survey = data.surveys[0];
    if (survey === undefined) throw new Error("fixture has no survey");
    const pdf = await kit.renderLetter(data);
    const [page1 = ""] = await pdfText(pdf);
    const lines = page1.split("\n");

    const name = printedName(row.first_name ?? "", row.last_name ?? "");
    expect(lines).toContain(name);
    expect(lines).toContain(survey.accessCode);
    expect(lines).toContain(survey.returnCode);
    expect(lines).toContain(loginUrl(survey.surveyLink));
    expect(page1).not.toContain(expectedQr(survey));
    expect(page1).toContain(row.language === "es" ? "Código de acceso" : "Access code");

    expect((await pdfQrSymbols(pdf)).flat().map((q) => q.data)).toEqual([expectedQr(survey)]);
    expect(pdf.length).toBeLessThan(row.first_name?.match(/\p{Script=Han}/u) ? 150_000 : 100_000);
  });
});

describe("what shows through the envelope window", () => {
  it.each(demoRows().map((r) => [r.record_id, r] as const))(
    "record %s: only the address, inside the window",
    async (_id, row) => {
      const pdf = await kit.renderLetter(letterFor(row));
      const [lines = []] = await pdfLines(pdf);
      const inWindow = lines.filter((l) => intersects(l, geometry.exposed));
      expect(inWindow.map((l) => l.text)).toEqual(
        [
          printedName(row.first_name ?? "", row.last_name ?? ""),
          row.address_1,
          row.address_2,
          `${row.city}, ${row.state} ${row.postal_code}`,
        ]
          .filter((t) => t !== "")
          .map((t) => t?.normalize("NFC")),
      );
      for (const l of inWindow) expect(contains(geometry.address, l, 1)).toBe(true);
      const [qrs = []] = await pdfQrSymbols(pdf);
      for (const q of qrs) expect(intersects(q, geometry.exposed)).toBe(false);
    },
  );

  it("shrinks a long address, then wraps it, and keeps it in the window", async () => {
    const row = {
      ...demoRows()[9],
      address_1: "2201 Avenida de las Américas, Edificio Central Torre Norte, Oficina 1204",
    };
    const [lines = []] = await pdfLines(await kit.renderLetter(letterFor(row)));
    const inWindow = lines.filter((l) => intersects(l, geometry.exposed));
    expect(inWindow.length).toBeGreaterThan(4);
    for (const l of inWindow) expect(contains(geometry.address, l, 1)).toBe(true);
  });
});

describe("the survey panels", () => {
  it("prints one panel per survey, each with its own codes and QR, off the folds", async () => {
    const data = letterFor(demoRows()[4] ?? {}, 3);
    const pdf = await kit.renderLetter(data);
    const text = (await pdfText(pdf)).join("\n").split("\n");
    const qrs = await pdfQrSymbols(pdf);
    expect(qrs.flat().map((q) => q.data)).toEqual(data.surveys.map(expectedQr));
    for (const s of data.surveys) {
      expect(text).toContain(s.accessCode);
      expect(text).toContain(s.returnCode);
    }
    for (const q of qrs.flat()) {
      for (const fold of geometry.folds) expect(q.y > fold || q.y + q.height < fold).toBe(true);
    }
  });

  it("prints the access code unbroken at 16 pt or more", async () => {
    const data = letterFor(demoRows()[0] ?? {});
    const [lines = []] = await pdfLines(await kit.renderLetter(data));
    const code = lines.find((l) => l.text === data.surveys[0]?.accessCode);
    expect(code?.size).toBeGreaterThanOrEqual(16);
  });

  it("draws QR symbols 30–40 mm wide with their quiet zone, modules 0.4–1 mm, quiet zone white", async () => {
    const pdf = await kit.renderLetter(letterFor(demoRows()[2] ?? {}, 2));
    for (const q of (await pdfQrSymbols(pdf, 200)).flat()) {
      const modules = 17 + 4 * q.version;
      const moduleMm = q.width / modules / PT_PER_MM;
      expect(moduleMm).toBeGreaterThanOrEqual(0.4);
      expect(moduleMm).toBeLessThanOrEqual(1.0);
      const totalMm = moduleMm * (modules + 8);
      expect(totalMm).toBeGreaterThanOrEqual(30);
      expect(totalMm).toBeLessThanOrEqual(40);
      expect(q.quietZoneClear).toBe(true);
    }
  });

  it("says on a reprint that the codes are unchanged", async () => {
    const data = letterFor(demoRows()[1] ?? {});
    const pdf = await kit.renderLetter(data, { reprint: true });
    const text = (await pdfText(pdf)).join("\n");
    expect(text).toContain("Your codes have not changed");
  });
});

describe("where a replacement letter's note goes", () => {
  /** Page count, and on page 1 the tops of the note's first line, the greeting and the QR code. */
  async function noteAndNeighbours(pdf: Buffer, note: string, greeting: string) {
    const [lines = []] = await pdfLines(pdf);
    const [[qr] = []] = await pdfQrSymbols(pdf);
    const top = (start: string) => lines.find((l) => l.text.startsWith(start))?.y;
    return { pages: (await pdfInfo(pdf)).pages, note: top(note), greeting: top(greeting), qr: qr?.y };
  }

  it("under the survey panel when, above the text, it would push the panel past a fold and the letter onto a second page", async () => {
    // US Letter in a #10 envelope: the bundled English letter's panel ends just above the lower
    // fold, so two more lines above it would move it below that fold, and the letter's end overleaf.
    const data = letterFor(demoRows()[1] ?? {});
    const survey = data.surveys[0];
    if (survey === undefined) throw new Error("fixture has no survey");
    const first = await kit.renderLetter(data);
    const again = await kit.renderLetter(data, { reprint: true });
    const at = await noteAndNeighbours(again, "This letter replaces one", "Dear ");
    expect((await pdfInfo(first)).pages).toBe(1);
    expect(at.pages).toBe(1);
    expect(at.note).toBeGreaterThan(at.qr ?? Number.POSITIVE_INFINITY);
    expect((await pdfQrSymbols(again)).flat().map((q) => q.data)).toEqual([expectedQr(survey)]);
    // Laid out twice, drawn once: the same bytes every time.
    expect((await kit.renderLetter(data, { reprint: true })).equals(again)).toBe(true);
  });

  it("above the text when the letter fits its pages with it there", async () => {
    // A4 in a DIN 5008 B envelope: the first fold is higher, and the panel stays clear of the next.
    const a4 = await loadLetterKit({ paper: "a4", envelope: "din5008b" });
    const row = demoRows()[0] ?? {};
    const again = await a4.renderLetter(letterFor(row), { reprint: true });
    const at = await noteAndNeighbours(again, "Esta carta reemplaza", "Estimado/a ");
    expect(at.pages).toBe(1);
    expect(at.note).toBeLessThan(at.greeting ?? 0);
  });

  it("above the text when the letter takes a second page either way", async () => {
    // The Spanish letter's longer text leaves no room under its panel for the note and the
    // signature: two pages wherever the note goes, so it stays where a reader looks first.
    const row = demoRows()[0] ?? {};
    const again = await kit.renderLetter(letterFor(row), { reprint: true });
    const at = await noteAndNeighbours(again, "Esta carta reemplaza", "Estimado/a ");
    expect(at.pages).toBe(2);
    expect(at.note).toBeLessThan(at.greeting ?? 0);
  });
});

describe("privacy of the file", () => {
  it("has no name or code in the PDF metadata", async () => {
    const data = letterFor(demoRows()[0] ?? {});
    const info = await pdfInfo(await kit.renderLetter(data));
    expect(info.title).toBe("Survey letter");
    expect(info.author).toBeUndefined();
    expect(info.subject).toBeUndefined();
  });
});

describe("rows a run checked before its first code", () => {
  it("are drawn without checking them again; any other row is checked as it is drawn", async () => {
    const data = letterFor(demoRows()[0] ?? {});
    const check = vi.spyOn(kit, "check");
    try {
      await kit.renderLetter({ ...data, checked: true });
      expect(check).not.toHaveBeenCalled();
      await kit.renderLetter(data);
      expect(check).toHaveBeenCalledTimes(1);
    } finally {
      check.mockRestore();
    }
  });
});
