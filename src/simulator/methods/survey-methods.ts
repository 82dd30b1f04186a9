// surveyLink, surveyAccessCode, surveyReturnCode, surveyQueueLink and participantList.
import { fail, type Method, plainText } from "../reply.js";
import { participantList } from "./participant-list.js";
import { surveyQueueLink } from "./survey-queue.js";
import { checkSurveyTarget, SURVEY_MESSAGES, type SurveyKind } from "./survey-target.js";

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

export const surveyMethods: Readonly<Record<string, Method>> = {
  surveyLink: surveyMethod("link"),
  surveyAccessCode: surveyMethod("accessCode"),
  surveyReturnCode: surveyMethod("returnCode"),
  surveyQueueLink,
  participantList,
};
