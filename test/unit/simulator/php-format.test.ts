import { describe, expect, it } from "vitest";
import { errorBody, phpHtmlEscape, phpJsonEncode } from "../../../src/simulator/index.js";
import { phpStrnatcasecmp } from "../../../src/simulator/php-format.js";

describe("PHP formatting", () => {
  it.each([
    ["a/b", '"a\\/b"'],
    ["é", '"\\u00e9"'],
    ["王", '"\\u738b"'],
    ["😀", '"\\ud83d\\ude00"'],
    ['say "hi"\n', '"say \\"hi\\"\\n"'],
    ["\u007f", '"\u007f"'],
  ])("json_encode(%j)", (input, output) => {
    expect(phpJsonEncode(input)).toBe(output);
  });

  it("escapes the error envelope like json_encode", () => {
    expect(errorBody("form/event Ñ", "json")).toBe('{"error":"form\\/event \\u00d1"}');
  });

  it("htmlspecialchars with ENT_QUOTES", () => {
    expect(phpHtmlEscape(`<a href="x">'&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&#039;&amp;&#039;&lt;/a&gt;",
    );
  });

  // What PHP 8's strnatcasecmp returns for each pair (ext/standard/strnatcmp.c, case folded).
  it.each([
    ["", "", 0],
    ["", "a", -1],
    ["a", "", 1],
    ["a", "A", 0],
    ["a", "b", -1],
    ["a", "ab", -1],
    ["2", "10", -1],
    ["x2", "x10", -1],
    ["img12", "IMG10", 1],
    ["007", "7", 0], // zeros skipped at the start only
    ["007", "8", -1],
    ["x05", "x1", -1], // past the start a leading 0 compares digit by digit
    ["x05", "x051", -1],
    ["x1", "x01", 1],
    ["a1", "a1b", -1],
    ["a 1", "a1", 0], // whitespace skipped
    ["a_", "aB", 1], // folded to upper case: _ (0x5F) after the letters
    ["--1", "a", -1],
    ["a.b", "a@b", -1],
  ])("strnatcasecmp(%j, %j) is %i", (a, b, order) => {
    expect(phpStrnatcasecmp(a, b)).toBe(order);
    expect(phpStrnatcasecmp(b, a)).toBe(-order || 0);
  });
});
