import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PaperName } from "../../src/letters/envelopes.js";
import { placement, positionRect, sheetPreset } from "../../src/letters/sheets/presets.js";
import {
  baselineResume,
  DEMO_ROSTER,
  type Demo,
  generateRoster,
  LETTER_QR_DPI,
  startDemo,
} from "../helpers/demo.js";
import { pdfLines, pdfQrCodes, pdfQrSymbols, type TextLine } from "../helpers/pdf.js";
import { printedQrCodes } from "../helpers/printed.js";
import { runBuiltCli, tempDir } from "../helpers/run-cli.js";

// The front desk's layouts through the built command: hand-outs and cards from a roster with no
// address columns, address labels in print order, each on Letter and on A4, on part-used sheets.
// (Geometry in detail: test/unit/letters/sheets.test.ts.)

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  await demo.sim.close();
});

const TOO_LONG = "Wolfeschlegelsteinhausenbergerdorff ".repeat(4).trim();

/** A visit list: names and languages, no address columns; row 4's name fits no card. */
async function visitRoster(): Promise<string> {
  const file = join(await tempDir("visits"), "visits.csv");
  const rows = [
    "record_id,first_name,last_name,language",
    "0001,Maria,Hernández López,es",
    "0002,James,O'Connor,en",
    "0003,Nguyễn Thị,Minh Khai,",
    `0004,Γιώργος,${TOO_LONG},en`,
    "0005,Анна,Иванова,en",
  ];
  await writeFile(file, `${rows.join("\n")}\n`);
  return file;
}

type ManifestRow = Record<string, string>;
const manifest = async (out: string) =>
  parse(await readFile(join(out, "manifest.csv")), { columns: true }) as ManifestRow[];

async function printFile(out: string): Promise<Buffer> {
  const [file] = await readdir(join(out, "print"));
  return readFile(join(out, "print", file ?? ""));
}

const centreIn = (
  r: { x: number; y: number; width: number; height: number },
  b: TextLine | { x: number; y: number; width: number; height: number },
) =>
  b.x + b.width / 2 > r.x &&
  b.x + b.width / 2 < r.x + r.width &&
  b.y + b.height / 2 > r.y &&
  b.y + b.height / 2 < r.y + r.height;

