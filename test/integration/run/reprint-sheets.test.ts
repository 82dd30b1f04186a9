import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGenerateCommand } from "../../../src/cli/generate-command.js";
import type { CliIo } from "../../../src/cli/io.js";
import { runReprintCommand } from "../../../src/cli/reprint-command.js";
import { positionRect, sheetPreset } from "../../../src/letters/sheets/presets.js";
import { baselineResume, type Demo, startDemo } from "../../helpers/demo.js";
import { pdfLines, pdfQrSymbols } from "../../helpers/pdf.js";

// `reprint` (and a --force re-run) of cards and labels, in process: what is made again says it is a
// replacement (REDCap cannot revoke a code, so the earlier card or envelope still works), and the
// terminal says what was made in the layout's words.

let demo: Demo;
let dir: string;
beforeAll(async () => {
  demo = await startDemo();
  dir = await mkdtemp(join(tmpdir(), "rp-reprint-sheets-"));
});
afterAll(async () => {
  await demo.sim.close();
  await rm(dir, { recursive: true, force: true });
});

function io(): CliIo & { out: () => string } {
  const stdout = new PassThrough();
  let text = "";
  stdout.on("data", (c: Buffer) => {
    text += c.toString();
  });
  return {
    argv: [],
    env: { REDCAP_API_TOKEN: demo.token },
    cwd: dir,
    platform: process.platform,
    stdout,
    stderr: new PassThrough(),
    signal: new AbortController().signal,
    owner: { pid: process.pid, isAlive: () => true },
    out: () => text,
  };
}

async function generate(out: string, roster: string, flags: Record<string, string | boolean>) {
  const cli = io();
  const code = await runGenerateCommand(
    { roster, apiUrl: demo.sim.apiUrl, instrument: "baseline_survey", out, ...flags },
    cli,
  );
  return { code, stdout: cli.out() };
}

async function reprint(out: string, ids: string[]) {
  const cli = io();
  const code = await runReprintCommand(ids, { out }, cli);
  const stdout = cli.out();
  const file = /Open and print: (.+)/.exec(stdout)?.[1] ?? "";
  return { code, stdout, pdf: await readFile(file) };
}

async function newestPrintFile(out: string): Promise<Buffer> {
  const files = (await readdir(join(out, "print"))).sort();
  return readFile(join(out, "print", files[files.length - 1] ?? ""));
}

type Box = { x: number; y: number; width: number; height: number };
const centreIn = (r: Box, b: Box) =>
  b.x + b.width / 2 > r.x &&
  b.x + b.width / 2 < r.x + r.width &&
  b.y + b.height / 2 > r.y &&
  b.y + b.height / 2 < r.y + r.height;

const MARKS = ["Replacement card", "Tarjeta de reemplazo"];

