import * as mupdf from "mupdf";
import { beforeAll, describe, expect, it } from "vitest";
import { textProblem } from "../../../src/letters/check.js";
import { drawLines } from "../../../src/letters/draw.js";
import { type FontLibrary, type FontStyle, loadFontLibrary } from "../../../src/letters/fonts.js";
import { fragmentGlyphText, type Line, layoutSpans, layoutText } from "../../../src/letters/layout.js";
import { documentBytes, newDocument } from "../../../src/letters/render.js";
import { pdfLines, pdfText } from "../../helpers/pdf.js";

// Names in every script the letters print, drawn the way letters draw them (layoutText + drawLines), then read
// back from the PDF: the text layer, the glyphs pdfkit wrote (mupdf replays the page through a device), and
// where each glyph landed.

let lib: FontLibrary;

beforeAll(async () => {
  lib = await loadFontLibrary();
});

function lay(text: string, style: FontStyle = "regular", width = Number.POSITIVE_INFINITY): Line[] {
  lib.prepare(text);
  return layoutText(lib, text, { style, size: 14, width });
}

/** One page with each paragraph's lines stacked from the top. */
async function draw(paragraphs: readonly Line[][]): Promise<Buffer> {
  const fonts = newDocument("parsed", "scripts");
  fonts.doc.addPage({ size: [500, 400], margin: 0 });
  let y = 20;
  for (const lines of paragraphs) y = drawLines(fonts, lines, 20, y, { gap: 0.2 }) + 10;
  return documentBytes(fonts.doc);
}

interface Drawn {
  /** The character the text layer maps this glyph to (the first, for a ligature). */
  readonly char: string;
  /** Glyph id in the embedded subset: 0 is .notdef, the box. */
  readonly gid: number;
  readonly x: number;
  readonly y: number;
}

/** Every glyph of page 1 in the order pdfkit wrote it, with its origin in PDF points. */
async function drawnGlyphs(pdf: Buffer): Promise<Drawn[]> {
  const page = mupdf.Document.openDocument(pdf, "application/pdf").loadPage(0);
  const glyphs: Drawn[] = [];
  const device = new mupdf.Device({
    fillText(text, ctm) {
      text.walk({
        showGlyph(_font, trm, gid, unicode) {
          const [, , , , x, y] = mupdf.Matrix.concat(trm, ctm);
          glyphs.push({ char: String.fromCodePoint(unicode), gid, x: x ?? 0, y: y ?? 0 });
        },
      });
    },
  });
  page.run(device, mupdf.Matrix.identity);
  return glyphs;
}

/** Glyph ids fontkit gives each fragment, exactly as pdfkit asks for them. */
function layoutGlyphIds(lines: readonly Line[]): number[] {
  return lines.flatMap((l) =>
    l.fragments.flatMap((f) => f.face.font.layout(fragmentGlyphText(f), []).glyphs.map((g) => g.id)),
  );
}

const NAMES: [string, string][] = [
  ["Vietnamese (decomposed, as rosters often send it)", "Nguyễn Thị Minh Khai".normalize("NFD")],
  ["Greek", "Γιώργος Παπαδόπουλος"],
  ["Cyrillic", "Анна Иванова"],
  ["Chinese", "王小明"],
  ["Korean", "김민준 이서연"],
  ["Arabic", "سارة أحمد"],
  ["Arabic with lam-alef ligatures", "علاء صلاح"],
  ["Hebrew", "דוד לוי"],
  ["Arabic inside an English greeting", "Dear سارة أحمد,"],
  ["Hebrew inside an English greeting", "Dear דוד לוי,"],
];

