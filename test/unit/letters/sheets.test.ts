import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { TemplateError, UsageError } from "../../../src/errors.js";
import type { PaperName } from "../../../src/letters/envelopes.js";
import { type LetterKit, loadLetterKit } from "../../../src/letters/index.js";
import {
  placement,
  positionRect,
  positionsPerSheet,
  type SheetLayout,
  sheetPreset,
} from "../../../src/letters/sheets/presets.js";
import { positionList } from "../../../src/letters/sheets/sheet-note.js";
import { packagePath } from "../../../src/paths.js";
import type { LetterData } from "../../../src/types.js";
import {
  pdfInfo,
  pdfLines,
  pdfPageSizes,
  pdfQrCodes,
  pdfQrSymbols,
  type TextLine,
} from "../../helpers/pdf.js";
import { demoRows, expectedQr, letterFor } from "./letter-fixtures.js";

// Card and label sheets, in-process: every position where the maker's numbers put it, each card
// with its own participant's text and QR and nobody else's, part-used sheets, and text that does not fit.

const MM = 72 / 25.4;
const IN = 72;

/** The shared spec's table (letters.md), typed in again: label size, top and left margin, pitch. */
const SPEC: Record<SheetLayout, Record<PaperName, number[]>> = {
  cards: {
    letter: [2, 5, 3.5 * IN, 2 * IN, 0.5 * IN, 0.75 * IN, 3.5 * IN, 2 * IN],
    a4: [2, 5, 85 * MM, 54 * MM, 13.5 * MM, 15 * MM, 95 * MM, 54 * MM],
  },
  labels: {
    letter: [3, 10, 2.625 * IN, 1 * IN, 0.5 * IN, 0.1875 * IN, 2.75 * IN, 1 * IN],
    a4: [3, 7, 63.5 * MM, 38.1 * MM, 15.15 * MM, 7.2 * MM, 66.04 * MM, 38.1 * MM],
  },
};

const SHEETS = (["cards", "labels"] as const).flatMap((layout) =>
  (["letter", "a4"] as const).map((paper) => [layout, paper] as const),
);

function specRect(layout: SheetLayout, paper: PaperName, n: number) {
  const [columns = 0, , width = 0, height = 0, top = 0, left = 0, pitchX = 0, pitchY = 0] =
    SPEC[layout][paper];
  const i = n - 1;
  return { x: left + (i % columns) * pitchX, y: top + Math.floor(i / columns) * pitchY, width, height };
}

const inside = (r: { x: number; y: number; width: number; height: number }, l: TextLine, slack = 0.5) =>
  l.x >= r.x - slack &&
  l.y >= r.y - slack &&
  l.x + l.width <= r.x + r.width + slack &&
  l.y + l.height <= r.y + r.height + slack;
const centreIn = (
  r: { x: number; y: number; width: number; height: number },
  l: { x: number; y: number; width: number; height: number },
) => {
  const [cx, cy] = [l.x + l.width / 2, l.y + l.height / 2];
  return cx > r.x && cx < r.x + r.width && cy > r.y && cy < r.y + r.height;
};

async function sheetFile(kit: LetterKit, letters: readonly LetterData[]) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const { pages } = await kit.renderPrintFile(letters, out, { duplex: false });
  return { pages, pdf: Buffer.concat(chunks) };
}

const rows = demoRows();

describe("sheet presets", () => {
  it.each(SHEETS)(
    "%s on %s: every position within 1 mm of the spec's numbers, all on the paper",
    (layout, paper) => {
      const preset = sheetPreset(layout, paper);
      const [columns = 0, rowCount = 0] = SPEC[layout][paper];
      expect(positionsPerSheet(preset)).toBe(columns * rowCount);
      for (let n = 1; n <= positionsPerSheet(preset); n++) {
        const got = positionRect(preset, n);
        const want = specRect(layout, paper, n);
        for (const k of ["x", "y", "width", "height"] as const)
          expect(Math.abs(got[k] - want[k])).toBeLessThan(MM);
        expect(got.x + got.width).toBeLessThanOrEqual(preset.paper.width);
        expect(got.y + got.height).toBeLessThanOrEqual(preset.paper.height);
      }
    },
  );

  it("--start-at 4 puts the first item in position 4 and the eighth on the next sheet's first", () => {
    const cards = sheetPreset("cards", "letter");
    expect(placement(cards, 0, 4)).toEqual({ sheet: 0, position: 4 });
    expect(placement(cards, 6, 4)).toEqual({ sheet: 0, position: 10 });
    expect(placement(cards, 7, 4)).toEqual({ sheet: 1, position: 1 });
  });
});

