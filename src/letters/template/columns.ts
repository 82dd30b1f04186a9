// Which roster columns a template uses, and which of them a roster may lack altogether.

import { BUILT_IN_FIELDS, placeholdersIn } from "./fill.js";
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
const OWN = new Set<string>([...BUILT_IN_FIELDS, "name", "record_id"]);

export function templateColumns(t: LetterTemplate): TemplateColumns {
  const nameParts = t.name === undefined ? [] : [t.name.given, t.name.family];
  const expand = (names: readonly string[]) =>
    names.flatMap((n) => (n === "name" && t.name !== undefined ? nameParts : OWN.has(n) ? [] : [n]));
  const settingsText = [
    ...t.returnAddress,
    ...t.letterhead.lines,
    ...t.signature.lines,
    ...Object.values(t.labels),
  ].flatMap(placeholdersIn);
  const bodyNeeded = t.body.fields.filter((f) => !t.body.guarded.has(f));
  const needed = new Set([...expand(bodyNeeded), ...expand(settingsText), ...t.required]);
  const addressFields = t.envelope === "none" ? [] : expand(t.address.lines.flatMap(placeholdersIn));
  const all = [
    ...new Set([...expand(t.body.fields), ...expand(settingsText), ...addressFields, ...t.required]),
  ];
  const optional = all.filter((c) => !needed.has(c));
  return { all, required: t.required, optional };
}
