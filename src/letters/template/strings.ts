// Every piece of fixed text a template prints, with where it is, so text the fonts cannot print is
// found when the template is loaded (placeholders are left out: their values are checked per row).

import { type Block, PLACEHOLDER } from "./body.js";
import type { LetterTemplate } from "./load.js";

/** [where, text] pairs: `line 12` for the body, `"labels.scan"` for a setting. */
export function templateStrings(t: LetterTemplate): [string, string][] {
  const out: [string, string][] = [];
  const setting = (name: string, values: readonly string[]) => {
    for (const v of values) out.push([`"${name}"`, v.replace(PLACEHOLDER, "")]);
  };
  setting("returnAddress", t.returnAddress);
  setting("letterhead.lines", t.letterhead.lines);
  setting("signature.lines", t.signature.lines);
  setting("address.lines", t.address.lines);
  for (const [k, v] of Object.entries(t.labels)) if (v !== undefined) setting(`labels.${k}`, [v]);
  bodyStrings(t.body.blocks, out);
  return out.filter(([, text]) => text.trim() !== "");
}

function bodyStrings(blocks: readonly Block[], out: [string, string][]): void {
  for (const b of blocks) {
    if (b.kind === "text") {
      for (const i of b.inlines) if (i.kind === "text") out.push([`line ${b.line}`, i.value]);
    } else if (b.kind === "if") {
      bodyStrings(b.whenSet, out);
      bodyStrings(b.otherwise, out);
    }
  }
}