describe("cards", () => {
  it.each(["letter", "a4"] as const)(
    "on %s: each card in its position, its QR the participant's resume link, its text its own",
    async (paper) => {
      const kit = await loadLetterKit({ layout: "cards", paper, startAt: 4 });
      const letters = [0, 1, 2, 4, 5, 6, 7, 8].map((i) => letterFor(rows[i] ?? {}, i === 1 ? 2 : 1));
      const cards = letters.flatMap((l) => l.surveys.map((s) => ({ letter: l, survey: s })));
      const { pdf, pages } = await sheetFile(kit, letters);
      expect(pages).toBe(2);
      const sizes = await pdfPageSizes(pdf);
      expect(sizes[0]?.width).toBeCloseTo(sheetPreset("cards", paper).paper.width, 0);
      const [lines, qrs] = [await pdfLines(pdf), await pdfQrSymbols(pdf)];
      const others = (mine: LetterData) =>
        letters
          .filter((l) => l !== mine)
          .flatMap((l) => [l.fields.last_name ?? "", ...l.surveys.map((s) => s.accessCode)]);
      cards.forEach(({ letter, survey }, i) => {
        const { sheet, position } = placement(sheetPreset("cards", paper), i, 4);
        const rect = specRect("cards", paper, position);
        const onCard = (lines[sheet] ?? []).filter((l) => centreIn(rect, l));
        for (const l of onCard) expect(inside(rect, l), `${l.text} stays on card ${position}`).toBe(true);
        const text = onCard.map((l) => l.text).join("\n");
        for (const expected of [
          letter.fields.last_name ?? "",
          survey.label,
          survey.accessCode,
          survey.returnCode,
        ])
          expect(text).toContain(expected.normalize("NFC"));
        expect(text).toContain("https://redcap.example.edu/surveys/");
        for (const foreign of others(letter)) expect(text).not.toContain(foreign.normalize("NFC"));
        const qr = (qrs[sheet] ?? []).filter((q) => centreIn(rect, q));
        expect(qr.map((q) => q.data)).toEqual([expectedQr(survey)]);
        for (const q of qr) {
          const module = q.width / (17 + 4 * q.version);
          // The symbol with its 4-module quiet zone on each side: at least 25 mm.
          expect(q.width + 8 * module).toBeGreaterThanOrEqual(25 * MM);
          expect(module).toBeGreaterThanOrEqual(0.5 * MM - 0.05);
          expect(q.quietZoneClear).toBe(true);
        }
      });
      // Positions 1 to 3 of the first sheet are left empty.
      for (const n of [1, 2, 3]) {
        const rect = specRect("cards", paper, n);
        expect((lines[0] ?? []).filter((l) => centreIn(rect, l))).toEqual([]);
        expect((qrs[0] ?? []).filter((q) => centreIn(rect, q))).toEqual([]);
      }
    },
  );

  it("a long name shrinks to fit; one too long for a card fails that row, saying why, quoting nothing", async () => {
    const kit = await loadLetterKit({ layout: "cards" });
    const row = {
      ...(rows[1] ?? {}),
      first_name: "Maximiliana Josefina",
      last_name: "Santisteban",
    };
    expect(kit.check({ language: undefined, fields: row })).toEqual([]);
    const [line] =
      (await pdfLines(await kit.renderLetter(letterFor(row))))[0]?.filter((l) =>
        l.text.startsWith("Maximiliana"),
      ) ?? [];
    expect(line?.size).toBeLessThan(11);
    const long = { ...row, last_name: "Wolfeschlegelsteinhausenbergerdorff ".repeat(4).trim() };
    expect(kit.check({ language: undefined, fields: long })).toEqual([
      "the name is too long for a card, even in small type",
    ]);
    await expect(kit.renderLetter(letterFor(long))).rejects.toThrow(
      "The card cannot be printed: the name is too long for a card, even in small type",
    );
  });

  it("needs only the name: a roster with no address columns", async () => {
    const kit = await loadLetterKit({ layout: "cards", paper: "a4" });
    expect(kit.requirements(undefined)).toMatchObject({
      required: ["first_name", "last_name"],
      placeholders: ["first_name", "last_name"],
    });
    const fields = { record_id: "0031", first_name: "Ana", last_name: "Pérez" };
    expect(kit.check({ language: undefined, fields })).toEqual([]);
    expect(kit.check({ language: undefined, fields: { ...fields, last_name: "" } })).toEqual([
      'column "last_name" has no value, and the card needs it',
    ]);
  });

  it("prints the return code only when the template keeps it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rp-cards-template-"));
    try {
      for (const name of ["sample-logo.png", "sample-signature.png"])
        await copyFile(packagePath("templates", name), join(dir, name));
      const bundled = await readFile(packagePath("templates", "letter.md"), "utf8");
      await writeFile(
        join(dir, "letter.md"),
        bundled.replace("date: long", "date: long\nshowReturnCode: false"),
      );
      const data = letterFor(rows[1] ?? {});
      const survey = data.surveys[0];
      const without = await loadLetterKit({ layout: "cards", templateFile: join(dir, "letter.md") });
      const text = async (kit: LetterKit) =>
        (await pdfLines(await kit.renderLetter(data))).flat().map((l) => l.text);
      expect(await text(without)).not.toContain("Return code");
      expect(await text(without)).not.toContain(survey?.returnCode);
      expect(await text(await loadLetterKit({ layout: "cards" }))).toContain(survey?.returnCode);
      expect(await pdfQrCodes(await without.renderLetter(data))).toEqual([[survey && expectedQr(survey)]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a survey title or login address too long for a card fails the row when the card is made", async () => {
    const kit = await loadLetterKit({ layout: "cards" });
    const data = letterFor(rows[1] ?? {});
    const [survey] = data.surveys;
    if (survey === undefined) throw new Error("no survey");
    const title = { ...data, surveys: [{ ...survey, label: "Quality of Life Questionnaire ".repeat(6) }] };
    await expect(kit.renderLetter(title)).rejects.toThrow(
      "The card cannot be printed: the survey's title is too long for a card, even in small type",
    );
    const host = `https://${"redcap-".repeat(12)}example.edu/surveys/?s=ABC`;
    const link = { ...data, surveys: [{ ...survey, surveyLink: host }] };
    await expect(kit.renderLetter(link)).rejects.toThrow(
      "The card cannot be printed: the survey's login address is too long",
    );
  });

  it("--start-at past the sheet's last position, or with a letter, is a usage error", async () => {
    await expect(loadLetterKit({ layout: "cards", startAt: 11 })).rejects.toThrow(
      new UsageError(
        "--start-at 11 is past the last position: Avery 5371/8371 sheets have 10 (1 to 10, across then down)",
      ),
    );
    await expect(loadLetterKit({ startAt: 4 })).rejects.toThrow(UsageError);
  });
});

