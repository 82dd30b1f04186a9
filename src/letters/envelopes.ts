// Window envelopes by preset name, or as numbers a coordinator copies from the envelope's data sheet.

import { z } from "zod";
import { type AddressVisibility, type EnvelopeModel, type PAPER, PT_PER_IN, PT_PER_MM } from "./geometry.js";

export type PaperName = keyof typeof PAPER;

export const ENVELOPE_PRESETS = ["us10", "din5008a", "din5008b", "dl", "none"] as const;
export type EnvelopePreset = (typeof ENVELOPE_PRESETS)[number];

/**
 * A window envelope as its data sheet describes it, plus where the sheet is folded. Every length is in
 * `unit`. Optional fields may be given as undefined (what a zod schema's optional fields produce).
 */
export interface CustomEnvelope {
  /** "mm" or "in": the unit of every number below. */
  readonly unit: "mm" | "in";
  /** The envelope's outside width, its long side (DL: 220 mm; US #10: 9.5 in). */
  readonly width: number;
  /** The envelope's outside height (DL: 110 mm; US #10: 4.125 in). */
  readonly height: number;
  /**
   * The window, seen on the envelope's address side with the flap at the top: its size, its distance from
   * the envelope's left edge, and its distance from the envelope's bottom edge (`bottom`, as US and DIN 680
   * data sheets give it) or from its top edge (`top`, as some makers give it). Give one of the two.
   */
  readonly window: {
    readonly left: number;
    readonly bottom?: number | undefined;
    readonly top?: number | undefined;
    readonly width: number;
    readonly height: number;
  };
  /**
   * Fold lines, from the sheet's top edge, top fold first: the panel above the first fold faces the window
   * (US Letter in thirds: [3.667, 7.333] in; DIN 5008 form B: [105, 210] mm). [] for a sheet not folded.
   */
  readonly folds: readonly number[];
  /** Paper kept clear between the window's edges and the address; default ⅛ in (3.175 mm). */
  readonly clearance?: number | undefined;
  /** Default "always"; "when-resting" for envelopes with too much play up and down (see AddressVisibility). */
  readonly addressVisible?: AddressVisibility | undefined;
}

export type EnvelopeChoice = EnvelopePreset | CustomEnvelope;

interface Preset {
  readonly paper: PaperName;
  readonly title: string;
  readonly envelope: CustomEnvelope;
}

// DIN 680: DL window envelope 220 × 110 mm, window 90 × 45 mm, 20 mm from the left, 15 mm from the bottom.
// DIN 678 also gives C6/5 (229 × 114 mm) the same window: it lets the letter move 19 mm sideways and 9 mm
// up, so those need custom numbers (width 229, height 114).
const DL = {
  unit: "mm",
  width: 220,
  height: 110,
  window: { left: 20, bottom: 15, width: 90, height: 45 },
} as const;

const PRESETS: Readonly<Record<Exclude<EnvelopePreset, "none">, Preset>> = {
  us10: {
    paper: "letter",
    title: "US #10 window envelope, letter folded in thirds",
    // The letter moves 0.46″ up and down: the address allows for that only resting (see AddressVisibility).
    envelope: {
      unit: "in",
      width: 9.5,
      height: 4.125,
      window: { left: 0.875, bottom: 0.5, width: 4.5, height: 1.125 },
      folds: [11 / 3, 22 / 3],
      addressVisible: "when-resting",
    },
  },
  // Form A's 87 mm top panel sits 18 mm below the top of the 105 mm packet: at rest the window's top is
  // 50 − (110 − 87) = 27 mm down the page, DIN 5008's address field.
  din5008a: {
    paper: "a4",
    title: "DIN 5008 form A letter in a DL window envelope",
    envelope: { ...DL, folds: [87, 192] },
  },
  din5008b: {
    paper: "a4",
    title: "DIN 5008 form B letter in a DL window envelope",
    envelope: { ...DL, folds: [105, 210] },
  },
  dl: {
    paper: "a4",
    title: "DL window envelope (DIN 680), A4 folded in thirds",
    envelope: { ...DL, folds: [105, 210] },
  },
};

const PAPER_NAMES: Readonly<Record<PaperName, string>> = { letter: "US Letter", a4: "A4" };

/** The paper's name as a coordinator knows it. */
export function paperTitle(paper: PaperName): string {
  return PAPER_NAMES[paper];
}

/** Points per unit. */
export function unitPoints(unit: "mm" | "in"): number {
  return unit === "mm" ? PT_PER_MM : PT_PER_IN;
}

/** The paper a preset is made for; undefined for "none", which suits either. */
export function presetPaper(preset: EnvelopePreset): PaperName | undefined {
  return preset === "none" ? undefined : PRESETS[preset].paper;
}

/** A preset's numbers, as a template would give them (a starting point for custom numbers). */
export function presetEnvelope(preset: EnvelopePreset): CustomEnvelope | undefined {
  return preset === "none" ? undefined : PRESETS[preset].envelope;
}

/** A few words for a coordinator: what the choice is. */
export function envelopeTitle(choice: EnvelopeChoice): string {
  if (choice === "none")
    return "no envelope window: hand-outs, or envelopes addressed by hand or with a label";
  return typeof choice === "string" ? PRESETS[choice].title : "custom window envelope";
}

/** The envelope in points; clearance ⅛ in unless given (USPS Pub 25 §3-9; also covers DIN 680's ±1 mm). */
export function envelopeModel(c: CustomEnvelope): EnvelopeModel {
  const pt = unitPoints(c.unit);
  const w = c.window;
  const top = w.top ?? c.height - (w.bottom ?? 0) - w.height;
  return {
    width: c.width * pt,
    height: c.height * pt,
    window: { x: w.left * pt, y: top * pt, width: w.width * pt, height: w.height * pt },
    folds: c.folds.map((f) => f * pt),
    clearance: c.clearance === undefined ? PT_PER_IN / 8 : c.clearance * pt,
    addressVisible: c.addressVisible ?? "always",
  };
}

/** A length in the coordinator's unit, rounded as a ruler reads: 0.1 mm or 0.001 in. */
export function formatLength(value: number, unit: "mm" | "in"): string {
  const digits = unit === "mm" ? 1 : 3;
  return `${Number(value.toFixed(digits))} ${unit}`;
}

/**
 * The template's custom envelope, as zod checks it (the front matter's `envelope:` when it is not a preset
 * name). Numbers only: whether they make sense together is envelopeProblems' job.
 */
export const customEnvelopeSchema: z.ZodType<CustomEnvelope> = z
  .object({
    unit: z.enum(["mm", "in"]),
    width: z.number().positive(),
    height: z.number().positive(),
    window: z
      .object({
        left: z.number().nonnegative(),
        bottom: z.number().nonnegative().optional(),
        top: z.number().nonnegative().optional(),
        width: z.number().positive(),
        height: z.number().positive(),
      })
      .strict(),
    folds: z.array(z.number().positive()),
    clearance: z.number().nonnegative().optional(),
    addressVisible: z.enum(["always", "when-resting"]).optional(),
  })
  .strict();
