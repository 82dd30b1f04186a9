// A letter's page as the kit draws it, recorded as the pdfkit calls it makes: where each line of text
// goes in which font and size, the pictures, the rules, the QR code. Replaying the tape (minimal-pdfkit.ts)
// draws the same page with pdfkit alone: no template, no layout, no checks.

import PDFDocument from "pdfkit";
import type { LetterKit } from "../letters/index.js";
import { qrUrl } from "../links.js";
import type { LetterData } from "../types.js";

export type TapeOp =
  | { readonly kind: "call"; readonly method: string; readonly args: readonly unknown[] }
  /** A picture: the file's bytes, then `image`'s position and size. */
  | { readonly kind: "image"; readonly source: Buffer; readonly args: readonly unknown[] }
  /** A QR code: its URL, its top-left corner and its module size in points. */
  | {
      readonly kind: "qr";
      readonly url: string;
      readonly x: number;
      readonly y: number;
      readonly module: number;
    };

// What a letter draws with. Queries (widthOfString …) change nothing on the page, and init*/end* run
// inside the constructor and end(), which the replay calls itself.
const DRAWING = new Set([
  ...["addPage", "font", "fontSize", "registerFont", "lineGap", "text", "image", "openImage", "link"],
  ...["save", "restore", "translate", "scale", "rotate", "transform", "clip"],
  ...["fillColor", "strokeColor", "opacity", "fillOpacity", "strokeOpacity", "lineWidth", "lineCap"],
  ...["lineJoin", "dash", "undash", "moveTo", "lineTo", "bezierCurveTo", "quadraticCurveTo", "closePath"],
  ...["rect", "roundedRect", "ellipse", "circle", "polygon", "path", "fill", "stroke", "fillAndStroke"],
]);

interface Call {
  readonly method: string;
  readonly args: unknown[];
  readonly result: unknown;
}

/** Renders `data` once with the kit and returns the page's tape. */
export async function recordTape(kit: LetterKit, data: LetterData): Promise<TapeOp[]> {
  const calls = await recordCalls(() => kit.renderLetter(data));
  const urls = data.surveys.map((s) => qrUrl(s.surveyLink, s.returnCode, undefined));
  return toTape(calls, urls);
}

/**
 * The document methods `work` calls directly (not the ones pdfkit calls from inside them), by
 * wrapping them on the prototype for the time of `work`. Nothing else may draw meanwhile.
 */
async function recordCalls(work: () => Promise<unknown>): Promise<Call[]> {
  const proto = PDFDocument.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = new Map([...DRAWING].map((name) => [name, proto[name]]));
  const calls: Call[] = [];
  let depth = 0;
  for (const [name, original] of originals) {
    if (original === undefined) continue;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      depth += 1;
      try {
        const result = original.apply(this, args);
        if (depth === 1) calls.push({ method: name, args, result });
        return result;
      } finally {
        depth -= 1;
      }
    };
  }
  try {
    await work();
  } finally {
    for (const [name, original] of originals) if (original !== undefined) proto[name] = original;
  }
  return calls;
}

/** Pictures by their bytes (the replay opens each once per document), QR codes by their URL. */
function toTape(calls: readonly Call[], urls: readonly string[]): TapeOp[] {
  const sources = new Map<unknown, Buffer>();
  const tape: TapeOp[] = [];
  let qrs = 0;
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i] as Call;
    const qrEnd = call.method === "save" ? qrBlockEnd(calls, i) : -1;
    if (qrEnd >= 0) {
      const [x, y] = (calls[i + 1] as Call).args as [number, number];
      const [module] = (calls[i + 2] as Call).args as [number];
      tape.push({ kind: "qr", url: urls[qrs++] ?? "", x, y, module });
      i = qrEnd;
    } else if (call.method === "openImage") {
      sources.set(call.result, call.args[0] as Buffer);
    } else if (call.method === "image" && sources.has(call.args[0])) {
      tape.push({ kind: "image", source: sources.get(call.args[0]) as Buffer, args: call.args.slice(1) });
    } else {
      tape.push({ kind: "call", method: call.method, args: call.args });
    }
  }
  if (qrs !== urls.length) throw new Error(`the tape holds ${qrs} QR codes for ${urls.length} surveys`);
  return tape;
}

/** The kit draws a QR code as save, translate, scale, rectangles, fills, restore (qr.ts). */
function qrBlockEnd(calls: readonly Call[], save: number): number {
  if (calls[save + 1]?.method !== "translate" || calls[save + 2]?.method !== "scale") return -1;
  return calls.findIndex((c, j) => j > save && c.method === "restore");
}