describe("labels", () => {
  it.each(["letter", "a4"] as const)(
    "on %s: the address alone, in print order, each inside its label",
    async (paper) => {
      const kit = await loadLetterKit({ layout: "labels", paper, startAt: 4 });
      const letters = rows.slice(0, 5).map((r) => letterFor(r));
      const { pdf, pages } = await sheetFile(kit, letters);
      expect(pages).toBe(1);
      const [page = []] = await pdfLines(pdf);
      expect(await pdfQrSymbols(pdf)).toEqual([[]]);
      letters.forEach((letter, i) => {
        const rect = specRect("labels", paper, 4 + i);
        const onLabel = page.filter((l) => centreIn(rect, l));
        for (const l of onLabel) expect(inside(rect, l)).toBe(true);
        expect(onLabel.map((l) => l.text)).toContain(letter.fields.address_1?.normalize("NFC"));
        expect(onLabel.map((l) => l.text).join(" ")).not.toMatch(/Survey|code|Healthy/i);
      });
      expect(page.filter((l) => [1, 2, 3].some((n) => centreIn(specRect("labels", paper, n), l)))).toEqual(
        [],
      );
    },
  );

  it("an address too long for a label fails that row, saying why", async () => {
    const kit = await loadLetterKit({ layout: "labels" });
    const row = { ...(rows[1] ?? {}), address_1: "Building 7, ".repeat(24) };
    expect(kit.check({ language: undefined, fields: row })).toEqual([
      "the address is too long to fit on an address label, even in small type",
    ]);
  });
});

