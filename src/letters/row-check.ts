// What would stop one row's letter, found before any code is fetched. Messages name the column and the
// script, never the value (it is a name or an address).

import { layoutAddress } from "./address.js";
import type { PageShape } from "./boxes.js";
import { textProblem } from "./check.js";
import type { FontLibrary } from "./fonts.js";
import { templateColumns } from "./template/columns.js";
import { fillAddress, ownValue, valuesFor } from "./template/fill.js";
import type { LetterTemplate } from "./template/load.js";

export interface RowInput {
  readonly language: string | undefined;
  readonly fields: Readonly<Record<string, string>>;
}

export function checkRow(
  lib: FontLibrary,
  template: LetterTemplate,
  shape: PageShape,
  row: RowInput,
  rosterColumns: ReadonlyMap<string, string> = new Map(),
): string[] {
  const problems: string[] = [];
  // With --columns, the coordinator knows the roster's column (zip), not the template's name for it.
  const named = (column: string) => {
    const theirs = rosterColumns.get(column);
    return theirs === undefined
      ? `column "${column}"`
      : `column "${theirs}" (${column} in the letter template)`;
  };
  for (const column of template.required) {
    if (ownValue(row.fields, column).trim() === "") {
      problems.push(`${named(column)} has no value, and the letter template needs it`);
    }
  }
  let printable = true;
  for (const column of templateColumns(template).all) {
    const problem = textProblem(lib, ownValue(row.fields, column));
    if (problem !== undefined) {
      problems.push(`${named(column)} ${problem}`);
      printable = false;
    }
  }
  if (printable && problems.length === 0 && shape.window !== undefined) {
    const lines = fillAddress(template.address.lines, valuesFor(template, row.fields, {}));
    lib.prepare(lines.join(""));
    if (layoutAddress(lib, lines, shape.window.address) === undefined) {
      problems.push("the address is too long to fit in the envelope window, even in small type");
    }
  }
  return problems;
}
