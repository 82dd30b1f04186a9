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

  it.each([
    ["con.txt", "letters/con~2e~txt--s.pdf"],
    ["NUL.tar.gz", "letters/NUL~2e~tar.gz--s-"],
    ["lpt1.", "letters/lpt1~2e~--s.pdf"],
    ["CON", "letters/CON--s-"],
    ["console.x", "letters/console.x--s.pdf"],
  ])("never names a letter after a Windows device, with or without an extension: %j", (id, start) => {
    const name = letterFileName({ recordId: id, instruments: ["s"], event: undefined, repeatInstance: 1 });
    expect(name.startsWith(start)).toBe(true);
  });

  it("gives no letter a Windows device name, whatever the id", () => {
    const device = fc
      .tuple(
        fc.constantFrom("con", "PRN", "Aux", "nul", "COM1", "lpt9"),
        fc.string({ unit: fc.constantFrom(".", "a", "~", " ", "-"), maxLength: 6 }),
      )
      .map(([d, tail]) => d + tail);
    fc.assert(
      fc.property(fc.oneof(device, tricky), (id) => {
        const file = letterFileName({
          recordId: id,
          instruments: ["s"],
          event: undefined,
          repeatInstance: 1,
        });
        const stem = (file.slice("letters/".length).split(".")[0] ?? "").toLowerCase();
        expect(stem).not.toMatch(/^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/);
      }),
      { numRuns: 2000 },
    );
  });

  it("caps very long names and keeps them distinct", () => {
    const long = (c: string) =>
      letterFileName({ recordId: c.repeat(300), instruments: ["s"], event: undefined, repeatInstance: 1 });
    expect(long("a").length).toBeLessThanOrEqual("letters/".length + 120 + ".pdf".length);
    expect(long("a")).not.toBe(long("b"));
  });
});