describe("alignment pages", () => {
  it.each(SHEETS)(
    "%s on %s: every position numbered where the preset puts it, every word inside a position",
    async (layout, paper) => {
      const kit = await loadLetterKit({ layout, paper });
      const pdf = await kit.alignmentPage();
      expect((await pdfInfo(pdf)).pages).toBe(1);
      const [page = []] = await pdfLines(pdf);
      const positions = positionsPerSheet(sheetPreset(layout, paper));
      for (let n = 1; n <= positions; n++) {
        const number = page.find((l) => l.text === String(n));
        expect(number, `position ${n}`).toBeDefined();
        if (number !== undefined) expect(centreIn(specRect(layout, paper, n), number)).toBe(true);
      }
      const rects = Array.from({ length: positions }, (_, i) => specRect(layout, paper, i + 1));
      for (const line of page)
        expect(
          rects.some((r) => inside(r, line)),
          line.text,
        ).toBe(true);
      expect(page.map((l) => l.text).join(" ")).toContain(paper === "a4" ? " mm" : " in");
    },
  );
});

const MARKS = ["Replacement card", "Tarjeta de reemplazo"];
const overlap = (a: TextLine, b: { x: number; y: number; width: number; height: number }) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** A copy of the bundled template with `labels` added to its settings, in a folder of its own. */
async function bundledWith(labels: string): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), "rp-sheet-template-"));
  for (const name of ["sample-logo.png", "sample-signature.png"])
    await copyFile(packagePath("templates", name), join(dir, name));
  const file = join(dir, "letter.md");
  const bundled = await readFile(packagePath("templates", "letter.md"), "utf8");
  // The first "---" line after the opening one ends the settings.
  await writeFile(file, bundled.replace("\n---\n", `\nlabels:\n  ${labels}\n---\n`));
  return { dir, file };
}

