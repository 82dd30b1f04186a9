import { describe, expect, it } from "vitest";
import { envelopeProblems, paperProblem } from "../../../src/letters/envelope-problems.js";
import { type CustomEnvelope, type EnvelopePreset, presetPaper } from "../../../src/letters/envelopes.js";
import {
  contains,
  intersects,
  PAPER,
  PT_PER_IN,
  PT_PER_MM,
  type Rect,
} from "../../../src/letters/geometry.js";
import { type LetterGeometry, letterGeometry } from "../../../src/letters/letter-geometry.js";

const inches = (r: Rect) =>
  [r.x, r.y, r.width, r.height].map((v) => Math.round((v / PT_PER_IN) * 1000) / 1000);
const mm = (r: Rect) => [r.x, r.y, r.width, r.height].map((v) => Math.round((v / PT_PER_MM) * 1000) / 1000);
const rectMm = (x: number, y: number, width: number, height: number): Rect => ({
  x: x * PT_PER_MM,
  y: y * PT_PER_MM,
  width: width * PT_PER_MM,
  height: height * PT_PER_MM,
});
const shrink = (r: Rect, by: number): Rect => ({
  x: r.x + by,
  y: r.y + by,
  width: r.width - 2 * by,
  height: r.height - 2 * by,
});
const bottom = (r: Rect) => r.y + r.height;
const round = (v: number) => Math.round(v * 1000) / 1000;
const rounded = (r: Rect) => [r.x, r.y, r.width, r.height].map(round);
const windowOf = (g: LetterGeometry) => {
  if (g.window === undefined) throw new Error("no window");
  return g.window;
};
const CLEAR = PT_PER_IN / 8;

describe("US #10 window on a tri-folded letter (the original inch-based spec)", () => {
  const g = letterGeometry("letter", "us10").window ?? fail("us10 has a window");

  it("puts the window 2.042″ down when the folded letter rests on the envelope bottom", () => {
    // 4⅛″ envelope, 3⅔″ panel: the panel sits 0.458″ low; window top 4.125 − 0.5 − 1.125 = 2.5″ in the envelope.
    expect(inches(g.window)).toEqual([0.375, 2.042, 4.5, 1.125]);
  });

  it("keeps the address where the window is however the letter slides sideways, ⅛″ clear", () => {
    expect(inches(g.address)).toEqual([1, 2.167, 3.25, 0.875]);
  });

  it("marks everything the window can expose, so nothing else prints there", () => {
    expect(inches(g.exposed)).toEqual([-0.25, 1.917, 5.75, 1.833]);
    expect((g.exposed.y + g.exposed.height) / PT_PER_IN).toBeCloseTo(3.75);
  });
});

/**
 * Where the window is on the page for each preset, worked out by hand from the envelope: the letter slides
 * sideways by `dx` (0 = against the envelope's left edge) and up by `dy` from resting on the bottom.
 */
const SLIDES: readonly {
  preset: Exclude<EnvelopePreset, "none">;
  paper: "letter" | "a4";
  window: (dx: number, dy: number) => Rect;
  play: { x: number; y: number };
  /** How far up the address must still show (us10: resting only, see AddressVisibility). */
  addressUpTo: number;
}[] = [
  {
    // 9.5 × 4.125 in envelope, 8.5 in sheet, 3⅔ in panels: window 0.875 in from the left, top 2.5 in down.
    preset: "us10",
    paper: "letter",
    window: (dx, dy) => ({
      x: 0.875 * 72 - dx,
      y: (2.5 - (4.125 - 11 / 3)) * 72 + dy,
      width: 324,
      height: 81,
    }),
    play: { x: 72, y: (4.125 - 11 / 3) * 72 },
    addressUpTo: 0,
  },
  {
    // DL 220 × 110 mm, DIN 680 window 20 mm from the left, top 50 mm down; 105 mm packet, its 87 mm top
    // panel 18 mm below the packet's top: at rest the window top is at 27 mm (DIN 5008 form A).
    preset: "din5008a",
    paper: "a4",
    window: (dx, dy) => rectMm(20 - dx / PT_PER_MM, 27 + dy / PT_PER_MM, 90, 45),
    play: { x: 10 * PT_PER_MM, y: 5 * PT_PER_MM },
    addressUpTo: 5 * PT_PER_MM,
  },
  ...(["din5008b", "dl"] as const).map((preset) => ({
    preset,
    paper: "a4" as const,
    window: (dx: number, dy: number) => rectMm(20 - dx / PT_PER_MM, 45 + dy / PT_PER_MM, 90, 45),
    play: { x: 10 * PT_PER_MM, y: 5 * PT_PER_MM },
    addressUpTo: 5 * PT_PER_MM,
  })),
];

