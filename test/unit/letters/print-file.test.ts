import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { type LetterKit, loadLetterKit } from "../../../src/letters/index.js";
import type { LetterData } from "../../../src/types.js";
import { pdfInfo, pdfQrCodes, pdfText } from "../../helpers/pdf.js";
import { demoRows, expectedQr, letterFor } from "./letter-fixtures.js";

let kit: LetterKit;
beforeAll(async () => {
  kit = await loadLetterKit();
});

async function printFile(letters: Iterable<LetterData> | AsyncIterable<LetterData>, duplex: boolean) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const { pages } = await kit.renderPrintFile(letters, out, { duplex });
  return { pages, pdf: Buffer.concat(chunks) };
}

const rows = demoRows();
const letters = [1, 3, 1, 2, 1, 1].map((surveys, i) => letterFor(rows[(i * 5) % rows.length] ?? {}, surveys));

describe("the merged print file", () => {
  it("keeps the input order: every QR in order, each letter's own", async () => {
    const { pdf, pages } = await printFile(letters, false);
    expect((await pdfQrCodes(pdf)).flat()).toEqual(letters.flatMap((l) => l.surveys.map(expectedQr)));
    expect((await pdfInfo(pdf)).pages).toBe(pages);
  });

  it("duplex pads every packet to an even page count, so each letter starts on a front", async () => {
    const single = await Promise.all(
      letters.map(async (l) => (await pdfInfo(await kit.renderLetter(l))).pages),
    );
    const { pdf, pages } = await printFile(letters, true);
    expect(pages).toBe(single.reduce((n, p) => n + p + (p % 2), 0));
    const text = await pdfText(pdf);
    expect(text).toHaveLength(pages);
    const starts = text.flatMap((t, i) =>
      /^(Healthy Hearts Study|Estudio Corazones Sanos)/.test(t) ? [i] : [],
    );
    expect(starts).toHaveLength(letters.length);
    for (const i of starts) expect(i % 2).toBe(0);
    expect(single.some((p) => p % 2 === 1)).toBe(true);
  });

  it("accepts an async iterable and embeds fonts once (far smaller than separate files)", async () => {
    async function* many() {
      for (let i = 0; i < 20; i++)
        yield letterFor({ ...(rows[i % rows.length] ?? {}), record_id: String(100 + i) });
    }
    const { pdf, pages } = await printFile(many(), false);
    expect(pages).toBe(20);
    const separate = await kit.renderLetter(letterFor(rows[1] ?? {}));
    expect(pdf.length).toBeLessThan(separate.length * 8);
  });
});