describe("replacements", () => {
  it.each(["letter", "a4"] as const)(
    "on %s: a card made again carries its language's mark under the QR's caption, inside the card; a first card none",
    async (paper) => {
      const kit = await loadLetterKit({ layout: "cards", paper });
      // Maria in Spanish, James, a name on two lines with a long title (the fullest card), Nguyễn.
      const long = {
        ...(rows[1] ?? {}),
        record_id: "0040",
        first_name: "Maximiliana Josefina",
        last_name: "Santisteban-Echeverría",
      };
      const letters = [rows[0] ?? {}, rows[1] ?? {}, long, rows[2] ?? {}].map((r, i) => {
        const letter = letterFor(r);
        const surveys =
          i === 2
            ? letter.surveys.map((s) => ({ ...s, label: "Quality of Life Questionnaire, Month 12" }))
            : letter.surveys;
        return i === 3 ? { ...letter, surveys } : { ...letter, surveys, reprint: true };
      });
      const { pdf } = await sheetFile(kit, letters);
      const [lines = []] = await pdfLines(pdf);
      const [qrs = []] = await pdfQrSymbols(pdf);
      letters.forEach((letter, i) => {
        const rect = specRect("cards", paper, i + 1);
        const onCard = lines.filter((l) => centreIn(rect, l));
        for (const l of onCard) expect(inside(rect, l), `${l.text} stays on card ${i + 1}`).toBe(true);
        const qr = qrs.filter((q) => centreIn(rect, q));
        expect(qr.map((q) => q.data)).toEqual(letter.surveys.map(expectedQr));
        const [symbol] = qr;
        if (symbol === undefined) return;
        expect(symbol.quietZoneClear).toBe(true);
        const marks = onCard.filter((l) => MARKS.includes(l.text));
        const want = letter.reprint !== true ? [] : [letter.language === "es" ? MARKS[1] : MARKS[0]];
        expect(marks.map((l) => l.text)).toEqual(want);
        // The caption: what is under the symbol, in its column.
        const caption = onCard.filter(
          (l) =>
            l.y > symbol.y + symbol.height &&
            Math.abs(l.x + l.width / 2 - (symbol.x + symbol.width / 2)) < 2 &&
            !marks.includes(l),
        );
        expect(caption.length).toBeGreaterThan(0);
        for (const mark of marks) {
          const module = symbol.width / (17 + 4 * symbol.version);
          // Clear of the symbol's quiet zone, below its caption, apart from every other text of the card.
          expect(mark.y).toBeGreaterThan(symbol.y + symbol.height + 4 * module);
          for (const c of caption) expect(mark.y).toBeGreaterThanOrEqual(c.y + c.height - 1);
          for (const other of onCard.filter((l) => l !== mark))
            expect(overlap(mark, other), other.text).toBe(false);
          expect(mark.size).toBeGreaterThanOrEqual(6);
        }
      });
    },
  );

  it("a long mark shrinks to its floor on two lines; one too long for any card stops the template", async () => {
    // Too long for two lines at the mark's 8 pt: it must shrink, to the 6 pt floor.
    const wordy = "This card replaces the card we gave you earlier";
    const { dir, file } = await bundledWith(`replacementCard: ${JSON.stringify(wordy)}`);
    const absurd = await bundledWith(`replacementCard: ${JSON.stringify("Replacement card, ".repeat(8))}`);
    try {
      const kit = await loadLetterKit({ layout: "cards", templateFile: file });
      const data = { ...letterFor(rows[1] ?? {}), reprint: true };
      const pdf = await kit.renderLetter(data);
      const [lines = []] = await pdfLines(pdf);
      const rect = specRect("cards", "letter", 1);
      for (const l of lines) expect(inside(rect, l), l.text).toBe(true);
      const mark = lines.filter((l) => l.text.length > 3 && wordy.includes(l.text));
      expect(mark.map((l) => l.text)).toEqual(["This card replaces the", "card we gave you earlier"]);
      expect(mark.map((l) => l.size)).toEqual([6, 6]);
      expect(await pdfQrCodes(pdf)).toEqual([data.surveys.map(expectedQr)]);
      // Letters never print it: the same template makes letters.
      await expect(loadLetterKit({ templateFile: absurd.file })).resolves.toBeDefined();
      const refused = await loadLetterKit({ layout: "cards", templateFile: absurd.file }).catch(
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(TemplateError);
      expect((refused as Error).message).toContain(
        "the template's replacement card label is too long for a card, even in small type",
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(absurd.dir, { recursive: true, force: true });
    }
  });

  it("a label sheet notes the positions of its replacement labels in its top margin, sheet by sheet", async () => {
    const paper = "a4";
    const kit = await loadLetterKit({ layout: "labels", paper, startAt: 19 });
    const again = [true, false, true, true, true, true, false, false];
    const letters = again.map((reprint, i) => ({ ...letterFor(rows[i] ?? {}), reprint }));
    const { pdf, pages } = await sheetFile(kit, letters);
    expect(pages).toBe(2);
    const sheets = await pdfLines(pdf);
    const preset = sheetPreset("labels", paper);
    const notes = sheets.map((page) => page.filter((l) => l.text.startsWith("Replacement")));
    expect(notes.map((n) => n.map((l) => l.text))).toEqual([
      ["Replacement labels at positions 19, 21"],
      ["Replacement labels at positions 1–3"],
    ]);
    for (const note of notes.flat()) {
      expect(note.y + note.height).toBeLessThanOrEqual(preset.top);
      expect(note.y).toBeGreaterThan(0.2 * IN - 1);
      expect(note.x).toBeGreaterThanOrEqual(0.5 * IN - 1);
      expect(note.x + note.width).toBeLessThanOrEqual(preset.paper.width - 0.5 * IN + 1);
    }
    // The labels themselves (they go on envelopes) say nothing of it.
    for (const page of sheets)
      for (const l of page.filter((l) => !l.text.startsWith("Replacement labels")))
        expect(l.text).not.toMatch(/Replacement|reemplazo/);
    const first = await sheetFile(
      kit,
      letters.map(({ reprint: _, ...l }) => l),
    );
    expect((await pdfLines(first.pdf)).flat().filter((l) => l.text.startsWith("Replacement"))).toEqual([]);
  });

  it.each([
    [[1], "1"],
    [[1, 2], "1, 2"],
    [[1, 2, 3], "1–3"],
    [[1, 3, 4, 5, 6, 9, 10, 30], "1, 3–6, 9, 10, 30"],
  ])("positions %j are written %s", (positions, text) => {
    expect(positionList(positions)).toBe(text);
  });

  it("a long note on the sheet's every other position fits the top margin, or the template is refused", async () => {
    const long = await bundledWith(`replacementLabels: "${"Made again: ".repeat(30)}{{positions}}"`);
    const odd = await bundledWith('replacementLabels: "Replacement labels for {{record_id}}"');
    // Long enough, with every other position listed, to be set smaller or on two lines.
    const wordy = await bundledWith(
      'replacementLabels: "Replacement labels, made again because the first envelopes were lost in the post, at positions {{positions}}"',
    );
    try {
      for (const paper of ["letter", "a4"] as const) {
        for (const templateFile of [undefined, wordy.file]) {
          const kit = await loadLetterKit({ layout: "labels", paper, ...(templateFile && { templateFile }) });
          const letters = Array.from({ length: 30 }, (_, i) => ({
            // In the template's own language (the wordy one has no translations).
            ...letterFor({ ...rows[i % rows.length], language: "" }),
            reprint: i % 2 === 0,
          }));
          const [page = []] = await pdfLines((await sheetFile(kit, letters)).pdf);
          const preset = sheetPreset("labels", paper);
          const { top } = preset;
          const pageWidth = preset.paper.width;
          // Everything above the first row of labels is the note: inside the margin, whole.
          const note = page.filter((l) => l.y < top);
          expect(note.length).toBeGreaterThan(0);
          for (const line of note) {
            expect(line.y).toBeGreaterThan(0.2 * IN - 1);
            expect(line.y + line.height).toBeLessThanOrEqual(top);
            expect(line.x).toBeGreaterThanOrEqual(0.5 * IN - 1);
            expect(line.x + line.width).toBeLessThanOrEqual(pageWidth - 0.5 * IN + 1);
          }
          const text = note.map((l) => l.text).join(" ");
          expect(text).toContain("Replacement labels");
          const odd = Array.from({ length: preset.columns * preset.rows }, (_, i) => i + 1).filter(
            (n) => n % 2,
          );
          expect(text.replace(/\s+/g, " ")).toContain(positionList(odd));
        }
      }
      const message = async (file: string) =>
        ((await loadLetterKit({ layout: "labels", templateFile: file }).catch((e: unknown) => e)) as Error)
          .message;
      expect(await message(long.file)).toContain(
        '"labels.replacementLabels" is too long for the top margin of the Avery 5160/8160 sheet, even in small type',
      );
      expect(await message(odd.file)).toContain(
        '"labels.replacementLabels" has {{record_id}}, which is not filled in there (only {{positions}} is)',
      );
      await expect(loadLetterKit({ layout: "cards", templateFile: odd.file })).resolves.toBeDefined();
    } finally {
      for (const folder of [long.dir, odd.dir, wordy.dir]) await rm(folder, { recursive: true, force: true });
    }
  });
});