describe("reprint of cards, in process", () => {
  it("marks each card made again in its participant's language, under its QR; first cards carry their own QR and no mark", async () => {
    const roster = join(dir, "visits.csv");
    await writeFile(
      roster,
      "record_id,first_name,last_name,language\n0001,Maria,Hernández López,es\n0002,James,O'Connor,en\n0003,Anna,Ivanova,\n",
    );
    const out = join(dir, "cards");
    const first = await generate(out, roster, { layout: "cards" });
    expect(first.code, first.stdout).toBe(0);
    expect(first.stdout).toContain("Made cards for 3 participant(s), skipped 0, failed 0");
    const firstSheet = await newestPrintFile(out);
    const firstText = (await pdfLines(firstSheet)).flat().map((l) => l.text);
    for (const mark of MARKS) expect(firstText).not.toContain(mark);
    // Each first card carries its own participant's QR, in roster order, and no other QR is printed.
    const preset = sheetPreset("cards", "letter");
    const firstQrs = await pdfQrSymbols(firstSheet);
    expect(firstQrs).toHaveLength(1);
    const onCards = [1, 2, 3].map((position) =>
      (firstQrs[0] ?? []).filter((q) => centreIn(positionRect(preset, position), q)).map((q) => q.data),
    );
    expect(onCards).toEqual(["0001", "0002", "0003"].map((id) => [baselineResume(demo, id)]));
    expect(firstQrs.flat()).toHaveLength(3);

    const again = await reprint(out, ["0001", "0002"]);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain("Made cards for 2 participant(s) again (0 REDCap requests).");
    const [lines = [], ...rest] = await pdfLines(again.pdf);
    expect(rest).toEqual([]);
    const [qrs = []] = await pdfQrSymbols(again.pdf);
    for (const [position, id, mark] of [
      [1, "0001", "Tarjeta de reemplazo"],
      [2, "0002", "Replacement card"],
    ] as const) {
      const card = positionRect(preset, position);
      const onCard = lines.filter((l) => centreIn(card, l));
      const qr = qrs.filter((q) => centreIn(card, q));
      expect(qr.map((q) => q.data)).toEqual([baselineResume(demo, id)]);
      const marked = onCard.filter((l) => MARKS.includes(l.text));
      expect(marked.map((l) => l.text)).toEqual([mark]);
      for (const l of marked) {
        // Under the QR (and its caption), inside the card.
        expect(l.y).toBeGreaterThan((qr[0]?.y ?? 0) + (qr[0]?.height ?? 0));
        expect(l.y + l.height).toBeLessThanOrEqual(card.y + card.height);
        expect(l.x).toBeGreaterThanOrEqual(card.x);
        expect(l.x + l.width).toBeLessThanOrEqual(card.x + card.width);
      }
    }

    // A re-run that makes a printed card again (--force) marks it too.
    const forced = await generate(out, roster, { layout: "cards", records: "0003", force: true });
    expect(forced.code, forced.stdout).toBe(0);
    expect(forced.stdout).toContain("Made cards for 1 participant(s), skipped 2, failed 0");
    const pdf = await newestPrintFile(out);
    expect((await pdfLines(pdf)).flat().map((l) => l.text)).toContain("Replacement card");
    expect((await pdfQrSymbols(pdf)).flat().map((q) => q.data)).toEqual([baselineResume(demo, "0003")]);
  });
});

describe("reprint of labels, in process", () => {
  it("notes the replacement positions in the sheet's top margin, never on the label", async () => {
    const roster = join(dir, "mailing.csv");
    await writeFile(
      roster,
      "record_id,first_name,last_name,address_1,city,state,postal_code\n" +
        "0001,Maria,López,1 Main St,Miami,FL,33135\n" +
        "0002,James,O'Connor,88 Birch Lane,Nashville,TN,37203\n" +
        "0003,Anna,Ivanova,2900 Ocean Pkwy,Brooklyn,NY,11235\n",
    );
    const out = join(dir, "labels");
    const first = await generate(out, roster, { layout: "labels" });
    expect(first.code, first.stdout).toBe(0);
    expect(first.stdout).toContain("Made 3 label(s), skipped 0, failed 0");
    const firstText = (await pdfLines(await newestPrintFile(out))).flat().map((l) => l.text);
    expect(firstText.filter((t) => t.includes("Replacement"))).toEqual([]);

    const again = await reprint(out, ["0001", "0003"]);
    expect(again.stdout).toContain("Made 2 label(s) again (0 REDCap requests).");
    const [lines = []] = await pdfLines(again.pdf);
    const preset = sheetPreset("labels", "letter");
    const note = lines.filter((l) => l.text.startsWith("Replacement"));
    expect(note.map((l) => l.text)).toEqual(["Replacement labels at positions 1, 2"]);
    for (const l of note) {
      expect(l.y).toBeGreaterThanOrEqual(0.2 * 72 - 1);
      expect(l.y + l.height).toBeLessThanOrEqual(preset.top);
    }
    const onLabels = [1, 2].map((n) =>
      lines.filter((l) => centreIn(positionRect(preset, n), l)).map((l) => l.text),
    );
    expect(onLabels).toEqual([
      ["Maria López", "1 Main St", "Miami, FL 33135"],
      ["Anna Ivanova", "2900 Ocean Pkwy", "Brooklyn, NY 11235"],
    ]);

    const one = await reprint(out, ["0002"]);
    expect(one.stdout).toContain("Made 1 label(s) again (0 REDCap requests).");
    const text = (await pdfLines(one.pdf)).flat().map((l) => l.text);
    expect(text).toContain("Replacement labels at positions 1");
  });
});