describe.each(SLIDES)("$preset: the window at every slide position", (s) => {
  const g = letterGeometry(s.paper, s.preset);
  const w = windowOf(g);
  const steps = (max: number) => [0, max / 4, max / 2, (3 * max) / 4, max];
  const positions = steps(s.play.x).flatMap((dx) => steps(s.play.y).map((dy) => ({ dx, dy })));

  it("lets the letter move by the room the envelope has to spare", () => {
    expect(w.play.x).toBeCloseTo(s.play.x, 6);
    expect(w.play.y).toBeCloseTo(s.play.y, 6);
    expect(rounded(w.window)).toEqual(rounded(s.window(s.play.x / 2, 0)));
  });

  it("keeps the address ⅛ in (3.175 mm) inside the window at every position", () => {
    for (const { dx, dy } of positions.filter((p) => p.dy <= s.addressUpTo)) {
      expect(contains(shrink(s.window(dx, dy), CLEAR), w.address), `dx ${dx}, dy ${dy}`).toBe(true);
    }
  });

  it("counts as exposed everything the window can show, with the clearance", () => {
    for (const { dx, dy } of positions) {
      expect(contains(w.exposed, shrink(s.window(dx, dy), -CLEAR))).toBe(true);
    }
  });

  it("keeps the return address and the date out of the window, except DIN 5008's return line", () => {
    const din = s.preset.startsWith("din5008");
    expect(g.returnAddress.inWindow).toBe(din);
    if (din) {
      for (const { dx, dy } of positions) {
        expect(contains(shrink(s.window(dx, dy), CLEAR), g.returnAddress.box)).toBe(true);
      }
    } else {
      expect(intersects(g.returnAddress.box, w.exposed)).toBe(false);
    }
    expect(intersects(g.info, w.exposed)).toBe(false);
  });

  it("has room for a four-line address at 11 pt", () => {
    // DejaVu Sans: 1.164 em a line, 0.1 em between lines (address.ts).
    expect(w.address.height).toBeGreaterThanOrEqual(4 * 11 * 1.164 + 3 * 1.1);
    expect(w.address.width).toBeGreaterThanOrEqual(2.5 * PT_PER_IN);
  });

  it("starts the body below the exposed area and the first fold's band", () => {
    const firstFold = g.folds[0] ?? 0;
    expect(g.bodyTop).toBeGreaterThanOrEqual(bottom(w.exposed));
    expect(g.bodyTop).toBeGreaterThanOrEqual(firstFold + 10);
    for (const [from, to] of g.bands) expect(g.bodyTop >= to || g.bodyTop + 1 <= from).toBe(true);
  });

  it("keeps panels off the folds and the exposed area on page 1, off the folds after", () => {
    const inBand = (y: number, bands: LetterGeometry["bands"]) => bands.some(([a, b]) => y > a && y < b);
    for (const f of g.folds) {
      expect(inBand(f - 9.9, g.bands) && inBand(f + 9.9, g.bands)).toBe(true);
      expect(inBand(f - 9.9, g.laterBands) && inBand(f + 9.9, g.laterBands)).toBe(true);
    }
    expect(inBand(w.exposed.y + 0.1, g.bands) && inBand(bottom(w.exposed) - 0.1, g.bands)).toBe(true);
    expect(inBand(w.exposed.y + 0.1, g.laterBands)).toBe(false);
  });

  it("puts the footer of later pages in the bottom margin, on the page", () => {
    expect(g.footer.y).toBeGreaterThanOrEqual(g.paper.height - g.margins.bottom);
    expect(bottom(g.footer)).toBeLessThanOrEqual(g.paper.height - 18);
    expect(g.footer.x).toBe(g.margins.left);
  });
});

describe("US #10 on US Letter", () => {
  const g = letterGeometry("letter", "us10");

  it("keeps today's page: margins, folds at 3⅔ and 7⅓ in, body from 3.94 in", () => {
    expect(g.paper).toEqual({ width: 612, height: 792 });
    expect(g.margins).toEqual({ left: 72, right: 54, top: 54, bottom: 54 });
    expect(g.folds.map(round)).toEqual([264, 528]);
    // max(exposed bottom 3.75 in, first fold 3.667 in) + 14 pt
    expect(g.bodyTop).toBeCloseTo(270 + 14, 6);
    expect(g.bands.map((b) => b.map(round))).toEqual([
      [138, 274],
      [518, 538],
    ]);
    expect(g.marks).toEqual([]);
  });

  it("puts the return address top left and the date top right, above the exposed area", () => {
    expect(inches(g.returnAddress.box)).toEqual([1, 0.5, 3.25, 1.417]);
    expect(inches(g.info)).toEqual([4.5, 0.5, 3.25, 1.417]);
    expect(g.returnAddress).toEqual(
      expect.objectContaining({ inWindow: false, oneLine: false, align: "top" }),
    );
  });
});

