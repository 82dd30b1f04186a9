// The letter template file format (JSON). Every string may hold `{{column}}` placeholders, filled from the
// roster row's columns. Geometry is in inches, as envelope data sheets give it.

import { z } from "zod";
import { US_10 } from "./geometry.js";

const text = z.string();

const envelopeSchema = z
  .object({
    /** Envelope size. */
    width: z.number().positive(),
    height: z.number().positive(),
    /** Fold lines from the top of the page; the panel above the first one faces the window. */
    folds: z.array(z.number().positive()).min(1),
    window: z
      .object({
        left: z.number().nonnegative(),
        bottom: z.number().nonnegative(),
        width: z.number().positive(),
        height: z.number().positive(),
      })
      .strict(),
    /** Space kept free around the address text inside the window. */
    clearance: z.number().nonnegative().default(0.125),
  })
  .strict();

const panelSchema = z
  .object({
    survey: text,
    goTo: text,
    accessCode: text,
    returnCode: text,
    returnCodeHint: text,
    scan: text,
  })
  .strict();

export const templateSchema = z
  .object({
    /** Language of the text, for the date; informational otherwise. */
    language: z.string().min(2).default("en"),
    /** Only US letter for now (A4 / DIN 5008 later). */
    paper: z.literal("letter").default("letter"),
    envelope: envelopeSchema.default({ ...US_10, folds: [...US_10.folds], window: { ...US_10.window } }),
    /** A neutral sender: no study name, no clinic, no diagnosis. It shows above the window. */
    returnAddress: z.array(text).max(4).default([]),
    address: z
      .object({
        /** Lines of the address block; lines that come out empty are dropped. */
        lines: z.array(text).min(1).max(6),
        /** Columns that must have a value, or the row fails before any code is fetched. */
        required: z.array(z.string().min(1)).default([]),
      })
      .strict(),
    showDate: z.boolean().default(false),
    greeting: text,
    paragraphs: z.array(text).default([]),
    closing: z.array(text).default([]),
    panel: panelSchema,
    showReturnCode: z.boolean().default(true),
    /** Printed when a letter replaces an earlier one: REDCap cannot revoke a code, so the code is the same. */
    reprintNote: text,
  })
  .strict();

export type Template = z.infer<typeof templateSchema>;
