// surveyLink, surveyAccessCode, surveyReturnCode and participantList.
import { fail, type Method, plainText, table } from "../reply.js";
import {
  checkInstrumentEvent,
  checkSurveyTarget,
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

const participantList: Method = (call) => {
  if (!call.rights.survey_distribution) return fail(call, 403, SURVEY_MESSAGES.noRights);
  const checked = checkInstrumentEvent(call, "link", true);
  if (!checked.ok) return fail(call, 400, checked.message);
  const { instrument, event } = checked.value;
  const p = call.project;
  const rows = [...p.records.values()]
    .filter((r) => r.arms.includes(event.arm_num))
    .map((r) => {
      const key = {
        projectId: p.info.project_id,
        recordId: r.id,
        instrument: instrument.instrument_name,
        eventId: event.event_id,
        instance: 1,
      };
      const row = call.state.participant(key, event.unique_event_name);
      const status = responseStatus(r.responses, instrument.instrument_name, event.unique_event_name);
      // Completed responses that cannot be edited have no usable code or link.
      const hidden = status === 2 && !instrument.edit_completed_responses;
      return {
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
      };
    });
  return table(call, rows, PARTICIPANT_COLUMNS, "participants");
};

export const surveyMethods: Readonly<Record<string, Method>> = {
  surveyLink: surveyMethod("link"),
  surveyAccessCode: surveyMethod("accessCode"),
  surveyReturnCode: surveyMethod("returnCode"),
  participantList,
};