describe.each([
  { preset: "din5008a", fieldTop: 27, folds: [87, 192] },
  { preset: "din5008b", fieldTop: 45, folds: [105, 210] },
] as const)("$preset: DIN 5008 on A4", ({ preset, fieldTop, folds }) => {
  const g = letterGeometry("a4", preset);
  const w = windowOf(g);

  it("has the address field 85 × 45 mm, 20 mm from the left, its top at the window's top at rest", () => {
    expect(mm(g.addressField ?? rectMm(0, 0, 0, 0))).toEqual([20, fieldTop, 85, 45]);
    expect(mm(w.window)[1]).toBe(fieldTop);
    expect(bottom(w.window) / PT_PER_MM).toBeCloseTo(fieldTop + 45, 6);
  });

  it("puts the address in the address zone from the 25 mm alignment line, inside the field", () => {
    const [x, y] = mm(w.address);
    expect(x).toBe(25);
    expect(y).toBeCloseTo(fieldTop + 17.7, 6);
    expect(contains(g.addressField ?? rectMm(0, 0, 0, 0), w.address)).toBe(true);
  });

  it("puts the one-line return address right above the address zone, meant to show in the window", () => {
    const r = g.returnAddress;
    expect(r).toEqual(expect.objectContaining({ inWindow: true, oneLine: true, align: "bottom" }));
    expect(bottom(r.box)).toBeCloseTo(w.address.y, 6);
    expect(r.box.height).toBeGreaterThanOrEqual(8 * 1.164);
    expect(contains(g.addressField ?? rectMm(0, 0, 0, 0), r.box)).toBe(true);
  });

  it("has the fold marks, the hole mark at 148.5 mm, and the information block from 125 mm", () => {
    expect(g.folds.map((f) => f / PT_PER_MM)).toEqual(folds.map((f) => expect.closeTo(f, 6)));
    expect(g.marks.map((m) => [m.kind, Math.round((m.y / PT_PER_MM) * 10) / 10])).toEqual([
      ["fold", folds[0]],
      ["hole", 148.5],
      ["fold", folds[1]],
    ]);
    expect(mm(g.info).slice(0, 3)).toEqual([125, fieldTop + 5, 65]);
    expect(bottom(g.info)).toBeLessThanOrEqual(folds[0] * PT_PER_MM - 10);
  });

  it("has DIN 5008's margins: 25 mm left, 20 mm right", () => {
    const { left, right, top, bottom } = g.margins;
    expect([left, right, top, bottom].map((v) => round(v / PT_PER_MM))).toEqual([25, 20, 20, 20]);
  });
});

describe("dl: DL window envelope (DIN 680)", () => {
  const g = letterGeometry("a4", "dl");
  const w = windowOf(g);

  it("puts the 90 × 45 mm window 15 mm above the envelope bottom: 45–90 mm down the page at rest", () => {
    expect(mm(w.window)).toEqual([15, 45, 90, 45]);
  });

  it("keeps the address 3.175 mm inside the window wherever the letter moves", () => {
    expect(mm(w.address)).toEqual([23.175, 53.175, 73.65, 33.65]);
  });

  it("puts the return address above the window, the date to the right, the body below the first fold", () => {
    expect(bottom(g.returnAddress.box)).toBeLessThanOrEqual(w.exposed.y);
    expect(g.bodyTop / PT_PER_MM).toBeCloseTo(105 + 14 / PT_PER_MM, 6);
  });
});

describe.each(["letter", "a4"] as const)("none on %s", (paper) => {
  const g = letterGeometry(paper, "none");

  it("has no window, folds, marks or bands; the body starts at the top margin", () => {
    expect(g.window).toBeUndefined();
    expect([g.folds, g.marks, g.bands, g.laterBands]).toEqual([[], [], [], []]);
    expect(g.bodyTop).toBe(g.margins.top);
    expect(g.paper).toEqual(PAPER[paper]);
  });
});

describe("which paper a preset is for", () => {
  it.each([
    ["us10", "letter"],
    ["din5008a", "a4"],
    ["din5008b", "a4"],
    ["dl", "a4"],
    ["none", undefined],
  ] as const)("%s: %s", (preset, paper) => {
    expect(presetPaper(preset)).toBe(paper);
  });

  it("says what to change when the preset does not suit the paper", () => {
    expect(paperProblem("a4", "us10")).toBe(
      'envelope "us10" (US #10 window envelope, letter folded in thirds) is for US Letter paper, but the ' +
        'letters are on A4: for A4 use envelope "din5008b", "dl" or "din5008a", or use paper "letter"',
    );
    expect(paperProblem("letter", "dl")).toBe(
      'envelope "dl" (DL window envelope (DIN 680), A4 folded in thirds) is for A4 paper, but the letters are ' +
        'on US Letter: for US Letter use envelope "us10", or use paper "a4"',
    );
    expect(envelopeProblems("letter", "din5008b")).toEqual([paperProblem("letter", "din5008b")]);
  });

  it.each([
    ["letter", "us10"],
    ["a4", "din5008b"],
    ["letter", "none"],
    ["a4", "none"],
  ] as const)("%s with %s: no problem", (paper, preset) => {
    expect(paperProblem(paper, preset)).toBeUndefined();
    expect(envelopeProblems(paper, preset)).toEqual([]);
  });
});

