// The validation REDCap runs before it hands out a survey link, access code or return code, in its
// order and with its (inconsistent) quoting. Pure: it says which participant row the call is about.
import { param } from "../api-params.js";
import type { ParticipantKey } from "../codes.js";
import { phpHtmlEscape } from "../php-format.js";
import { isRepeating, type SimProject } from "../project.js";
import type { EventDef, InstrumentDef } from "../project-schema.js";
import type { MethodCall } from "../reply.js";

export type SurveyKind = "link" | "accessCode" | "returnCode";

export const SURVEY_MESSAGES = {
  noRights:
    'The API request cannot complete because currently you do not have "Manage Survey Participants" privileges, which are required for this operation.',
  recordMissing: "The parameter 'record' is missing",
  instrumentMissing: "The parameter 'instrument' is missing",
  invalidInstrument: "Invalid instrument",
  eventMissing: "The parameter 'event' is missing",
  invalidEvent: "Invalid event",
  noSaveReturn: "The 'Save & Return Later' feature has not been enabled for this survey",
  unknown: "An unknown error occurred",
  recordNotFound: (id: string, major: number) =>
    major <= 10
      ? `The record '${phpHtmlEscape(id)}' does not exist`
      : `The record "${phpHtmlEscape(id)}" does not exist`,
  notSurvey: (form: string, kind: SurveyKind) =>
    kind === "returnCode"
      ? `The instrument "${form}" has not been enabled as a survey`
      : `The instrument '${form}' has not been enabled as a survey`,
  notDesignated: (form: string, event: string) =>
    `The instrument "${phpHtmlEscape(form)}" has not been designated for the event "${phpHtmlEscape(event)}"`,
} as const;

export interface SurveyTarget {
  readonly key: ParticipantKey;
  readonly event: EventDef;
  readonly instrument: InstrumentDef;
}

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };
const bad = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** Steps 3–5 of the spec: instrument, then (longitudinal) event. Shared with participantList. */
export function checkInstrumentEvent(
  call: MethodCall,
  kind: SurveyKind,
  designationChecked: boolean,
): Checked<{ instrument: InstrumentDef; event: EventDef }> {
  const p = call.project;
  const form = param(call.params, "instrument");
  if (form === "") return bad(SURVEY_MESSAGES.instrumentMissing);
  const instrument = p.instruments.get(form);
  if (instrument === undefined) return bad(SURVEY_MESSAGES.invalidInstrument);
  // With surveys off for the whole project no instrument is a survey: same message.
  if (!instrument.is_survey || !p.info.surveys_enabled) return bad(SURVEY_MESSAGES.notSurvey(form, kind));
  if (!p.longitudinal) return { ok: true, value: { instrument, event: firstEvent(p) } };
  const eventName = param(call.params, "event");
  if (eventName === "") return bad(SURVEY_MESSAGES.eventMissing);
  const event = p.eventsByName.get(eventName);
  if (event === undefined) return bad(SURVEY_MESSAGES.invalidEvent);
  if (designationChecked && !isDesignated(p, form, event)) {
    return bad(SURVEY_MESSAGES.notDesignated(form, eventName));
  }
  return { ok: true, value: { instrument, event } };
}

export function checkSurveyTarget(call: MethodCall, kind: SurveyKind): Checked<SurveyTarget> {
  const p = call.project;
  const recordId = param(call.params, "record");
  if (recordId === "") return bad(SURVEY_MESSAGES.recordMissing);
  const record = p.records.get(recordId);
  if (record === undefined) return bad(SURVEY_MESSAGES.recordNotFound(recordId, p.versionMajor));
  const checked = checkInstrumentEvent(call, kind, kind !== "returnCode");
  if (!checked.ok) return checked;
  const { instrument, event } = checked.value;
  if (kind === "returnCode" && !instrument.save_and_return) return bad(SURVEY_MESSAGES.noSaveReturn);
  // REDCap cannot make a participant row for a record outside the event's arm (nor, for return
  // codes, for a form the event does not have): it only says "unknown error".
  if (!record.arms.includes(event.arm_num) || !isDesignated(p, instrument.instrument_name, event)) {
    return bad(SURVEY_MESSAGES.unknown);
  }
  const instance = repeatInstance(
    p,
    instrument.instrument_name,
    event,
    call.params.values.get("repeat_instance"),
  );
  return {
    ok: true,
    value: {
      key: {
        projectId: p.info.project_id,
        recordId,
        instrument: instrument.instrument_name,
        eventId: event.event_id,
        instance,
      },
      event,
      instrument,
    },
  };
}

export function firstEvent(p: SimProject): EventDef {
  const event = p.events[0];
  if (event === undefined) throw new Error("a project always has at least one event");
  return event;
}

export function isDesignated(p: SimProject, form: string, event: EventDef): boolean {
  return p.formsByEvent.get(event.unique_event_name)?.has(form) ?? false;
}

/** Non-numeric, non-positive or non-repeating instances quietly become 1, as in REDCap. */
export function repeatInstance(
  p: SimProject,
  form: string,
  event: EventDef,
  raw: string | undefined,
): number {
  const text = (raw ?? "").trim();
  if (!/^\d+$/.test(text)) return 1;
  const n = Number(text);
  return n > 0 && Number.isSafeInteger(n) && isRepeating(p, form, event) ? n : 1;
}
