// surveyQueueLink, in the order REDCap 15.x's API/surveyQueueLink/export.php checks (seen in the
// REDCap source published in public repositories): Survey Distribution right, record, then whether
// the Survey Queue is set up.
import { phpHtmlEscape } from "../php-format.js";
import { fail, type Method, plainText } from "../reply.js";
import { SURVEY_MESSAGES } from "./survey-target.js";

export const QUEUE_MESSAGES = {
  notEnabled:
    "The Survey Queue has not been enabled in this project. You will need to enable the Survey Queue before using this method.",
  // Unlike the other survey methods this one does not trim `record` (only an empty value is
  // "missing"), and it always used double quotes.
  recordNotFound: (id: string) => `The record "${phpHtmlEscape(id)}" does not exist`,
} as const;

export const surveyQueueLink: Method = (call) => {
  if (!call.rights.survey_distribution) return fail(call, 403, SURVEY_MESSAGES.noRights);
  const p = call.project;
  const recordId = call.params.values.get("record") ?? "";
  if (recordId === "") return fail(call, 400, SURVEY_MESSAGES.recordMissing);
  if (!p.records.has(recordId)) return fail(call, 400, QUEUE_MESSAGES.recordNotFound(recordId));
  // REDCap counts active queue entries on enabled surveys; with surveys off project-wide there are
  // none to count (inferred: the project flag itself is not in that query).
  if (!p.info.survey_queue_enabled || !p.info.surveys_enabled) {
    return fail(call, 400, QUEUE_MESSAGES.notEnabled);
  }
  // One hash per record, whatever the arm or event: the queue spans the record's whole project.
  return plainText(call.state.queueLink(p.info.project_id, recordId));
};