describe("a name in any printable script", () => {
  it.each(NAMES)("%s: the text layer holds it as written, and no glyph is a box", async (_script, name) => {
    for (const style of ["regular", "bold", "italic", "boldItalic"] as const) {
      const lines = lay(name, style);
      const pdf = await draw([lines]);
      expect(await pdfText(pdf)).toEqual([name.normalize("NFC")]);
      const ids = layoutGlyphIds(lines);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).not.toContain(0);
      // mupdf reports a ligature's second letter as one more "glyph" with id -1.
      const drawn = (await drawnGlyphs(pdf)).filter((g) => g.gid !== -1);
      expect(drawn.length).toBe(ids.length);
      expect(drawn.map((g) => g.gid)).not.toContain(0);
    }
  });

  it("Chinese keeps its Noto Sans SC slices; Korean comes from Noto Sans KR; Arabic and Hebrew from DejaVu", () => {
    const faces = (text: string, style: FontStyle = "regular") =>
      lay(text, style).flatMap((l) => l.fragments.map((f) => f.face.name));
    expect(faces("王小明").every((f) => f.startsWith("noto-sans-sc-400-"))).toBe(true);
    expect(faces("김민준").every((f) => f.startsWith("noto-sans-kr-400-"))).toBe(true);
    expect(faces("김민준", "bold").every((f) => f.startsWith("noto-sans-kr-700-"))).toBe(true);
    expect(faces("سارة أحمد")).toEqual(["dejavu-sans"]);
    expect(faces("דוד לוי", "bold")).toEqual(["dejavu-sans-bold"]);
  });

  it("italics: Latin slants; Arabic, Chinese and Korean, which have no italic, stay upright", () => {
    const faces = (text: string, style: FontStyle) =>
      lay(text, style).flatMap((l) => l.fragments.map((f) => [f.text, f.face.name]));
    expect(faces("Nguyễn", "italic")).toEqual([["Nguyễn", "dejavu-sans-oblique"]]);
    expect(faces("Nguyễn", "boldItalic")).toEqual([["Nguyễn", "dejavu-sans-bold-oblique"]]);
    // The space between the Arabic words joins the upright run, so the name is drawn (and read back) whole.
    expect(faces("Dear سارة أحمد", "italic")).toEqual([
      ["Dear ", "dejavu-sans-oblique"],
      ["سارة أحمد", "dejavu-sans"],
    ]);
    // So does a hyphen between two Arabic names: the oblique one would cut the run in three.
    expect(faces("سارة-أحمد", "italic")).toEqual([["سارة-أحمد", "dejavu-sans"]]);
    expect(faces("王", "italic")[0]?.[1]).toMatch(/^noto-sans-sc-400-/);
    expect(faces("김", "boldItalic")[0]?.[1]).toMatch(/^noto-sans-kr-700-/);
  });
});

/** The drawn glyphs of `chars`, left to right on the page. */
function leftToRight(drawn: readonly Drawn[], chars: string): string {
  return drawn
    .filter((g) => chars.includes(g.char) && g.char !== " ")
    .sort((a, b) => a.x - b.x)
    .map((g) => g.char)
    .join("");
}

