// The letter kit: templates and fonts loaded once, then any number of letters and print files.

import { finished } from "node:stream/promises";
import { RowError, TemplateError } from "../errors.js";
import { resumeUrl } from "../links.js";
import type { LetterData } from "../types.js";
import { alignmentPage } from "./alignment.js";
import { checkRow, labelProblem, type RowInput, textProblem } from "./check.js";
import type { DocFonts, FontMode } from "./draw.js";
import { type FontLibrary, loadFontLibrary } from "./fonts.js";
import { PAPER, windowGeometry } from "./geometry.js";
import { UnprintableTextError } from "./layout.js";
import type { QrPainter } from "./panel.js";
import { drawQr, qrPng, qrSymbol, qrWidth } from "./qr.js";
import { documentBytes, drawLetter, type LetterContext, type LetterOptions, newDocument } from "./render.js";
import { sampleLetter } from "./sample.js";
import {
  type LoadedTemplate,
  loadTemplateSet,
  optionalColumns,
  pickTemplate,
  stringsOf,
  type TemplateSet,
} from "./template.js";

export interface LetterKitOptions {
  /** The letter template; language siblings beside it are used for rows in that language. */
  readonly templateFile?: string;
  /** Printed on letters whose template has `showDate`. */
  readonly date?: Date;
  /** Benchmark only: "bytes" makes pdfkit re-parse fonts per document; "png" embeds QR codes as images. */
  readonly fontMode?: FontMode;
  readonly qrMode?: "vector" | "png";
}

export interface PrintFileOptions {
  /** Pad each packet to an even page count so no letter starts on the back of another. */
  readonly duplex: boolean;
}

export interface TemplateRequirements {
  readonly templateFile: string;
  /** `address.required`: columns that must have a value in every row. */
  readonly required: readonly string[];
  /** Every column a `{{…}}` placeholder of the template names, in order of first use. */
  readonly placeholders: readonly string[];
  /**
   * Placeholder columns the roster may lack altogether: used only in address lines (an empty line is
   * dropped, like `{{address_2}}`) and not required. Never overlaps `required`.
   */
  readonly optional: readonly string[];
}

export interface LetterKit {
  /** Row problems the letter would hit (missing required values, unprintable scripts), before any API call. */
  check(row: RowInput): string[];
  /**
   * The template a language uses and the roster columns it names, for checking the roster header before
   * any code is fetched. A column in `required` or `placeholders` but not in `optional` must be a roster
   * column, or every letter of that language would fail or print a blank where the column's value belongs.
   */
  requirements(language: string | undefined): TemplateRequirements;
  /**
   * Why a survey label (the instrument's label in REDCap) cannot be printed, without quoting it; undefined
   * when it can. It reads as the rest of a sentence: `the label of instrument "x" ${problem}`.
   */
  labelProblem(label: string): string | undefined;
  /** One packet as PDF bytes; RowError when the row cannot be printed. */
  renderLetter(data: LetterData, options?: LetterOptions): Promise<Buffer>;
  /** Every letter in one document, fonts embedded once, streamed to `out` (which is ended). */
  renderPrintFile(
    letters: Iterable<LetterData> | AsyncIterable<LetterData>,
    out: NodeJS.WritableStream,
    options: PrintFileOptions,
  ): Promise<{ pages: number }>;
  /** A page that shows where the envelope window falls, to print on plain paper and hold against an envelope. */
  alignmentPage(language?: string): Promise<Buffer>;
}

export async function loadLetterKit(options: LetterKitOptions = {}): Promise<LetterKit> {
  const [lib, set] = await Promise.all([loadFontLibrary(), loadTemplateSet(options.templateFile)]);
  const kit = createKit(lib, set, options);
  await verifyTemplate(kit, lib, set.base, undefined);
  for (const [language, loaded] of set.byLanguage) await verifyTemplate(kit, lib, loaded, language);
  return kit;
}

