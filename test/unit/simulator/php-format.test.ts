import { describe, expect, it } from "vitest";
import { errorBody, phpHtmlEscape, phpJsonEncode } from "../../../src/simulator/index.js";

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
});
