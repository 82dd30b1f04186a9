// The project description file: what a REDCap project looks like to the API (arms, events,
// instruments and their survey settings, records, tokens and their rights). Snake_case keys mirror
// REDCap's own export names so a real project's exports can be pasted in with little editing.
import { z } from "zod";

export const PROJECT_STATUSES = ["development", "production", "analysis_cleanup", "completed"] as const;

const name = z.string().regex(/^[a-z][a-z0-9_]*$/, "must be a REDCap unique name (a-z, 0-9, _)");

/** A data dictionary row, in REDCap's own column names (form_name comes from the instrument). */
export const fieldSchema = z.strictObject({
  field_name: name,
  field_type: z.string().default("text"),
  field_label: z.string().default(""),
  section_header: z.string().default(""),
  /** Choices as REDCap writes them: "1, Yes | 0, No" (checkbox fields export one column per code). */
  select_choices_or_calculations: z.string().default(""),
  field_note: z.string().default(""),
  text_validation_type_or_show_slider_number: z.string().default(""),
  text_validation_min: z.string().default(""),
  text_validation_max: z.string().default(""),
  identifier: z.enum(["", "y"]).default(""),
  branching_logic: z.string().default(""),
  required_field: z.enum(["", "y"]).default(""),
  custom_alignment: z.string().default(""),
  question_number: z.string().default(""),
  matrix_group_name: z.string().default(""),
  matrix_ranking: z.string().default(""),
  field_annotation: z.string().default(""),
});

export const instrumentSchema = z.strictObject({
  instrument_name: name,
  instrument_label: z.string().min(1),
  is_survey: z.boolean().default(false),
  save_and_return: z.boolean().default(false),
  /** true: repeating wherever designated; a list: repeating only in these events (longitudinal). */
  repeating: z.union([z.boolean(), z.array(z.string())]).default(false),
  /** Off in REDCap by default: participantList then blanks code and link of completed responses. */
  edit_completed_responses: z.boolean().default(false),
  fields: z.array(fieldSchema).default([]),
  /** Survey Settings' time limit for completion; participantList then has survey_link_expiration. */
  time_limit_minutes: z.number().int().positive().optional(),
});

export const armSchema = z.strictObject({
  arm_num: z.number().int().positive(),
  name: z.string().default(""),
});

export const eventSchema = z.strictObject({
  unique_event_name: name,
  event_name: z.string().default(""),
  arm_num: z.number().int().positive(),
  event_id: z.number().int().positive(),
  custom_event_label: z.string().default(""),
  /** A repeating event: every instrument in it repeats. */
  repeating: z.boolean().default(false),
});

export const mappingSchema = z.strictObject({
  unique_event_name: name,
  form: name,
});

export const recordSchema = z.strictObject({
  id: z.string().min(1),
  /** Arms the record exists in (longitudinal); a classic record lives in arm 1. */
  arms: z.array(z.number().int().positive()).min(1).default([1]),
  /**
   * Values by field name, as the record's first event of each arm holds them. A checkbox holds its
   * checked codes ("1,3"); `<form>_complete` may be given, else it follows `responses` and the data.
   */
  data: z.record(z.string(), z.string()).default({}),
  /**
   * An email typed into the participant list by hand. It does not tie the list's row to the record:
   * only an identifier or an email from the designated email field (its value in `data`) does.
   */
  email: z.string().default(""),
  /** Participant identifier: participantList then shows the row's record. */
  identifier: z.string().default(""),
  /** response_status per `instrument` or per `event/instrument`: 0 none, 1 partial, 2 completed. */
  responses: z.record(z.string(), z.union([z.literal(0), z.literal(1), z.literal(2)])).default({}),
});

export const rightsSchema = z.strictObject({
  api_export: z.boolean().default(true),
  /** "Manage Survey Participants" (Survey Distribution Tools). */
  survey_distribution: z.boolean().default(true),
  design: z.boolean().default(false),
  /** REDCap refuses an expired user's token with a 403 that names the expiry date. */
  expired: z.boolean().default(false),
  /** The date the 403 names (YYYY-MM-DD); only used when `expired`. */
  expiration: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must look like 2024-12-31")
    .optional(),
});

export const tokenSchema = z.strictObject({
  token: z.string().regex(/^[0-9A-F]{32}$/, "must be 32 uppercase hexadecimal characters"),
  label: z.string().default(""),
  rights: rightsSchema.prefault({}),
});

export const projectInfoSchema = z.strictObject({
  project_id: z.number().int().positive(),
  project_title: z.string().min(1),
  is_longitudinal: z.boolean().default(false),
  surveys_enabled: z.boolean().default(true),
  record_id_field: name.default("record_id"),
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, "must look like 15.7.6")
    .default("15.7.6"),
  /** Admins can serve surveys from another host; default: the simulator's own origin + "/". */
  survey_base_url: z.url().regex(/\/$/, "must end with /").optional(),
  project_language: z.string().default("English"),
  /** Older files: true → production, false → development. `status` wins when both are given. */
  in_production: z.boolean().optional(),
  /** REDCap's project status; default production. "completed" is REDCap's "marked as Completed". */
  status: z.enum(PROJECT_STATUSES).optional(),
  /** Whether the Survey Queue is set up (at least one active queue entry on an enabled survey). */
  survey_queue_enabled: z.boolean().default(false),
  /** Project Setup's designated email field: its value is the participant's email, tied to the record. */
  designated_email_field: name.optional(),
  creation_time: z.string().default("2024-01-15 09:30:00"),
  purpose: z.number().int().min(0).max(4).default(2),
  project_irb_number: z.string().default(""),
  project_pi_firstname: z.string().default(""),
  project_pi_lastname: z.string().default(""),
});

export const projectFileSchema = z.strictObject({
  project: projectInfoSchema,
  arms: z.array(armSchema).default([]),
  events: z.array(eventSchema).default([]),
  form_event_mapping: z.array(mappingSchema).default([]),
  instruments: z.array(instrumentSchema).min(1),
  records: z.array(recordSchema).default([]),
  tokens: z.array(tokenSchema).min(1),
});

export type ProjectFile = z.infer<typeof projectFileSchema>;
export type ProjectInfo = ProjectFile["project"];
export type InstrumentDef = z.infer<typeof instrumentSchema>;
export type EventDef = z.infer<typeof eventSchema>;
export type RecordDef = z.infer<typeof recordSchema>;
export type TokenDef = z.infer<typeof tokenSchema>;
export type TokenRights = z.infer<typeof rightsSchema>;