function createKit(lib: FontLibrary, set: TemplateSet, options: LetterKitOptions): LetterKit {
  const mode = options.fontMode ?? "parsed";
  const contexts = new Map<LoadedTemplate, Omit<LetterContext, "paintQr">>();
  const contextOf = (language: string | undefined) => {
    const template = pickTemplate(set, language);
    let ctx = contexts.get(template);
    if (ctx === undefined) {
      const paper = PAPER[template.template.paper];
      ctx = {
        lib,
        template,
        paper,
        geometry: windowGeometry(paper, template.template.envelope),
        date: options.date,
      };
      contexts.set(template, ctx);
    }
    return ctx;
  };

  const check = (row: RowInput) => {
    const ctx = contextOf(row.language);
    return checkRow(lib, ctx.template, ctx.geometry, row);
  };

  /** Draws one packet into `fonts`' document; returns its page count. */
  const draw = async (fonts: DocFonts, data: LetterData, opts: LetterOptions = {}): Promise<number> => {
    const problems = check(data);
    if (problems.length > 0) throw new RowError(`The letter cannot be printed: ${problems.join("; ")}`);
    const labels = data.surveys.map((s) => s.label);
    for (const [i, label] of labels.entries()) {
      const problem = labelProblem(lib, label);
      if (problem !== undefined) throw new RowError(`The label of survey ${i + 1} ${problem}`);
    }
    lib.prepare(labels.join(""));
    const paintQr = options.qrMode === "png" ? await pngPainter(data) : vectorPainter;
    try {
      const reprint = opts.reprint === true || data.reprint === true;
      return drawLetter(fonts, { ...contextOf(data.language), paintQr }, data, { reprint });
    } catch (cause) {
      if (cause instanceof RowError) throw cause;
      if (cause instanceof UnprintableTextError)
        throw new RowError(`The letter cannot be printed: ${cause.message}`);
      // An unknown error's message could quote anything (a name, a code): name its kind only.
      const kind = cause instanceof Error ? cause.name : typeof cause;
      throw new RowError(`The letter could not be laid out (unexpected ${kind}); please report it`, {
        cause,
      });
    }
  };

  return {
    check,
    requirements(language) {
      const { template } = contextOf(language);
      return {
        templateFile: template.file,
        required: template.template.address.required,
        placeholders: template.columns,
        optional: optionalColumns(template),
      };
    },
    labelProblem: (label) => labelProblem(lib, label),
    async renderLetter(data, opts) {
      const fonts = newDocument(mode, "Survey letter");
      await draw(fonts, data, opts);
      return documentBytes(fonts.doc);
    },
    async renderPrintFile(letters, out, { duplex }) {
      const fonts = newDocument(mode, "Survey letters");
      const done = finished(out);
      fonts.doc.pipe(out);
      let pages = 0;
      try {
        for await (const data of letters) {
          let count = await draw(fonts, data);
          if (duplex && count % 2 === 1) {
            fonts.doc.addPage({ size: [fonts.doc.page.width, fonts.doc.page.height], margin: 0 });
            count++;
          }
          pages += count;
          // Let the piped stream drain between letters: pdfkit buffers whatever the reader has not taken.
          if (fonts.doc.readableLength > 1 << 20) await new Promise((r) => setImmediate(r));
        }
      } finally {
        fonts.doc.end();
        await done;
      }
      return { pages };
    },
    async alignmentPage(language) {
      const fonts = newDocument(mode, "Envelope alignment");
      alignmentPage(fonts, contextOf(language));
      return documentBytes(fonts.doc);
    },
  };
}

const vectorPainter: QrPainter = (fonts, symbol, _url, x, y) => drawQr(fonts.doc, symbol, x, y);

async function pngPainter(data: LetterData): Promise<QrPainter> {
  const images = new Map<string, Buffer>();
  for (const s of data.surveys) {
    const url = resumeUrl(s.surveyLink, s.returnCode);
    images.set(url, await qrPng(url, qrSymbol(url)));
  }
  return (fonts, symbol, url, x, y) => {
    const png = images.get(url);
    if (png !== undefined) fonts.doc.image(png, x, y, { width: qrWidth(symbol) });
  };
}

/** A template that cannot render stops the run before any code is fetched. */
async function verifyTemplate(
  kit: LetterKit,
  lib: FontLibrary,
  loaded: LoadedTemplate,
  language: string | undefined,
): Promise<void> {
  const problems: string[] = [];
  for (const [key, value] of stringsOf(loaded.template)) {
    lib.prepare(value);
    const problem = textProblem(lib, value.replace(/\{\{[^{}]*\}\}/g, ""));
    if (problem !== undefined) problems.push(`  - "${key}" ${problem}`);
  }
  if (problems.length === 0) {
    try {
      await kit.renderLetter(sampleLetter(loaded, language), { reprint: true });
    } catch (cause) {
      problems.push(`  - it cannot render a sample letter: ${(cause as Error).message}`);
    }
  }
  if (problems.length > 0)
    throw new TemplateError(`${loaded.file}: the letter template cannot be used:\n${problems.join("\n")}`);
}