describe("right-to-left names", () => {
  it.each([
    ["Arabic", "سارة أحمد"],
    ["Hebrew", "דוד לוי"],
  ])(
    "%s prints right to left: the first letter written is the rightmost, word order included",
    async (_s, name) => {
      const drawn = await drawnGlyphs(await draw([lay(name)]));
      const letters = name.replace(/ /g, "");
      expect(leftToRight(drawn, letters)).toBe([...letters].reverse().join(""));
      const first = drawn.find((g) => g.char === letters[0]);
      const last = drawn.find((g) => g.char === letters[letters.length - 1]);
      expect(first?.x).toBeGreaterThan(last?.x ?? Number.POSITIVE_INFINITY);
    },
  );

  it.each([
    ["Dear سارة أحمد,", "سارةأحمد"],
    ["Dear דוד לוי,", "דודלוי"],
  ])(
    "inside a left-to-right line (%s) the name runs right to left between its neighbours",
    async (line, letters) => {
      const drawn = await drawnGlyphs(await draw([lay(line)]));
      expect(leftToRight(drawn, letters)).toBe([...letters].reverse().join(""));
      const xs = drawn.filter((g) => letters.includes(g.char)).map((g) => g.x);
      const r = drawn.find((g) => g.char === "r");
      const comma = drawn.find((g) => g.char === ",");
      expect(r?.x).toBeLessThan(Math.min(...xs));
      expect(comma?.x).toBeGreaterThan(Math.max(...xs));
    },
  );

  it("Arabic letters are joined: each letter of محمد is drawn in another form than when it stands alone", async () => {
    const joined = "محمد";
    const alone = [...joined].join(" ");
    const pdf = await draw([lay(joined), lay(alone)]);
    const drawn = await drawnGlyphs(pdf);
    const [top, bottom] = [Math.min(...drawn.map((g) => g.y)), Math.max(...drawn.map((g) => g.y))];
    const rows = [top, bottom].map((y) => drawn.filter((g) => g.y === y && g.char !== " "));
    const [joinedRow, aloneRow] = rows.map((row) => row.sort((a, b) => b.x - a.x));
    expect(joinedRow?.map((g) => g.char).join("")).toBe(joined);
    expect(aloneRow?.map((g) => g.char).join("")).toBe(joined);
    for (const [i, g] of (joinedRow ?? []).entries()) expect(g.gid).not.toBe(aloneRow?.[i]?.gid);
    expect(await pdfText(pdf)).toEqual([`${joined}\n${alone}`]);
  });

  it("Arabic after a Hebrew word in one right-to-left run is still joined", () => {
    const alone = layoutGlyphIds(lay("سمير"));
    const after = layoutGlyphIds(lay("דוד سمير"));
    expect(alone).toHaveLength(4);
    // Every shaped Arabic glyph of the name alone appears as it is after the Hebrew word.
    for (const id of alone) expect(after).toContain(id);
  });

  it("the shaped glyphs differ from the isolated forms in fontkit's layout too", () => {
    const [line] = lay("محمد");
    const f = line?.fragments[0];
    if (f === undefined) throw new Error("no fragment");
    const shaped = f.face.font.layout(fragmentGlyphText(f), []).glyphs.map((g) => g.id);
    const isolated = [...f.text].map((c) => f.face.font.glyphForCodePoint(c.codePointAt(0) ?? 0).id);
    expect(shaped.reverse()).toHaveLength(4);
    shaped.forEach((id, i) => {
      expect(id).not.toBe(isolated[i]);
    });
  });

  it("wraps a mixed paragraph in logical order: the first Arabic word ends line 1, the second starts line 2", async () => {
    const text = "Dear سارة أحمد, welcome to the study.";
    const width = lay("Dear سارة ")[0]?.width ?? 0;
    const lines = lay(text, "regular", width + 2);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(width + 2);
    const read = (await pdfLines(await draw([lines])))[0]?.map((l) => l.text);
    expect(read?.[0]).toBe("Dear سارة");
    expect(read?.[1]?.startsWith("أحمد,")).toBe(true);
    expect(read?.join(" ")).toBe(text);
  });

  it("a paragraph in two styles still orders an Arabic name as one run: bold first name, regular last name", async () => {
    const spans = [
      { text: "Dear ", style: "regular" },
      { text: "سارة", style: "bold" },
      { text: " أحمد, welcome.", style: "regular" },
    ] as const;
    lib.prepare(spans.map((s) => s.text).join(""));
    const lines = layoutSpans(lib, spans, { size: 14, width: Number.POSITIVE_INFINITY });
    expect(lines[0]?.fragments.map((f) => [f.text, f.face.name])).toEqual([
      ["Dear ", "dejavu-sans"],
      [" أحمد", "dejavu-sans"],
      ["سارة", "dejavu-sans-bold"],
      [", welcome.", "dejavu-sans"],
    ]);
    const drawn = await drawnGlyphs(await draw([lines]));
    expect(leftToRight(drawn, "سارةأحمد")).toBe("دمحأةراس");
  });

  it("an address line written wholly in Arabic reads right to left, its number at the right end", async () => {
    const drawn = await drawnGlyphs(await draw([lay("12 شارع")]));
    const one = drawn.find((g) => g.char === "1");
    const shin = drawn.find((g) => g.char === "ش");
    expect(one?.x).toBeGreaterThan(shin?.x ?? Number.POSITIVE_INFINITY);
    expect(leftToRight(drawn, "12")).toBe("12");
  });

  it("Arabic-Indic digits inside Arabic still read left to right", async () => {
    const drawn = await drawnGlyphs(await draw([lay("سارة ١٢٣")]));
    expect(leftToRight(drawn, "١٢٣")).toBe("١٢٣");
    const seen = drawn.find((g) => g.char === "س");
    const one = drawn.find((g) => g.char === "١");
    expect(seen?.x).toBeGreaterThan(one?.x ?? Number.POSITIVE_INFINITY);
  });

  it("brackets in a right-to-left run are mirrored, so they still enclose", async () => {
    const drawn = await drawnGlyphs(await draw([lay("سارة (أحمد)")]));
    const brackets = drawn.filter((g) => "()".includes(g.char)).sort((a, b) => a.x - b.x);
    const alef = drawn.find((g) => g.char === "أ");
    // Left to right on the page: "(", the name, ")" — drawn with the glyphs of the mirrored characters.
    expect(brackets.map((g) => g.char)).toEqual(["(", ")"]);
    expect(brackets[0]?.x).toBeLessThan(alef?.x ?? 0);
    expect(brackets[1]?.x).toBeGreaterThan(alef?.x ?? 0);
  });
});

describe("the text layer across documents", () => {
  it("a letter first embedded as part of an accented one still reads back later (ư after ữ)", async () => {
    expect(await pdfText(await draw([lay("Nguyễn Thị Ngữ")]))).toEqual(["Nguyễn Thị Ngữ"]);
    expect(await pdfText(await draw([lay("Trư")]))).toEqual(["Trư"]);
  });
});

describe("bidi control characters in a name", () => {
  it("isolates and marks are honoured, then dropped: nothing of them prints", async () => {
    const name = "Dear \u2067سارة\u2069 \u200fأحمد";
    expect(textProblem(lib, name)).toBeUndefined();
    const lines = lay(name);
    expect(layoutGlyphIds(lines)).not.toContain(0);
    expect(await pdfText(await draw([lines]))).toEqual(["Dear سارة أحمد"]);
  });

  it("an override is refused with a message that names it and does not quote the name", () => {
    const problem = textProblem(lib, "\u202eسارة\u202c");
    expect(problem).toBe(
      "holds a bidi override character (an invisible mark that forces letters to read in the other direction), which the letters cannot print faithfully: remove it from the roster",
    );
    expect(problem).not.toContain("سارة");
  });
});
