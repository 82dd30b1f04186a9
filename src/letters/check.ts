// What would stop one row's letter, found before any code is fetched. Messages name the column and the
// script, never the value (it is a name or an address).

import { layoutAddress } from "./address.js";
import type { FontLibrary } from "./fonts.js";
import type { WindowGeometry } from "./geometry.js";
import { complexScripts, scriptOf } from "./scripts.js";
import { addressLines, type LoadedTemplate } from "./template.js";

export interface RowInput {
  readonly language: string | undefined;
  readonly fields: Readonly<Record<string, string>>;
}

export function checkRow(
  lib: FontLibrary,
  loaded: LoadedTemplate,
  geometry: WindowGeometry,
  row: RowInput,
): string[] {
  const problems: string[] = [];
  for (const column of loaded.template.address.required) {
    if ((row.fields[column] ?? "").trim() === "") {
      problems.push(`column "${column}" has no value, and the letter template needs it`);
    }
  }
  let printable = true;
  for (const column of loaded.columns) {
    const problem = textProblem(lib, row.fields[column] ?? "");
    if (problem !== undefined) {
      problems.push(`column "${column}" ${problem}`);
      printable = false;
    }
  }
  if (printable && problems.length === 0) {
    const lines = addressLines(loaded.template, row.fields);
    lib.prepare(lines.join(""));
    if (layoutAddress(lib, lines, geometry.address) === undefined) {
      problems.push("the address is too long to fit in the envelope window, even in small type");
    }
  }
  return problems;
}

/** Why `text` cannot be printed, in words that do not quote it; undefined when it can. */
export function textProblem(lib: FontLibrary, text: string): string | undefined {
  const problem = scriptProblem(lib, text);
  if (problem?.complex === true)
    return `${problem.reason}: use a transliteration or print this letter by hand`;
  return problem?.reason;
}

/**
 * Why a survey label (the instrument's label in REDCap) cannot be printed, in words that do not quote it;
 * undefined when it can. The fix is a project setting, so the advice points there, never at the letter.
 */
export function labelProblem(lib: FontLibrary, label: string): string | undefined {
  const problem = scriptProblem(lib, label);
  if (problem === undefined) return undefined;
  return `${problem.reason}: rename the instrument in REDCap (Online Designer) to a label the letters can print, such as a transliteration`;
}

function scriptProblem(lib: FontLibrary, text: string): { reason: string; complex: boolean } | undefined {
  const value = text.normalize("NFC");
  const complex = complexScripts(value);
  if (complex.length > 0) {
    return {
      reason: `is written in ${complex.join(" and ")} script, which the letters cannot print correctly (no right-to-left or complex shaping)`,
      complex: true,
    };
  }
  const missing = lib.unprintable(value, "regular");
  if (missing.length > 0) {
    const scripts = [...new Set(missing.map(scriptOf))];
    return {
      reason: `holds characters that the letter fonts cannot print (${scripts.join(", ")})`,
      complex: false,
    };
  }
  return undefined;
}
