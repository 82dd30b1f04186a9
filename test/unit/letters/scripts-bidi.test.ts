import { describe, expect, it } from "vitest";
import {
  bidiLevels,
  complexScripts,
  drawnText,
  hasBidiOverride,
  visualOrder,
  withoutBidiControls,
} from "../../../src/letters/scripts.js";

// The bidi pieces the layout relies on, checked against the Unicode Bidirectional Algorithm's own examples.

const levelsOf = (text: string) => [...bidiLevels(text)].join("");

describe("bidiLevels: one paragraph's embedding levels", () => {
  it.each([
    ["Latin only skips the algorithm", "Dear Ann,", "000000000"],
    ["an Arabic name inside English", "Dear سارة أحمد,", "000001111111110"],
    ["a Hebrew name inside English", "Dear דוד,", "000001110"],
    ["Arabic alone reads right to left", "سارة أحمد", "111111111"],
    ["a number in an Arabic line reads left to right", "12 شارع", "2211111"],
    ["Arabic-Indic digits after English", "Ann ١٢", "000022"],
  ])("%s", (_case, text, levels) => {
    expect(levelsOf(text)).toBe(levels);
  });

  it("a paragraph with any Latin letter reads left to right even when it starts in Arabic", () => {
    expect(levelsOf("سارة, welcome")).toBe("1111000000000");
  });

  it("honours isolates, and the controls are then dropped", () => {
    expect(levelsOf("a \u2067b\u2069")).toBe("00020");
    expect(withoutBidiControls("Dear \u2067سارة\u2069\u200f")).toBe("Dear سارة");
  });
});

describe("visualOrder: runs of a line, left to right", () => {
  const order = (levels: number[]) => visualOrder(levels.map((level, i) => ({ level, i }))).map((r) => r.i);

  it.each([
    ["left to right stays put", [0, 0, 0], [0, 1, 2]],
    ["a right-to-left stretch is reversed in place", [0, 1, 1, 1, 0], [0, 3, 2, 1, 4]],
    ["a number inside right-to-left text keeps its place in it", [1, 2, 1], [2, 1, 0]],
    ["two numbers inside right-to-left text swap", [1, 2, 1, 2], [3, 2, 1, 0]],
    ["nothing to order", [], []],
  ])("%s", (_case, levels, expected) => {
    expect(order(levels)).toEqual(expected);
  });
});

describe("drawnText: the string fontkit is handed, so its glyphs come out left to right", () => {
  it.each([
    ["left-to-right text as written", "Ann", 0, "Ann"],
    ["Arabic as written (fontkit reverses it)", "سارة", 1, "سارة"],
    ["brackets in a right-to-left run mirrored", "(سارة)", 1, ")سارة("],
    ["neutrals alone in a right-to-left run reversed and mirrored", "?!(", 1, ")!?"],
    [
      "Arabic-Indic digits at a left-to-right level pre-reversed (fontkit would reverse them)",
      "١٢٣",
      2,
      "٣٢١",
    ],
    ["European digits at a left-to-right level as written", "123", 2, "123"],
  ])("%s", (_case, text, level, expected) => {
    expect(drawnText(text, level)).toBe(expected);
  });
});

describe("what the letters still refuse", () => {
  it.each([
    ["Devanagari", "राम", ["Devanagari"]],
    ["Thai", "สมชาย", ["Thai"]],
    ["Syriac (right to left, no shaper)", "ܫܠܡܐ", ["Syriac"]],
    ["Arabic (printed now)", "محمد", []],
    ["Hebrew (printed now)", "דוד", []],
  ])("%s", (_case, text, scripts) => {
    expect(complexScripts(text)).toEqual(scripts);
  });

  it("overrides, not the other bidi controls", () => {
    expect(hasBidiOverride("\u202eسارة")).toBe(true);
    expect(hasBidiOverride("\u202dسارة")).toBe(true);
    expect(hasBidiOverride("\u2067سارة\u2069\u200f\u202b\u202c")).toBe(false);
  });
});