const DL_MM: CustomEnvelope = {
  unit: "mm",
  width: 220,
  height: 110,
  window: { left: 20, bottom: 15, width: 90, height: 45 },
  folds: [105, 210],
};

describe("custom numbers from an envelope's data sheet", () => {
  it("in mm: DIN 680's DL numbers give the dl preset's geometry", () => {
    const custom = letterGeometry("a4", DL_MM);
    const preset = letterGeometry("a4", "dl");
    expect(custom.window).toEqual(preset.window);
    expect(custom.bands).toEqual(preset.bands);
    expect(custom.envelope).toEqual({ preset: undefined, title: "custom window envelope", numbers: DL_MM });
    expect(envelopeProblems("a4", DL_MM)).toEqual([]);
  });

  it("in inches, the window measured from the top: the us10 preset's geometry", () => {
    const us10: CustomEnvelope = {
      unit: "in",
      width: 9.5,
      height: 4.125,
      window: { left: 0.875, top: 2.5, width: 4.5, height: 1.125 },
      folds: [11 / 3, 22 / 3],
      addressVisible: "when-resting",
    };
    expect(letterGeometry("letter", us10).window).toEqual(letterGeometry("letter", "us10").window);
    expect(envelopeProblems("letter", us10)).toEqual([]);
  });

  it("converts the clearance in the envelope's unit", () => {
    const wide = letterGeometry("a4", { ...DL_MM, clearance: 5 });
    expect(mm(windowOf(wide).address)).toEqual([25, 55, 70, 30]);
  });

  it("allows for moving up and down unless told the letter rests (us10 in thirds: 0.417 in left)", () => {
    const g = letterGeometry("letter", {
      unit: "in",
      width: 9.5,
      height: 4.125,
      window: { left: 0.875, bottom: 0.5, width: 4.5, height: 1.125 },
      folds: [11 / 3, 22 / 3],
    });
    expect(inches(windowOf(g).address)).toEqual([1, 2.625, 3.25, 0.417]);
  });

  it.each<[string, CustomEnvelope, string[]]>([
    [
      "window given from both edges",
      { ...DL_MM, window: { ...DL_MM.window, top: 50 } },
      ['envelope "window" needs "bottom" or "top", not both'],
    ],
    [
      "window without its distance from the bottom or the top",
      { ...DL_MM, window: { left: 20, width: 90, height: 45 } },
      ['envelope "window" needs "bottom" (from the envelope\'s bottom edge to the window) or "top"'],
    ],
    [
      "window past the envelope's edge",
      { ...DL_MM, window: { ...DL_MM.window, left: 140 } },
      ["the envelope window (140 mm from the left, 90 mm wide) reaches past the envelope's 220 mm width"],
    ],
    [
      "folds out of order",
      { ...DL_MM, folds: [210, 105] },
      ['envelope "folds" must go from top to bottom, each between 0 and 297 mm (the sheet\'s height)'],
    ],
    [
      "a sheet wider than the envelope",
      { ...DL_MM, width: 200, window: { ...DL_MM.window, left: 10 } },
      ["A4 paper is 210 mm wide, but the envelope only 200 mm: it does not go in"],
    ],
    [
      "folded once, too tall for a DL envelope",
      { ...DL_MM, folds: [148.5] },
      ['folded as given the letter is 148.5 mm tall, but the envelope only 110 mm: check "folds"'],
    ],
    [
      "a window too short for an address",
      { ...DL_MM, window: { left: 20, bottom: 15, width: 90, height: 15 }, clearance: 3 },
      [
        "the window leaves 74 mm × 4 mm for the address wherever the letter moves in the envelope (it can " +
          'move 5 mm up and down): fold the top panel about as tall as the envelope, use a taller window, or set addressVisible: "when-resting"',
      ],
    ],
    [
      "a window too short even with the letter resting",
      {
        ...DL_MM,
        window: { left: 20, bottom: 15, width: 90, height: 10 },
        clearance: 3,
        addressVisible: "when-resting",
      },
      [
        "the window leaves 74 mm × 4 mm for the address (it needs at least 50.8 mm × 10.6 mm): check the window's size",
      ],
    ],
  ])("%s", (_name, envelope, problems) => {
    expect(envelopeProblems("a4", envelope)).toEqual(problems);
  });
});

function fail(message: string): never {
  throw new Error(message);
}
