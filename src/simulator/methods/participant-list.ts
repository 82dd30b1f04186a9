// participantList: one row per participant of a survey (and event), with the columns REDCap adds
// when they apply. A row names its record only when REDCap can tie the participant to it: a
// participant identifier, or an email taken from the designated email field (redcap-api.md). An
// email typed into the list by hand does not.
import { phpStrnatcasecmp, phpStrtolower } from "../php-format.js";
import { isRepeating, type SimProject } from "../project.js";
import type { InstrumentDef, RecordDef } from "../project-schema.js";
import { fail, type Method, type MethodCall, table } from "../reply.js";
import { checkInstrumentEvent, isDesignated, SURVEY_MESSAGES } from "./survey-target.js";

type Row = Record<string, string | number>;

/**
 * The columns for this survey, in REDCap 15.x's order (REDCap::getParticipantList): repeat_instance
 * after record, the link's expiry before the link, the queue link last. `phone` (after
 * email_occurrence, Twilio projects only) is not modelled.
 */
function columnsFor(p: SimProject, instrument: InstrumentDef, repeating: boolean): string[] {
  return [
    "email",
    "email_occurrence",
    "identifier",
    "record",
    ...(repeating ? ["repeat_instance"] : []),
    "invitation_sent_status",
    "invitation_send_time",
    "response_status",
    "survey_access_code",
    ...(instrument.time_limit_minutes !== undefined ? ["survey_link_expiration"] : []),
    "survey_link",
    ...(queueOn(p) ? ["survey_queue_link"] : []),
  ];
}

const queueOn = (p: SimProject) => p.info.survey_queue_enabled && p.info.surveys_enabled;

/** The participant's email and whether it ties the row to the record (the designated field's does). */
function participantEmail(p: SimProject, r: RecordDef): { email: string; fromRecord: boolean } {
  const field = p.info.designated_email_field;
  const designated = field === undefined ? "" : (r.data[field] ?? "").trim();
  return designated !== "" ? { email: designated, fromRecord: true } : { email: r.email, fromRecord: false };
}

function responseStatus(responses: Readonly<Record<string, number>>, form: string, event: string) {
  return responses[`${event}/${form}`] ?? responses[form] ?? 0;
}

/** Instance 1, then every further instance a survey method has created (repeating surveys only). */
function instancesOf(call: MethodCall, r: RecordDef, instrument: string, eventId: number): number[] {
  const key = { projectId: call.project.info.project_id, recordId: r.id, instrument, eventId };
  return [1, ...call.state.extraInstances(key)];
}

export const participantList: Method = (call) => {
  if (!call.rights.survey_distribution) return fail(call, 403, SURVEY_MESSAGES.noRights);
  // API/participantList/export.php (15.7.6) checks instrument and event but not the designation.
  const checked = checkInstrumentEvent(call, "link", false);
  if (!checked.ok) return fail(call, 400, checked.message);
  const { instrument, event } = checked.value;
  const p = call.project;
  const form = instrument.instrument_name;
  const repeating = isRepeating(p, form, event);
  // A form not designated for the event has no participants there (inferred: REDCap gives no error).
  const records = isDesignated(p, form, event) ? inArm(p, event.arm_num) : [];
  const rows: { row: Row; sortKey: string }[] = [];
  for (const r of records) {
    const { email, fromRecord } = participantEmail(p, r);
    const mapped = fromRecord || r.identifier !== "";
    for (const instance of instancesOf(call, r, form, event.event_id)) {
      const key = {
        projectId: p.info.project_id,
        recordId: r.id,
        instrument: form,
        eventId: event.event_id,
        instance,
      };
      const participant = call.state.participant(key, event.unique_event_name);
      // Response status is kept per form (or event/form) in the project file: instance 1 only.
      const status = instance === 1 ? responseStatus(r.responses, form, event.unique_event_name) : 0;
      // Completed responses that cannot be edited have no usable code or link.
      const hidden = status === 2 && !instrument.edit_completed_responses;
      const row: Row = {
        email,
        identifier: r.identifier,
        record: mapped ? r.id : "",
        invitation_sent_status: 0,
        invitation_send_time: "",
        response_status: status,
        survey_access_code: hidden ? "" : participant.accessCode,
        survey_link: hidden ? "" : participant.surveyLink,
      };
      if (repeating) row.repeat_instance = instance;
      // No invitation is ever sent here, so no link has started its time limit (inferred: blank).
      if (instrument.time_limit_minutes !== undefined) row.survey_link_expiration = "";
      // REDCap looks the queue link up by the participant's real record before it blanks `record`
      // for privacy, so a row that hides its record still carries its queue link. ('' is for a
      // participant with no record at all, which every participant here has.)
      if (queueOn(p)) row.survey_queue_link = call.state.queueLink(p.info.project_id, r.id);
      rows.push({ row, sortKey: sortKey(email, r.id, instance, rows.length + 1) });
    }
  }
  rows.sort((a, b) => phpStrnatcasecmp(a.sortKey, b.sortKey));
  // Numbered in the sorted order, as REDCap::getParticipantList numbers them after the sort.
  const occurrence = occurrenceCounter();
  for (const { row } of rows) row.email_occurrence = occurrence(String(row.email));
  const columns = columnsFor(p, instrument, repeating);
  const ordered = rows.map(({ row }) => Object.fromEntries(columns.map((c) => [c, row[c] ?? ""])));
  return table(call, ordered, columns, {
    root: "participants",
    item: "participant",
    finalNewline: false,
    splitCdataEnd: true,
  });
};

/**
 * Survey::getParticipantList (15.7.6) keys each participant `email--record--instance--participant_id`
 * and sorts the keys with natcaseksort (PHP's natcasesort on keys): by email, then record, then
 * instance, case ignored, digit runs by value. The record is the participant's own, taken before
 * REDCap::getParticipantList blanks the `record` column, so a row that hides its record still sorts
 * by it; a blank email puts `--` first, before any email that starts with a digit or letter. The
 * participant id is not modelled: the row's place in record order stands in for it (REDCap's id
 * grows as participants are created); it comes last, so it decides only where the rest reads alike.
 */
function sortKey(email: string, record: string, instance: number, participantId: number): string {
  return `${email}--${record}--${instance}--${participantId}`;
}

/**
 * email_occurrence, row by row: an integer, never "" (PyCap's pinned rows). REDCap 15
 * (Survey::getParticipantList, REDCap::getParticipantList) counts each email under its lower-cased
 * form but looks the count up by the email as written, so only an email written all in lower case
 * finds it and is numbered 1, 2 …; one with a capital letter, or blank, is always 1.
 */
function occurrenceCounter(): (email: string) => number {
  const seen = new Map<string, number>();
  return (email) => {
    if (email === "" || phpStrtolower(email) !== email) return 1;
    const occurrence = (seen.get(email) ?? 0) + 1;
    seen.set(email, occurrence);
    return occurrence;
  };
}

function inArm(p: SimProject, arm: number): RecordDef[] {
  return [...p.records.values()].filter((r) => r.arms.includes(arm));
}
