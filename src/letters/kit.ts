// The letter kit: templates, pictures and fonts loaded once, then any number of letters and print files.

import { basename, extname } from "node:path";
import { finished } from "node:stream/promises";
import { RowError, TemplateError, UsageError } from "../errors.js";
import { qrUrl } from "../links.js";
import { packagePath } from "../paths.js";
import type { LetterData } from "../types.js";
import { alignmentPage } from "./alignment.js";
import type { PageShape } from "./boxes.js";
import { labelProblem, textProblem } from "./check.js";
import { type DocFonts, type FontMode, PrintFileUpkeep } from "./draw.js";
import { type EnvelopeChoice, type PaperName, presetPaper } from "./envelopes.js";
import { type FontLibrary, loadFontLibrary } from "./fonts.js";
import { UnprintableTextError } from "./layout.js";
import { letterGeometry } from "./letter-geometry.js";
import type { QrPainter } from "./panel.js";
import { drawQr, qrPng, qrSymbol, qrWidth } from "./qr.js";
import { documentBytes, drawLetter, type LetterOptions, newDocument } from "./render.js";
import { checkRow, type RowInput } from "./row-check.js";
import { sampleLetter } from "./sample.js";
import { pageShape } from "./shape.js";
import { checkStartAt, SheetMaker } from "./sheets/sheet-maker.js";
import { sheetNoteProblem } from "./sheets/sheet-note.js";
import { templateColumns } from "./template/columns.js";
import { placeholdersIn, valuesFor } from "./template/fill.js";
import { ENGLISH_LABELS, SHEET_LABELS } from "./template/labels.js";
import { type LetterTemplate, loadTemplateSet, pickTemplate, type TemplateSet } from "./template/load.js";
import type { TemplateLayout } from "./template/settings.js";
import { templateStrings } from "./template/strings.js";
import { withoutAddress } from "./without-address.js";

export const DEFAULT_TEMPLATE = packagePath("templates", "letter.md");

export interface LetterKitOptions {
  /** The letter template; translations beside it are used for rows in their language. */
  readonly templateFile?: string;
  /** `--paper`: overrides the template's paper. */
  readonly paper?: "letter" | "a4";
  /** `--envelope`: overrides the template's envelope window preset. */
  readonly envelope?: "us10" | "din5008a" | "din5008b" | "dl" | "none";
  /** `--layout`: overrides the template's layout. */
  readonly layout?: TemplateLayout;
  /** `--start-at`: first position used on the first card or label sheet (1-based). */
  readonly startAt?: number;
  /** `--columns`: the roster column behind each name the template uses, so messages name the roster's. */
  readonly rosterColumns?: ReadonlyMap<string, string>;
  /** The letter's date (`{{date}}` and the date line). */
  readonly date?: Date;
  /** The rows' languages: only their translations are checked with a sample letter (default: all). */
  readonly languages?: ReadonlySet<string | undefined>;
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
  /** Columns that must have a value in every row. */
  readonly required: readonly string[];
  /** Every roster column the template names, in order of first use. */
  readonly placeholders: readonly string[];
  /** Columns the roster may lack altogether (address-only or guarded by {{#if}}). Never overlaps `required`. */
  readonly optional: readonly string[];
}

export interface LetterKit {
  /** What each participant gets: the --layout given, else the template's. */
  readonly layout: TemplateLayout;
  /** Row problems the letter would hit (no template in its language, missing values, unprintable scripts). */
  check(row: RowInput): string[];
  /** Why rows in `language` can get no letter (no translation); undefined when they can. */
  languageProblem(language: string | undefined): string | undefined;
  /** The columns the template for a language needs; undefined when there is no template in it. */
  requirements(language: string | undefined): TemplateRequirements | undefined;
  /** Why a survey label cannot be printed, without quoting it; undefined when it can. */
  labelProblem(label: string): string | undefined;
  /** One packet as PDF bytes; RowError when the row cannot be printed. */
  renderLetter(data: LetterData, options?: LetterOptions): Promise<Buffer>;
  /** Every letter in one document, fonts embedded once, streamed to `out` (which is ended). */
  renderPrintFile(
    letters: Iterable<LetterData> | AsyncIterable<LetterData>,
    out: NodeJS.WritableStream,
    options: PrintFileOptions,
  ): Promise<{ pages: number }>;
  /**
   * A page that shows where the envelope window falls, to print on plain paper and hold against an
   * envelope; for cards and labels, where the sheet's positions are, to hold against a sheet.
   */
  alignmentPage(language?: string): Promise<Buffer>;
}

