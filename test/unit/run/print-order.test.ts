import { describe, expect, it } from "vitest";
import { printOrder } from "../../../src/run/folder/print-file.js";
import type { LetterData } from "../../../src/types.js";

const letter = (recordId: string, postal_code: string): LetterData => ({
  recordId,
  language: undefined,
  fields: { postal_code },
  surveys: [],
});

describe("printOrder", () => {
  const letters = [letter("a", "94103"), letter("b", "02128"), letter("c", "9410"), letter("d", "02128")];

  it("keeps roster order without a sort column", () => {
    expect(printOrder(letters, undefined).map((l) => l.recordId)).toEqual(["a", "b", "c", "d"]);
  });

  it("sorts numbers as numbers and keeps ties in roster order", () => {
    expect(printOrder(letters, (l) => l.fields.postal_code ?? "").map((l) => l.recordId)).toEqual([
      "b",
      "d",
      "c",
      "a",
    ]);
  });
});
