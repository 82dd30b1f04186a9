// The same letter rendered many times at once must be the same bytes every time. pdfkit decodes a PNG
// with transparency on the thread pool (png-js → zlib.inflate) and numbers its soft mask when that decode
// finishes, so the bundled logo and signature (both RGBA) once came out in either order.

import { expect, it, vi } from "vitest";
import { loadLetterKit } from "../../../src/letters/index.js";
import { demoRows, letterFor } from "./letter-fixtures.js";

// On a busy machine the thread pool finishes decodes in any order; on an idle one the logo's (the smaller)
// nearly always finishes first, and 30 renders caught the race only one run in five or six. Here every
// asynchronous inflate answers up to 20 ms late, at random, as it might under load: without opaque
// pictures 3 to 14 of the 30 letters differ on every run. This runs before pdfkit is imported (this file
// has its own process), because png-js keeps the zlib.inflate it finds when it loads.
await vi.hoisted(async () => {
  const { default: zlib } = await import("node:zlib");
  const { syncBuiltinESMExports } = await import("node:module");
  const inflate = zlib.inflate as (...args: unknown[]) => void;
  zlib.inflate = ((...args: unknown[]) => {
    const done = args.pop() as (e: Error | null, out: Buffer) => void;
    inflate(...args, (e: Error | null, out: Buffer) => setTimeout(() => done(e, out), Math.random() * 20));
  }) as typeof zlib.inflate;
  syncBuiltinESMExports();
});

it("renders one letter 30 times, five at once, as the same bytes every time", async () => {
  const kit = await loadLetterKit({ date: new Date("2026-03-04T12:00:00Z") });
  const data = letterFor(demoRows()[1] ?? {});
  const pdfs: Buffer[] = [];
  for (let round = 0; round < 6; round++) {
    pdfs.push(...(await Promise.all(Array.from({ length: 5 }, () => kit.renderLetter(data)))));
  }
  const first = pdfs[0];
  if (first === undefined) throw new Error("no letter rendered");
  expect(pdfs.filter((pdf) => !pdf.equals(first)).length).toBe(0);
});