export async function loadLetterKit(options: LetterKitOptions = {}): Promise<LetterKit> {
  const [lib, set] = await Promise.all([
    loadFontLibrary(),
    loadTemplateSet(options.templateFile ?? DEFAULT_TEMPLATE),
  ]);
  const kit = new Kit(lib, set, options);
  checkLayout(kit, set, options);
  await verifyTemplate(kit, lib, set.base, undefined);
  // Translations no row asks for are not rendered for nothing (a one-packet reprint waits for this).
  const used =
    options.languages === undefined
      ? undefined
      : new Set([...options.languages].map((language) => pickTemplate(set, language)));
  for (const [language, loaded] of set.byLanguage) {
    if (used === undefined || used.has(loaded)) await verifyTemplate(kit, lib, loaded, language);
  }
  return kit;
}

class Kit implements LetterKit {
  readonly #shapes = new Map<LetterTemplate, PageShape>();
  /**
   * Rows that passed the check, by their fields (never changed once read) and language: a caller
   * that draws one row's data again and again checks it once (a check lays the address out, about a
   * tenth of a letter's drawing). A run's letters say they were checked (`LetterData.checked`): it
   * checks every row before its first code, then draws each letter twice from values held packed.
   */
  readonly #passed = new WeakMap<object, string | undefined>();
  /** A survey label's verdict: a few labels, drawn on every letter. */
  readonly #labels = new Map<string, string | undefined>();
  /** The date line per template: one date for the whole run. */
  readonly #dates = new Map<LetterTemplate, string>();
  readonly #prepared = new Set<string>();
  readonly #addressFree = new Map<LetterTemplate, LetterTemplate>();
  /** Cards and labels: sheets of N-up positions instead of letters. */
  readonly sheets: SheetMaker | undefined;

  constructor(
    readonly lib: FontLibrary,
    readonly set: TemplateSet,
    readonly options: LetterKitOptions,
  ) {
    const { layout } = this;
    if (layout === "cards" || layout === "labels") {
      // The paper as for a letter: --paper, else one --envelope implies, else the template's.
      const { paper } = this.choice(set.base);
      this.sheets = new SheetMaker(
        lib,
        layout,
        paper,
        options.startAt ?? 1,
        options.fontMode ?? "parsed",
        set.base.labels.replacementLabels,
      );
    }
  }

  /** The template for a row's language, as the layout uses it: with no address when nothing prints one. */
  template(language: string | undefined): LetterTemplate | undefined {
    const template = pickTemplate(this.set, language);
    if (template === undefined || this.printsAddress(template)) return template;
    let free = this.#addressFree.get(template);
    if (free === undefined) {
      free = withoutAddress(template);
      this.#addressFree.set(template, free);
    }
    return free;
  }

  /** One layout for the whole run: the flag's, else the base template's (translations follow it). */
  get layout(): TemplateLayout {
    return this.options.layout ?? this.set.base.layout;
  }

  /** A letter in a window envelope and a label print the address; a hand-out and a card do not. */
  printsAddress(template: LetterTemplate): boolean {
    return (
      this.layout === "labels" || (this.layout === "letter" && this.choice(template).envelope !== "none")
    );
  }

  shape(template: LetterTemplate): PageShape {
    let shape = this.#shapes.get(template);
    if (shape === undefined) {
      const { paper, envelope } = this.choice(template);
      shape = pageShape(paper, envelope, template.file, template.windowReturnLine);
      this.#shapes.set(template, shape);
    }
    return shape;
  }

