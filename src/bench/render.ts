// Render throughput: the choices of performance-notes.md (fonts parsed once, vector QR, one merged
// file), and the kit's print file against pdfkit alone drawing the same pages (minimal-pdfkit.ts).
// Rounds interleave the variants, so drift over the run (warm-up, heat) touches each alike; each
// figure is the median round.

import { Writable } from "node:stream";
import { type LetterKit, type LetterKitOptions, loadLetterKit } from "../letters/index.js";
import { minimalPrintFile } from "./minimal-pdfkit.js";
import { recordTape, type TapeOp } from "./page-tape.js";
import { sampleLetter, sampleLetters } from "./sample-letters.js";

export interface RenderResult {
  readonly lettersPerSecond: number;
  readonly bytesPerLetter: number;
}

export interface RenderFigures {
  readonly once: RenderResult;
  readonly perDoc: RenderResult;
  readonly pngQr: RenderResult;
  /** The kit's print file of `mergedLetters` letters. */
  readonly merged: RenderResult;
  /** pdfkit alone drawing the same pages into one file. */
  readonly minimal: RenderResult;
}

export async function measureRender(
  letters: number,
  mergedLetters: number,
  rounds: number,
): Promise<RenderFigures> {
  const warmUp = Math.min(letters, 30);
  const parsed = await kitWith({}, warmUp);
  const reparsed = await kitWith({ fontMode: "bytes" }, warmUp);
  const png = await kitWith({ qrMode: "png" }, warmUp);
  const batch = sampleLetters(mergedLetters);
  // Checked first, as a run checks every row before it fetches a code: the print file draws rows
  // the run has checked (and does not check them again).
  for (const data of batch) parsed.check(data);
  const tapes: TapeOp[][] = [];
  for (const data of batch) tapes.push(await recordTape(parsed, data));

  const trials = {
    once: [] as RenderResult[],
    perDoc: [] as RenderResult[],
    pngQr: [] as RenderResult[],
    merged: [] as RenderResult[],
    minimal: [] as RenderResult[],
  };
  for (let round = 0; round < rounds; round++) {
    trials.once.push(await separate(parsed, letters));
    trials.perDoc.push(await separate(reparsed, letters));
    trials.pngQr.push(await separate(png, letters));
    trials.merged.push(
      await timed(mergedLetters, (sink) => parsed.renderPrintFile(batch, sink, { duplex: false })),
    );
    trials.minimal.push(await timed(mergedLetters, (sink) => minimalPrintFile(tapes, sink)));
  }
  return {
    once: median(trials.once),
    perDoc: median(trials.perDoc),
    pngQr: median(trials.pngQr),
    merged: median(trials.merged),
    minimal: median(trials.minimal),
  };
}

async function separate(kit: LetterKit, count: number): Promise<RenderResult> {
  let bytes = 0;
  const start = performance.now();
  for (let i = 0; i < count; i++) bytes += (await kit.renderLetter(sampleLetter(i))).length;
  return { lettersPerSecond: count / ((performance.now() - start) / 1000), bytesPerLetter: bytes / count };
}

/** One print file of `count` letters into a sink that only counts bytes. */
async function timed(count: number, draw: (sink: Writable) => Promise<unknown>): Promise<RenderResult> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const start = performance.now();
  await draw(sink);
  return { lettersPerSecond: count / ((performance.now() - start) / 1000), bytesPerLetter: bytes / count };
}

async function kitWith(options: LetterKitOptions, warmUp: number): Promise<LetterKit> {
  const kit = await loadLetterKit(options);
  await separate(kit, warmUp); // JIT and caches
  return kit;
}

/** The trial with the median rate: one slow or fast round (JIT, GC, the other core) does not decide. */
function median(results: readonly RenderResult[]): RenderResult {
  const sorted = [...results].sort((a, b) => a.lettersPerSecond - b.lettersPerSecond);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (middle === undefined) throw new Error("no trial ran");
  return middle;
}
