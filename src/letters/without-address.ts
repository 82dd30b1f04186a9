// A packet that prints no address (a hand-out, a card, a letter for an envelope without a window)
// needs no address column: the front desk's roster often has none, and an empty address cell must
// not fail the row.

import { templateColumns } from "./template/columns.js";
import type { LetterTemplate } from "./template/load.js";

export function withoutAddress(template: LetterTemplate): LetterTemplate {
  const free: LetterTemplate = {
    ...template,
    envelope: "none",
    address: { lines: [], required: [] },
    required: template.requiredWithoutAddress,
  };
  // `address.required` also vouches for columns the text uses ("Dear {{name}}"): those stay required.
  const used = new Set(templateColumns(free).all);
  return { ...free, required: template.required.filter((c) => used.has(c)) };
}
