// surveyLink, surveyAccessCode, surveyReturnCode, surveyQueueLink and participantList.
import type { SimProject } from "../project.js";
import type { RecordDef } from "../project-schema.js";
import { fail, type Method, type MethodCall, plainText, table } from "../reply.js";
import { surveyQueueLink } from "./survey-queue.js";
import {
  checkInstrumentEvent,
  checkSurveyTarget,
  isDesignated,
  SURVEY_MESSAGES,
  type SurveyKind,
} from "./survey-target.js";

function surveyMethod(kind: SurveyKind): Method {
  return (call) => {
    if (!call.rights.survey_distribution) return fail(call, 403, SURVEY_MESSAGES.noRights);
    const target = checkSurveyTarget(call, kind);
    if (!target.ok) return fail(call, 400, target.message);
    const row = call.state.participant(target.value.key, target.value.event.unique_event_name);
    if (kind === "link") return plainText(row.surveyLink);
    return plainText(kind === "accessCode" ? row.accessCode : row.returnCode);
  };
}

const PARTICIPANT_COLUMNS = [
  "email",
  "email_occurrence",
  "identifier",
  "record",
  "invitation_sent_status",
  "invitation_send_time",
  "response_status",
  "survey_access_code",
  "survey_link",
] as const;

function responseStatus(responses: Readonly<Record<string, number>>, form: string, event: string) {
  return responses[`${event}/${form}`] ?? responses[form] ?? 0;
}

type ParticipantRow = Record<(typeof PARTICIPANT_COLUMNS)[number], string | number>;

/** Instance 1, then every further instance a survey method has created (repeating surveys only). */
function instancesOf(call: MethodCall, r: RecordDef, instrument: string, eventId: number): number[] {
  const key = { projectId: call.project.info.project_id, recordId: r.id, instrument, eventId };
  return [1, ...call.state.extraInstances(key)];
}

const participantList: Method = (call) => {
  if (!call.rights.survey_distribution) return fail(call, 403, SURVEY_MESSAGES.noRights);
  // API/participantList/export.php (15.7.6) checks instrument and event but not the designation.
  const checked = checkInstrumentEvent(call, "link", false);
  if (!checked.ok) return fail(call, 400, checked.message);
  const { instrument, event } = checked.value;
  const p = call.project;
  const form = instrument.instrument_name;
  // A form not designated for the event has no participants there (inferred: REDCap gives no error).
  const designated = isDesignated(p, form, event);
  const rows: ParticipantRow[] = [];
  for (const r of designated ? inArm(p, event.arm_num) : []) {
    for (const instance of instancesOf(call, r, form, event.event_id)) {
      const key = {
        projectId: p.info.project_id,
        recordId: r.id,
        instrument: form,
        eventId: event.event_id,
        instance,
      };
      const row = call.state.participant(key, event.unique_event_name);
      // Response status is kept per form (or event/form) in the project file: instance 1 only.
      const status = instance === 1 ? responseStatus(r.responses, form, event.unique_event_name) : 0;
      // Completed responses that cannot be edited have no usable code or link.
      const hidden = status === 2 && !instrument.edit_completed_responses;
      rows.push({
        email: r.email,
        email_occurrence: r.email === "" ? "" : 1,
        identifier: r.identifier,
        // REDCap leaves `record` blank unless the row has an identifier or an email.
        record: r.email !== "" || r.identifier !== "" ? r.id : "",
        invitation_sent_status: 0,
        invitation_send_time: "",
        response_status: status,
        survey_access_code: hidden ? "" : row.accessCode,
        survey_link: hidden ? "" : row.surveyLink,
      });
    }
  }
  return table(call, rows, PARTICIPANT_COLUMNS, "participants");
};

function inArm(p: SimProject, arm: number): RecordDef[] {
  return [...p.records.values()].filter((r) => r.arms.includes(arm));
}

export const surveyMethods: Readonly<Record<string, Method>> = {
  surveyLink: surveyMethod("link"),
  surveyAccessCode: surveyMethod("accessCode"),
  surveyReturnCode: surveyMethod("returnCode"),
  surveyQueueLink,
  participantList,
};
