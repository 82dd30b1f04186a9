// The page geometry a template asks for (paper and envelope window), as the boxes the letter uses.

import { TemplateError } from "../errors.js";
import type { PageShape } from "./boxes.js";
import { envelopeProblems } from "./envelope-problems.js";
import type { EnvelopeChoice, PaperName } from "./envelopes.js";
import { letterGeometry } from "./letter-geometry.js";

export function pageShape(
  paper: PaperName,
  envelope: EnvelopeChoice,
  file: string,
  windowReturnLine: boolean,
): PageShape {
  const problems = envelopeProblems(paper, envelope);
  if (problems.length > 0) {
    throw new TemplateError(
      `${file}: the paper and envelope do not go together:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  const g = letterGeometry(paper, envelope);
  return {
    width: g.paper.width,
    height: g.paper.height,
    margins: g.margins,
    window: g.window,
    folds: g.folds,
    bodyTop: g.bodyTop,
    footerY: g.footer.y,
    // Nothing but the address shows through the window unless the template asks for DIN 5008's
    // return line there (and so vouches that its sender is neutral).
    returnAddress: windowReturnLine ? g.returnAddress : { ...g.returnAddress, inWindow: false },
    marks: g.marks,
  };
}
