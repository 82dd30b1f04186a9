import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { letterFileName, safeNamePart } from "../../../src/run/file-names.js";

// The characters where escapes could meet: the escape mark, dots, underscores, hex digits.
const tricky = fc.oneof(
  fc.string({ unit: fc.constantFrom("_", ".", "~", "-", "a", "e", "2", "7", "/", "é", " ") }),
  fc.string(),
);

describe("letter file names", () => {
  it.each([
    ["0042", "0042"],
    ["a/b", "a~2f~b"],
    ["..", "~2e~."],
    [".x", "~2e~x"],
    ["_.x", "_.x"],
    ["CON", "CON"],
    ["", "~~"],
    ["a~b", "a~7e~b"],
    ["id with space", "id~20~with~20~space"],
    ["é", "~e9~"],
  ])("escapes %j as %j", (input, expected) => {
    expect(safeNamePart(input)).toBe(expected);
  });

  it("keeps different ids apart and safe for every file system", () => {
    fc.assert(
      fc.property(tricky, tricky, (a, b) => {
        fc.pre(a !== b);
        const name = (id: string) =>
          letterFileName({ recordId: id, instruments: ["s"], event: undefined, repeatInstance: 1 });
        expect(name(a)).not.toBe(name(b));
        expect(name(a)).toMatch(/^letters\/[A-Za-z0-9._~+-]+\.pdf$/);
        expect(name(a)).not.toMatch(/^letters\/\./);
      }),
      { numRuns: 3000 },
    );
  });

  it("caps very long names and keeps them distinct", () => {
    const long = (c: string) =>
      letterFileName({ recordId: c.repeat(300), instruments: ["s"], event: undefined, repeatInstance: 1 });
    expect(long("a").length).toBeLessThanOrEqual("letters/".length + 120 + ".pdf".length);
    expect(long("a")).not.toBe(long("b"));
  });
});
