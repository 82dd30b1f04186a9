import { z } from "zod";

// Every success body is validated: REDCap answers 200 with an HTML page during a database outage, and
// a single-sign-on proxy answers 200 with its login page. A value passes only if it has the exact
// shape the method returns; the caller turns `undefined` into a RedcapResponseShapeError.

export interface Shape<T> {
  /** What the method returns, in words, for the error message. */
  readonly expected: string;
  parse(body: string): T | undefined;
}

// The hand-typeable alphabet of access and return codes (no 0/O, 1/I, 2/Z, 5/S, 6/G, B, Q, U, V).
const ACCESS_CODE = /^[34789ACDEFHJKLMNPRTWXY]{9}$/;
const RETURN_CODE = /^[34789ACDEFHJKLMNPRTWXY]{8}$/;
const SURVEY_HASH = /^[A-Za-z0-9]{6,32}$/;
const VERSION = /^\d+\.\d+\.\d+$/;

// Surrounding blank space is tolerated (REDCap sends none, but a proxy or a PHP notice can append a
// newline); anything inside the value is not. Codes are case-insensitive: compared and kept uppercase.
function plain(body: string): string {
  return body.trim();
}

export const accessCodeShape: Shape<string> = {
  expected: "a 9-character survey access code",
  parse: (body) => {
    const code = plain(body).toUpperCase();
    return ACCESS_CODE.test(code) ? code : undefined;
  },
};

export const returnCodeShape: Shape<string> = {
  expected: "an 8-character survey return code",
  parse: (body) => {
    const code = plain(body).toUpperCase();
    return RETURN_CODE.test(code) ? code : undefined;
  },
};

export const surveyLinkShape: Shape<string> = {
  expected: "a survey link (https://…/surveys/?s=…)",
  parse: (body) => {
    const text = plain(body);
    if (!/^https?:\/\/\S+$/.test(text) || !URL.canParse(text)) return undefined;
    const url = new URL(text);
    const hash = url.searchParams.get("s");
    const onlyHash = [...url.searchParams.keys()].length === 1 && url.search === `?s=${hash}`;
    const ok = url.pathname.endsWith("/surveys/") && hash !== null && SURVEY_HASH.test(hash) && onlyHash;
    return ok && url.hash === "" && url.username === "" && url.password === "" ? text : undefined;
  },
};

export const versionShape: Shape<string> = {
  expected: "a version number such as 15.7.6",
  parse: (body) => {
    const text = plain(body);
    return VERSION.test(text) ? text : undefined;
  },
};

// Integer-looking values are JSON ints on REDCap 15 and strings on older servers: accept both.
const intLike = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
const flag = intLike.transform((n) => n === 1);
const text = z.union([z.string(), z.number().transform(String)]);

const projectSchema = z.object({
  project_id: intLike,
  project_title: z.string(),
  is_longitudinal: flag,
  surveys_enabled: flag,
  has_repeating_instruments_or_events: flag.optional(),
});
export type ProjectInfo = z.infer<typeof projectSchema>;

const instrumentSchema = z.object({ instrument_name: z.string().min(1), instrument_label: z.string() });
export type InstrumentInfo = z.infer<typeof instrumentSchema>;

const eventSchema = z.object({
  event_name: text,
  arm_num: intLike,
  unique_event_name: z.string().min(1),
});
export type EventInfo = z.infer<typeof eventSchema>;

const mappingSchema = z.object({
  arm_num: intLike,
  unique_event_name: z.string().min(1),
  form: z.string().min(1),
});
export type FormEventMapping = z.infer<typeof mappingSchema>;

const fieldSchema = z.object({ field_name: z.string().min(1), form_name: z.string() });
export type FieldInfo = z.infer<typeof fieldSchema>;

/** Record export rows: every value a string; `redcap_event_name` only on longitudinal projects. */
const recordRowSchema = z.record(z.string(), z.string());
export type RecordRow = z.infer<typeof recordRowSchema>;

function jsonShape<T>(expected: string, schema: z.ZodType<T>): Shape<T> {
  return {
    expected,
    parse: (body) => {
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch {
        return undefined;
      }
      const result = schema.safeParse(value);
      return result.success ? result.data : undefined;
    },
  };
}

export const projectShape = jsonShape("the project's settings (a JSON object)", projectSchema);
export const instrumentsShape = jsonShape("a JSON list of instruments", z.array(instrumentSchema));
export const eventsShape = jsonShape("a JSON list of events", z.array(eventSchema));
export const mappingShape = jsonShape("a JSON list of instrument-event designations", z.array(mappingSchema));
export const metadataShape = jsonShape("a JSON list of fields (the data dictionary)", z.array(fieldSchema));
export const recordsShape = jsonShape("a JSON list of records", z.array(recordRowSchema));

/**
 * One participant-list row (redcap-api.md): `record` is blank unless REDCap can tie the row to a
 * record; code and link are blank for a completed response that cannot be edited. Code and link,
 * when given, must have the shapes the per-record methods answer with.
 */
const participantSchema = z.object({
  record: text,
  response_status: intLike,
  // Cleaned to what the per-record methods give (trimmed, codes upper case), "" kept for "none".
  survey_access_code: z.string().transform((s, ctx) => cleaned(s, accessCodeShape, ctx)),
  survey_link: z.string().transform((s, ctx) => cleaned(s, surveyLinkShape, ctx)),
  repeat_instance: intLike.optional(),
});
export type ParticipantRow = z.output<typeof participantSchema>;

function cleaned(value: string, shape: Shape<string>, ctx: z.RefinementCtx): string {
  if (value.trim() === "") return "";
  const parsed = shape.parse(value);
  if (parsed === undefined) {
    ctx.addIssue({ code: "custom", message: shape.expected });
    return z.NEVER;
  }
  return parsed;
}

export const participantsShape = jsonShape("a JSON list of survey participants", z.array(participantSchema));