  /** Paper and envelope: the flags', else the template's; --envelope din5008b alone means A4. */
  choice(template: LetterTemplate): { paper: PaperName; envelope: EnvelopeChoice } {
    const implied = this.options.envelope === undefined ? undefined : presetPaper(this.options.envelope);
    const paper = this.options.paper ?? implied ?? template.paper;
    const usual = paper === "a4" ? "din5008b" : "us10";
    // Only a mailing letter has a window: a hand-out is handed over, cards and labels have their sheets.
    if (this.layout !== "letter") return { paper, envelope: "none" };
    return { paper, envelope: this.options.envelope ?? template.envelope ?? usual };
  }

  languageProblem(language: string | undefined): string | undefined {
    if (this.template(language) !== undefined) return undefined;
    const have = [this.set.base.language, ...this.set.byLanguage.keys()].join(", ");
    const file = this.set.base.file;
    const ext = extname(file);
    const translation = `${basename(file, ext)}.${language?.trim().toLowerCase()}${ext}`;
    return (
      `no letter template is in language "${language}" (${file} has: ${have}); ` +
      `add a translation ${translation} beside it, or correct the rows' language`
    );
  }

  check(row: RowInput): string[] {
    if (this.#passed.has(row.fields) && this.#passed.get(row.fields) === row.language) return [];
    const template = this.template(row.language);
    if (template === undefined) return [this.languageProblem(row.language) ?? ""];
    const problems =
      this.sheets !== undefined
        ? this.sheets.check(template, row, this.columnName)
        : checkRow(this.lib, template, this.shape(template), row, this.options.rosterColumns);
    if (problems.length === 0) this.#passed.set(row.fields, row.language);
    return problems;
  }

  requirements(language: string | undefined): TemplateRequirements | undefined {
    const template = this.template(language);
    if (template === undefined) return undefined;
    const columns = this.sheets?.columns(template) ?? templateColumns(template);
    return {
      templateFile: template.file,
      required: columns.required,
      placeholders: columns.all,
      optional: columns.optional,
    };
  }

  labelProblem(label: string): string | undefined {
    if (!this.#labels.has(label)) this.#labels.set(label, labelProblem(this.lib, label));
    return this.#labels.get(label);
  }

  async renderLetter(data: LetterData, opts?: LetterOptions): Promise<Buffer> {
    if (this.sheets !== undefined) {
      const made = opts?.reprint === true ? { ...data, reprint: true } : data;
      return this.sheets.renderLetter(this.sheetTemplate(made), made);
    }
    const fonts = newDocument(this.options.fontMode ?? "parsed", "Survey letter");
    await this.draw(fonts, data, opts);
    return documentBytes(fonts.doc);
  }

  async renderPrintFile(
    letters: Iterable<LetterData> | AsyncIterable<LetterData>,
    out: NodeJS.WritableStream,
    { duplex }: PrintFileOptions,
  ): Promise<{ pages: number }> {
    if (this.sheets !== undefined) {
      // A sheet is printed single-sided, one position after another: nothing to pad.
      return this.sheets.renderPrintFile(letters, (data) => this.sheetTemplate(data), out);
    }
    const fonts = newDocument(this.options.fontMode ?? "parsed", "Survey letters");
    const done = finished(out);
    fonts.doc.pipe(out);
    const upkeep = new PrintFileUpkeep(fonts);
    let pages = 0;
    try {
      for await (const data of letters) {
        let count = await this.draw(fonts, data);
        if (duplex && count % 2 === 1) {
          fonts.doc.addPage({ size: [fonts.doc.page.width, fonts.doc.page.height], margin: 0 });
          count++;
        }
        pages += count;
        await upkeep.afterLetter();
      }
    } finally {
      fonts.doc.end();
      await done;
    }
    return { pages };
  }

  async alignmentPage(language?: string): Promise<Buffer> {
    if (this.sheets !== undefined) return this.sheets.alignmentPage();
    const template = this.template(language) ?? this.set.base;
    const fonts = newDocument(this.options.fontMode ?? "parsed", "Envelope alignment");
    this.shape(template);
    const { paper, envelope } = this.choice(template);
    const geometry = letterGeometry(paper, envelope);
    alignmentPage(fonts, { lib: this.lib, geometry, title: "Envelope alignment test" });
    return documentBytes(fonts.doc);
  }

  /** Reads the font slices the survey labels need, once per set of labels (they repeat on every letter). */
  #prepare(labels: string): void {
    if (this.#prepared.has(labels)) return;
    this.lib.prepare(labels);
    if (this.#prepared.size > 1_000) this.#prepared.clear();
    this.#prepared.add(labels);
  }

  #date(template: LetterTemplate): string {
    let date = this.#dates.get(template);
    if (date === undefined) {
      date = formatDate(template, this.options.date);
      this.#dates.set(template, date);
    }
    return date;
  }

  /** The template of a card or label; RowError when the row's cannot be printed (as Kit.draw checks). */
  sheetTemplate(data: LetterData): LetterTemplate {
    const template = this.template(data.language);
    const problems = data.checked === true ? [] : this.check(data);
    if (template === undefined || problems.length > 0)
      throw new RowError(
        `The ${this.layout === "cards" ? "card" : "label"} cannot be printed: ${problems.join("; ")}`,
      );
    return template;
  }

  /** With --columns, the coordinator knows the roster's column (zip), not the template's name for it. */
  readonly columnName = (column: string): string => {
    const theirs = this.options.rosterColumns?.get(column);
    return theirs === undefined
      ? `column "${column}"`
      : `column "${theirs}" (${column} in the letter template)`;
  };

  /** Draws one packet into `fonts`' document; returns its page count. */
  async draw(fonts: DocFonts, data: LetterData, opts: LetterOptions = {}): Promise<number> {
    const template = this.template(data.language);
    const problems = data.checked === true ? [] : this.check(data);
    if (template === undefined || problems.length > 0)
      throw new RowError(`The letter cannot be printed: ${problems.join("; ")}`);
    const labels = data.surveys.map((s) => s.label);
    for (const [i, label] of labels.entries()) {
      const problem = this.labelProblem(label);
      if (problem !== undefined) throw new RowError(`The label of survey ${i + 1} ${problem}`);
    }
    this.#prepare(labels.join(""));
    const paintQr = this.options.qrMode === "png" ? await pngPainter(data, template) : vectorPainter;
    const values = valuesFor(template, data.fields, {
      date: this.#date(template),
      project_title: data.projectTitle ?? "",
      survey_title: listOf(template.language, labels),
    });
    try {
      const reprint = opts.reprint === true || data.reprint === true;
      const shape = this.shape(template);
      return drawLetter(fonts, { lib: this.lib, template, shape, paintQr }, data, values, { reprint });
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
  }
}

/** The date in the letter's language, as the template's `date` setting asks ("" for none). */
export function formatDate(template: LetterTemplate, date: Date | undefined): string {
  if (template.date === "none" || date === undefined) return "";
  return new Intl.DateTimeFormat(template.language, { dateStyle: template.date }).format(date);
}

const listFormats = new Map<string, Intl.ListFormat>();

/** "A, B and C" in the letter's language (a formatter made once per language: making one is slow). */
function listOf(language: string, items: readonly string[]): string {
  let format = listFormats.get(language);
  if (format === undefined) {
    format = new Intl.ListFormat(language, { type: "conjunction" });
    listFormats.set(language, format);
  }
  return items.length === 1 ? (items[0] ?? "") : format.format([...new Set(items)]);
}

const vectorPainter: QrPainter = (fonts, symbol, _url, x, y) => drawQr(fonts.doc, symbol, x, y);

async function pngPainter(data: LetterData, template: LetterTemplate): Promise<QrPainter> {
  const images = new Map<string, Buffer>();
  for (const s of data.surveys) {
    const url = qrUrl(s.surveyLink, s.returnCode, template.redcapLanguage);
    images.set(url, await qrPng(url, qrSymbol(url)));
  }
  return (fonts, symbol, url, x, y) => {
    const png = images.get(url);
    if (png !== undefined) fonts.doc.image(png, x, y, { width: qrWidth(symbol) });
  };
}

/** --start-at only where there is a sheet, and on it; labels need the template's address lines. */
function checkLayout(kit: Kit, set: TemplateSet, options: LetterKitOptions): void {
  const { startAt } = options;
  if (kit.sheets === undefined) {
    if (startAt !== undefined && startAt !== 1)
      throw new UsageError(`--start-at is for card and label sheets: give it with --layout cards or labels`);
    // A template written for hand-outs or cards may have no address: --layout letter cannot mail it.
    if (kit.printsAddress(set.base) && set.base.address.lines.length === 0)
      throw new TemplateError(
        `${set.base.file}: a letter for a window envelope prints the template's "address" lines, and it has none: add "address" with its "lines", or use --layout handout`,
      );
    return;
  }
  const problem = startAt === undefined ? undefined : checkStartAt(kit.sheets.preset, startAt);
  if (problem !== undefined) throw new UsageError(problem);
  if (kit.layout === "labels" && set.base.address.lines.length === 0)
    throw new TemplateError(
      `${set.base.file}: address labels print the template's "address" lines, and it has none: add "address" with its "lines"`,
    );
}

/** A template that cannot render stops the run before any code is fetched. */
async function verifyTemplate(
  kit: Kit,
  lib: FontLibrary,
  template: LetterTemplate,
  language: string | undefined,
): Promise<void> {
  const problems = sheetLabelProblems(kit, template).map((p) => `  - ${p}`);
  for (const [key, value] of templateStrings(template)) {
    lib.prepare(value);
    const problem = textProblem(lib, value);
    if (problem !== undefined) problems.push(`  - ${key} ${problem}`);
  }
  if (problems.length === 0) {
    try {
      kit.shape(template);
      await kit.renderLetter(sampleLetter(template, language), { reprint: true });
    } catch (cause) {
      const why =
        cause instanceof TemplateError
          ? cause.message
          : `it cannot render a sample letter: ${(cause as Error).message}`;
      problems.push(`  - ${why}`);
    }
  }
  if (problems.length > 0)
    throw new TemplateError(`${template.file}: the letter template cannot be used:\n${problems.join("\n")}`);
}

/**
 * A sheet made again says so with a label of the template's own, so it is in the template's language:
 * a card its mark (every template a row uses), a label sheet its note (the base template's, the
 * coordinator's). A template only ever used for letters needs neither.
 */
function sheetLabelProblems(kit: Kit, template: LetterTemplate): string[] {
  const { sheets } = kit;
  if (sheets === undefined || (sheets.layout === "labels" && template !== kit.set.base)) return [];
  const name = SHEET_LABELS[sheets.layout];
  const label = template.labels[name];
  const what = sheets.layout === "cards" ? "a replacement card" : "a label sheet holding replacements";
  if (label === undefined)
    return [
      `"labels.${name}" is missing: ${what} prints it (say so in "${template.language}", e.g. "${ENGLISH_LABELS[name]}")`,
    ];
  const own = sheets.layout === "labels" ? ["positions"] : [];
  const unknown = placeholdersIn(label).filter((p) => !own.includes(p));
  const problems = unknown.map(
    (p) =>
      `"labels.${name}" has {{${p}}}, which is not filled in there${own.length > 0 ? " (only {{positions}} is)" : ""}`,
  );
  const note = sheets.layout === "labels" ? sheetNoteProblem(kit.lib, label, sheets.preset) : undefined;
  return note === undefined ? problems : [...problems, note];
}
