// What would stop one row's letter, found before any code is fetched. Messages name the column and the
// script, never the value (it is a name or an address).

import type { FontLibrary } from "./fonts.js";
import { complexScripts, hasBidiOverride, scriptOf, withoutBidiControls } from "./scripts.js";

/** Why `text` cannot be printed, in words that do not quote it; undefined when it can. */
export function textProblem(lib: FontLibrary, text: string): string | undefined {
  const problem = scriptProblem(lib, text);
  if (problem?.kind === "complex")
    return `${problem.reason}: use a transliteration or print this letter by hand`;
  if (problem?.kind === "override") return `${problem.reason}: remove it from the roster`;
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

interface ScriptProblem {
  readonly reason: string;
  /** What the fix is: another spelling (complex), deleting an invisible character (override), or neither. */
  readonly kind: "complex" | "override" | "missing";
}

function scriptProblem(lib: FontLibrary, text: string): ScriptProblem | undefined {
  const value = text.normalize("NFC");
  const complex = complexScripts(value);
  if (complex.length > 0) {
    return {
      reason: `is written in ${complex.join(" and ")} script, which the letters cannot print correctly (no right-to-left or complex shaping)`,
      kind: "complex",
    };
  }
  if (hasBidiOverride(value)) {
    return {
      reason:
        "holds a bidi override character (an invisible mark that forces letters to read in the other direction), which the letters cannot print faithfully",
      kind: "override",
    };
  }
  // The other bidi controls order the text and are then dropped: they print nothing, so need no glyph.
  const missing = lib.unprintable(withoutBidiControls(value), "regular");
  if (missing.length > 0) {
    const scripts = [...new Set(missing.map(scriptOf))];
    return {
      reason: `holds characters that the letter fonts cannot print (${scripts.join(", ")})`,
      kind: "missing",
    };
  }
  return undefined;
}
