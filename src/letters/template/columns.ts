// Which roster columns a template uses, and which of them a roster may lack altogether.

import { placeholdersIn } from "./fill.js";
import type { LetterTemplate } from "./load.js";

export interface TemplateColumns {
  /** Every roster column a placeholder or condition names, in order of first use. */
  readonly all: readonly string[];
  /** Columns that must have a value in every row (`required`, `address.required`). */
  readonly required: readonly string[];
  /**
   * Columns a roster may lack: used only in address lines (an empty line is dropped), or only inside an
   * {{#if}} on the column itself. Never overlaps `required`.
   */
  readonly optional: readonly string[];
}

// record_id is every roster's own column, checked when the roster is read.
const OWN = new Set<string>(["date", "project_title", "survey_title", "record_id"]);
/** Filled only in the footer: anywhere else `{{page}}` would be a roster column. */
const FOOTER_ONLY = new Set<string>(["page", "pages"]);

// Asked for every roster row (checkRow): worked out once per template.
const known = new WeakMap<LetterTemplate, TemplateColumns>();

export function templateColumns(t: LetterTemplate): TemplateColumns {
  let columns = known.get(t);
  if (columns === undefined) {
    columns = columnsOf(t);
    known.set(t, columns);
  }
  return columns;
}

function columnsOf(t: LetterTemplate): TemplateColumns {
  const nameParts = t.name === undefined ? [] : [t.name.given, t.name.family];
  // `{{name}}` is the tool's only when the template says how to make it; else it is a roster column.
  const expand = (names: readonly string[]) =>
    names.flatMap((n) => (n === "name" && t.name !== undefined ? nameParts : OWN.has(n) ? [] : [n]));
  // The sheets' replacement labels are never on a letter (and `{{positions}}` is the sheet's own).
  const { footer, replacementCard: _card, replacementLabels: _labels, ...labels } = t.labels;
  const texts = [...t.returnAddress, ...t.letterhead.lines, ...t.signature.lines, ...Object.values(labels)];
  const settingsText = [
    ...texts.flatMap(placeholdersIn),
    ...placeholdersIn(footer).filter((n) => !FOOTER_ONLY.has(n)),
  ];
  const bodyNeeded = t.body.fields.filter((f) => !t.body.guarded.has(f));
  const needed = new Set([...expand(bodyNeeded), ...expand(settingsText), ...t.required]);
  const addressFields = t.envelope === "none" ? [] : expand(t.address.lines.flatMap(placeholdersIn));
  const all = [
    ...new Set([...expand(t.body.fields), ...expand(settingsText), ...addressFields, ...t.required]),
  ];
  const optional = all.filter((c) => !needed.has(c));
  return { all, required: t.required, optional };
}
