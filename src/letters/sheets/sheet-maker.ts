// The kit's card and label layouts: what a row needs, what would stop its card or label, and the
// sheets themselves (one participant's, or a whole print job's from the start position on).

import { finished } from "node:stream/promises";
import { RowError } from "../../errors.js";
import type { LetterData } from "../../types.js";
import { labelProblem, textProblem } from "../check.js";
import { type DocFonts, type FontMode, PrintFileUpkeep } from "../draw.js";
import type { PaperName } from "../envelopes.js";
import type { FontLibrary } from "../fonts.js";
import { layoutText } from "../layout.js";
import { documentBytes, newDocument } from "../render.js";
import type { RowInput } from "../row-check.js";
import { fieldText, fillAddress, fullName, ownValue, placeholdersIn, valuesFor } from "../template/fill.js";
import type { LetterTemplate } from "../template/load.js";
import { cardTextWidth, layoutCard } from "./card.js";
import { labelAddressProblem, layoutLabel } from "./label.js";
import { positionsPerSheet, type SheetLayout, type SheetPreset, sheetPreset } from "./presets.js";
import { sheetAlignmentPage } from "./sheet-alignment.js";
import { drawSheetNote, layoutSheetNote } from "./sheet-note.js";
import { SheetWriter, type Tile } from "./sheet-writer.js";

/** As TemplateColumns (template/columns.ts), for what a card or a label prints. */
export interface SheetColumns {
  readonly required: readonly string[];
  readonly all: readonly string[];
  readonly optional: readonly string[];
}

export class SheetMaker {
  readonly preset: SheetPreset;

  constructor(
    readonly lib: FontLibrary,
    readonly layout: SheetLayout,
    paper: PaperName,
    readonly startAt: number,
    readonly fontMode: FontMode,
    /** Labels: the base template's note for a sheet with replacements (in the coordinator's language). */
    readonly replacementNote: string | undefined,
  ) {
    this.preset = sheetPreset(layout, paper);
  }

  /** The columns a card (the name) or a label (the address) uses. */
  columns(template: LetterTemplate): SheetColumns {
    const expand = (names: readonly string[]) =>
      names.flatMap((n) =>
        n === "name" && template.name !== undefined ? [template.name.given, template.name.family] : [n],
      );
    if (this.layout === "cards") {
      const names = expand(["name"]);
      return { required: template.required.filter((c) => names.includes(c)), all: names, optional: [] };
    }
    const used = [...new Set(expand(template.address.lines.flatMap(placeholdersIn)))];
    const required = template.address.required;
    return { required, all: used, optional: used.filter((c) => !required.includes(c)) };
  }

  check(template: LetterTemplate, row: RowInput, named: (column: string) => string): string[] {
    const columns = this.columns(template);
    const problems = columns.required
      .filter((c) => ownValue(row.fields, c).trim() === "")
      .map((c) => `${named(c)} has no value, and the ${this.layout === "cards" ? "card" : "label"} needs it`);
    for (const column of columns.all) {
      const problem = textProblem(this.lib, ownValue(row.fields, column));
      if (problem !== undefined) problems.push(`${named(column)} ${problem}`);
    }
    if (problems.length > 0) return problems;
    const problem =
      this.layout === "cards"
        ? this.#nameProblem(cardName(template, row.fields))
        : labelAddressProblem(this.lib, addressOf(template, row.fields), this.preset);
    return problem === undefined ? [] : [problem];
  }

  /** One participant's cards (a card per survey) or label, from the start position of a sheet. */
  async renderLetter(template: LetterTemplate, data: LetterData): Promise<Buffer> {
    const tiles = this.tiles(template, data);
    const fonts = newDocument(this.fontMode, this.layout === "cards" ? "Survey cards" : "Address labels");
    const writer = this.#writer(fonts);
    for (const tile of tiles) writer.add(tile);
    writer.finish();
    return documentBytes(fonts.doc);
  }

  /** Every participant's cards or labels on as many sheets as they take, in the order given. */
  async renderPrintFile(
    letters: Iterable<LetterData> | AsyncIterable<LetterData>,
    templateOf: (data: LetterData) => LetterTemplate,
    out: NodeJS.WritableStream,
  ): Promise<{ pages: number }> {
    const fonts = newDocument(this.fontMode, this.layout === "cards" ? "Survey cards" : "Address labels");
    const done = finished(out);
    fonts.doc.pipe(out);
    const writer = this.#writer(fonts);
    const upkeep = new PrintFileUpkeep(fonts);
    try {
      for await (const data of letters) {
        for (const tile of this.tiles(templateOf(data), data)) writer.add(tile);
        await upkeep.afterLetter();
      }
      writer.finish();
    } finally {
      fonts.doc.end();
      await done;
    }
    return { pages: writer.sheets };
  }

  alignmentPage(): Promise<Buffer> {
    const fonts = newDocument(this.fontMode, "Sheet alignment");
    sheetAlignmentPage(fonts, this.lib, this.preset);
    return documentBytes(fonts.doc);
  }

  /** The cards (or the label) of one packet, laid out in full before any is drawn. */
  tiles(template: LetterTemplate, data: LetterData): Tile[] {
    const replacement = data.reprint === true;
    if (this.layout === "labels") {
      const address = addressOf(template, data.fields);
      this.lib.prepare(address.join(""));
      return [{ ...layoutLabel(this.lib, address, this.preset), replacement }];
    }
    const name = cardName(template, data.fields);
    const mark = replacement ? template.labels.replacementCard : undefined;
    if (mark !== undefined) this.lib.prepare(mark);
    const options = {
      labels: template.labels,
      showReturnCode: template.showReturnCode,
      redcapLanguage: template.redcapLanguage,
      replacement: mark,
    };
    return data.surveys.map((survey, i) => {
      const problem = labelProblem(this.lib, survey.label);
      if (problem !== undefined) throw new RowError(`The label of survey ${i + 1} ${problem}`);
      this.lib.prepare(name + survey.label);
      return layoutCard(this.lib, survey, name, this.preset, options);
    });
  }

  /** Label sheets note their replacements' positions in the top margin; card sheets need no note. */
  #writer(fonts: DocFonts): SheetWriter {
    const label = this.layout === "labels" ? this.replacementNote : undefined;
    const note =
      label === undefined
        ? undefined
        : (f: DocFonts, positions: readonly number[]) =>
            drawSheetNote(f, layoutSheetNote(this.lib, label, positions, this.preset), this.preset);
    return new SheetWriter(fonts, this.preset, this.startAt, this.layout === "cards", note);
  }

  #nameProblem(name: string): string | undefined {
    this.lib.prepare(name);
    // The name may take two lines at its floor beside the QR (see card.ts).
    const lines = layoutText(this.lib, name, { style: "bold", size: 8, width: cardTextWidth(this.preset) });
    return lines.length > 2 ? "the name is too long for a card, even in small type" : undefined;
  }
}

export function checkStartAt(preset: SheetPreset, startAt: number): string | undefined {
  const per = positionsPerSheet(preset);
  return startAt > per
    ? `--start-at ${startAt} is past the last position: ${preset.name} sheets have ${per} (1 to ${per}, across then down)`
    : undefined;
}

function cardName(template: LetterTemplate, fields: Readonly<Record<string, string>>): string {
  return template.name === undefined ? fieldText(fields, "name") : fullName(template.name, fields);
}

function addressOf(template: LetterTemplate, fields: Readonly<Record<string, string>>): string[] {
  return fillAddress(template.address.lines, valuesFor(template, fields, {}));
}