describe("hand-outs", () => {
  it.each(["a4", "letter"] as PaperName[])(
    "a roster with no address columns: every packet made on %s paper, no address printed, each QR its own",
    async (paper) => {
      const out = join(await tempDir("handout"), "run");
      const roster = await visitRoster();
      const result = await generateRoster(demo, roster, out, ["--layout", "handout", "--paper", paper]);
      expect(result.code, result.stderr).toBe(0);
      expect((await manifest(out)).map((r) => r.status)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
      const greetings: Record<string, [string, string]> = {
        "0001": ["López", "Estimado/a Maria Hernández López:"],
        "0002": ["O'Connor", "Dear James O'Connor,"],
        "0003": ["Minh Khai", "Dear Nguyễn Thị Minh Khai,"],
        "0005": ["Иванова", "Dear Анна Иванова,"],
      };
      const ids = ["0001", "0002", "0003", "0004", "0005"];
      for (const id of ids) {
        const pdf = await readFile(join(out, "letters", `${id}--baseline_survey.pdf`));
        expect(await pdfQrCodes(pdf, LETTER_QR_DPI), id).toEqual([[baselineResume(demo, id)]]);
        // No address block: the name appears in the greeting only. (0004's name, too long for a
        // card, wraps over two lines of its greeting: its QR is what this loop reads of it.)
        const [family, greeting] = greetings[id] ?? [];
        if (family === undefined || greeting === undefined) continue;
        const named = (await pdfLines(pdf)).flat().filter((l) => l.text.includes(family.normalize("NFC")));
        expect(named.map((l) => l.text)).toEqual([greeting.normalize("NFC")]);
      }
      // The print file, drawn again from the hand-outs' data: every QR, in roster order.
      expect(await printedQrCodes(out)).toEqual([ids.map((id) => baselineResume(demo, id))]);
    },
  );
});

describe("cards", () => {
  it.each([
    { paper: "letter" as PaperName, extra: ["--start-at", "4"], sheet: "Letter from position 4" },
    { paper: "a4" as PaperName, extra: [], sheet: "A4" },
  ])(
    "$sheet: one card per participant in its position, its QR its resume link; a name too long fails its row",
    async ({ paper, extra }) => {
      const out = join(await tempDir(`cards-${paper}`), "run");
      const result = await generateRoster(demo, await visitRoster(), out, [
        "--layout",
        "cards",
        "--paper",
        paper,
        ...extra,
      ]);
      expect(result.code, result.stderr).toBe(1);
      const rows = await manifest(out);
      expect(rows.map((r) => [r.record_id, r.status, r.error])).toEqual([
        ["0001", "ok", ""],
        ["0002", "ok", ""],
        ["0003", "ok", ""],
        ["0004", "failed", "the name is too long for a card, even in small type"],
        ["0005", "ok", ""],
      ]);
      const pdf = await printFile(out);
      const [symbols, lines] = [await pdfQrSymbols(pdf), await pdfLines(pdf)];
      const startAt = extra.length > 0 ? 4 : 1;
      const preset = sheetPreset("cards", paper);
      const made = ["0001", "0002", "0003", "0005"];
      made.forEach((id, i) => {
        const { sheet, position } = placement(preset, i, startAt);
        const card = positionRect(preset, position);
        const qrs = (symbols[sheet] ?? []).filter((q) => centreIn(card, q));
        expect(
          qrs.map((q) => q.data),
          `card of ${id} at ${position}`,
        ).toEqual([baselineResume(demo, id)]);
        const text = (lines[sheet] ?? [])
          .filter((l) => centreIn(card, l))
          .map((l) => l.text)
          .join("\n");
        const codes = demo.sim.codesFor({
          recordId: id,
          instrument: "baseline_survey",
          event: undefined,
          repeatInstance: 1,
        });
        expect(text).toContain(codes.accessCode);
        expect(text).toContain(codes.returnCode);
        for (const other of made.filter((o) => o !== id)) {
          const theirs = demo.sim.codesFor({
            recordId: other,
            instrument: "baseline_survey",
            event: undefined,
            repeatInstance: 1,
          });
          expect(text).not.toContain(theirs.accessCode);
        }
      });
      for (let n = 1; n < startAt; n++) {
        const empty = positionRect(preset, n);
        expect((lines[0] ?? []).filter((l) => centreIn(empty, l))).toEqual([]);
        expect((symbols[0] ?? []).filter((q) => centreIn(empty, q))).toEqual([]);
      }
      expect(JSON.stringify(rows)).not.toMatch(/Wolfe|surveys|[?&]s=/);
    },
  );

  it("the alignment page of the A4 card preset", async () => {
    const file = join(await tempDir("align-cards"), "cards.pdf");
    const result = await runBuiltCli(["alignment", "--layout", "cards", "--paper", "a4", "--out", file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Sheet alignment page (cards): ${file}`);
    const [page = []] = await pdfLines(await readFile(file));
    for (let n = 1; n <= 10; n++) {
      const number = page.find((l) => l.text === String(n));
      expect(number !== undefined && centreIn(positionRect(sheetPreset("cards", "a4"), n), number)).toBe(
        true,
      );
    }
  });
});

describe("labels", () => {
  it.each(["a4", "letter"] as PaperName[])(
    "address labels on %s paper from --start-at 4, in --sort-by order, the address alone",
    async (paper) => {
      const out = join(await tempDir("labels"), "run");
      const result = await generateRoster(demo, DEMO_ROSTER, out, [
        "--layout",
        "labels",
        "--paper",
        paper,
        "--start-at",
        "4",
        "--sort-by",
        "postal_code",
      ]);
      expect(result.code, result.stderr).toBe(0);
      const roster = parse(await readFile(DEMO_ROSTER), { columns: true }) as ManifestRow[];
      const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
      const order = [...roster].sort((a, b) => collator.compare(a.postal_code ?? "", b.postal_code ?? ""));
      const pdf = await printFile(out);
      expect(await pdfQrCodes(pdf)).toEqual([[]]);
      const [page = []] = await pdfLines(pdf);
      const preset = sheetPreset("labels", paper);
      order.forEach((row, i) => {
        const label = positionRect(preset, placement(preset, i, 4).position);
        const text = page.filter((l) => centreIn(label, l)).map((l) => l.text);
        expect(text.at(-1), `label ${i + 4}`).toContain(row.postal_code);
        expect(text.join(" ")).not.toMatch(/Survey|code|Healthy Hearts/i);
      });
      for (const n of [1, 2, 3]) expect(page.filter((l) => centreIn(positionRect(preset, n), l))).toEqual([]);
    },
  );
});
