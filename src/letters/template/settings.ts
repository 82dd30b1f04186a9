// The settings a template's front matter may give, checked with zod; every problem is turned into a
// coordinator's words by describeIssue (never zod's own "Invalid input: expected …").

import { z } from "zod";
import { suggestName } from "../../redcap/suggest.js";
import {
  type CustomEnvelope,
  customEnvelopeSchema,
  ENVELOPE_PRESETS,
  type EnvelopePreset,
} from "../envelopes.js";

const PRESETS = ENVELOPE_PRESETS;
/** What each participant gets (see config/print-choices.ts, where --layout is read). */
export const LAYOUTS = ["letter", "handout", "cards", "labels"] as const;
export type TemplateLayout = (typeof LAYOUTS)[number];

export type { EnvelopePreset };

/** A length as a coordinator writes it: `40mm`, `1.5in`, `12pt`, `4cm`. */
const LENGTH = /^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)\s*$/;
const PT_PER_UNIT = { mm: 72 / 25.4, cm: 720 / 25.4, in: 72, pt: 1 } as const;

export function lengthInPoints(text: string): number | undefined {
  const m = LENGTH.exec(text);
  if (m === null) return undefined;
  return Number(m[1]) * PT_PER_UNIT[m[2] as keyof typeof PT_PER_UNIT];
}

const length = z.string().refine((s) => lengthInPoints(s) !== undefined, {
  message: "length",
});
const text = z.string();
const lines = z.array(text);
const column = z.string().regex(/^[^{}\s][^{}]*$/, { message: "column" });

const image = z
  .object({
    /** PNG or JPEG, beside the template (or in a folder below it). */
    image: z.string().min(1).optional(),
    /** Printed width; the height follows the picture's shape. */
    width: length.optional(),
    /** Lines printed beside the logo (letterhead) or under the signature (name, role). */
    lines: lines.default([]),
  })
  .strict();

export type { CustomEnvelope };

export const labelsSchema = z
  .object({
    survey: text,
    goTo: text,
    accessCode: text,
    returnCode: text,
    returnCodeHint: text,
    scan: text,
    /** Printed on a replacement letter: REDCap cannot revoke a code, so the codes are the same. */
    replacement: text,
    /** Printed on a replacement card (cards only: a template for letters need not give it). */
    replacementCard: text.optional(),
    /**
     * Printed in the top margin of a label sheet holding replacement labels, `{{positions}}` filled in
     * (labels only; the label itself goes on the envelope and says nothing of it).
     */
    replacementLabels: text.optional(),
    /** Footer of every page after the first: `{{record_id}}`, `{{page}}` and `{{pages}}` are filled in. */
    footer: text,
  })
  .strict();
export type Labels = z.infer<typeof labelsSchema>;

export const settingsSchema = z
  .object({
    language: z.string().regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/, { message: "language" }),
    paper: z.enum(["letter", "a4"]),
    envelope: z.union([z.enum(PRESETS), customEnvelopeSchema]),
    layout: z.enum(LAYOUTS),
    date: z.enum(["full", "long", "medium", "short", "none"]),
    returnAddress: lines,
    letterhead: image,
    signature: image,
    name: z
      .object({
        given: column,
        family: column,
        order: z.enum(["auto", "given-first", "family-first"]).default("auto"),
      })
      .strict(),
    address: z.object({ lines: z.array(text).min(1), required: z.array(column).default([]) }).strict(),
    required: z.array(column),
    showReturnCode: z.boolean(),
    windowReturnLine: z.boolean(),
    redcapLanguage: z.string().min(1),
    labels: labelsSchema.partial(),
  })
  .partial()
  .strict();

export type RawSettings = z.infer<typeof settingsSchema>;

export const SETTING_NAMES = Object.keys(settingsSchema.shape);

/** What each setting holds, for messages: "paper must be letter or a4". */
const EXPECTED: Record<string, string> = {
  language: "a language tag such as en, es or zh-Hant",
  paper: "letter or a4",
  layout: `one of ${LAYOUTS.join(", ")}`,
  envelope: `one of ${PRESETS.join(", ")}, or custom numbers (unit, width, height, window, folds)`,
  date: "full, long, medium, short or none",
  returnAddress: "a list of lines",
  lines: "a list of lines",
  image: "the name of a PNG or JPEG file beside the template",
  width: "a length such as 40mm or 1.5in",
  showReturnCode: "true or false",
  windowReturnLine: "true or false",
  order: "auto, given-first or family-first",
  required: "a list of roster column names",
  unit: "mm or in",
};

/** One zod issue in a coordinator's words, naming the setting. */
export function describeIssue(issue: z.core.$ZodIssue): { path: (string | number)[]; message: string } {
  const path = issue.path.map((p) => (typeof p === "number" ? p : String(p)));
  const name = settingName(path);
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(path);
    const parts = issue.keys.map((key) => {
      const guess = suggestName(
        key,
        known.map((k) => ({ name: k, label: k })),
      )?.name;
      return `"${key}" is not a setting${guess === undefined ? "" : ` (did you mean "${guess}"?)`}`;
    });
    const where = issue.keys[0] === undefined ? path : [...path, issue.keys[0]];
    return { path: where, message: `${parts.join("; ")}${path.length > 0 ? ` in "${name}"` : ""}` };
  }
  const last = [...path].reverse().find((p): p is string => typeof p === "string") ?? "";
  const expected = EXPECTED[last] ?? EXPECTED[String(path[0] ?? "")];
  if (issue.message === "length") return { path, message: `"${name}" must be ${EXPECTED.width}` };
  if (issue.message === "column")
    return { path, message: `"${name}" must be a roster column name (no braces, no leading space)` };
  if (issue.message === "language") return { path, message: `"${name}" must be ${EXPECTED.language}` };
  if (issue.code === "too_small") return { path, message: `"${name}" needs at least one line` };
  if (expected !== undefined) return { path, message: `"${name}" must be ${expected}` };
  if (issue.code === "invalid_type") return { path, message: `"${name}" must be ${kindOf(issue.expected)}` };
  return { path, message: `"${name}" is not valid here` };
}

function settingName(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? ` line ${p + 1}` : i === 0 ? p : `.${p}`)).join("");
}

function knownKeys(path: readonly (string | number)[]): string[] {
  let schema: z.ZodType = settingsSchema;
  for (const part of path) {
    const shape = (unwrap(schema) as { shape?: Record<string, z.ZodType> }).shape;
    const next = typeof part === "string" ? shape?.[part] : undefined;
    if (next === undefined) return [];
    schema = next;
  }
  const shape = (unwrap(schema) as { shape?: Record<string, unknown> }).shape;
  return shape === undefined ? [] : Object.keys(shape);
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema as z.ZodType & { unwrap?: () => z.ZodType; def?: { innerType?: z.ZodType } };
  for (let i = 0; i < 5; i++) {
    const inner = s.def?.innerType;
    if (inner === undefined) break;
    s = inner as typeof s;
  }
  return s;
}

function kindOf(expected: string): string {
  switch (expected) {
    case "string":
      return "text";
    case "array":
      return "a list";
    case "object":
      return "a group of settings";
    case "boolean":
      return "true or false";
    case "number":
      return "a number";
    default:
      return expected;
  }
}
