// GET /surveys/: enough of REDCap's survey pages that a rehearsal QR scan or a typed link lands
// somewhere that names the survey. No survey is actually served.
import type { HttpAnswer } from "./fault-pages.js";
import { phpHtmlEscape } from "./php-format.js";
import type { SimProject } from "./project.js";
import { projectStatus, surveysOpen } from "./project-status.js";
import type { SimulatorState } from "./state.js";

function page(title: string, body: string): HttpAnswer {
  const html =
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${phpHtmlEscape(title)}</title></head>` +
    `<body><h1>${phpHtmlEscape(title)}</h1>${body}<p><small>REDCap simulator: a rehearsal server, no real survey.</small></p></body></html>`;
  return { status: 200, body: html, contentType: "text/html; charset=UTF-8" };
}

export function surveyPage(query: URLSearchParams, project: SimProject, state: SimulatorState): HttpAnswer {
  const queueHash = query.get("sq");
  if (queueHash !== null) return queuePage(queueHash, project, state);
  // In analysis/cleanup (and once completed) REDCap still hands out links but serves no survey.
  // The wording here is the simulator's own; REDCap's page text was not checked.
  if (!surveysOpen(projectStatus(project.info))) {
    return page("Survey not active", "<p>This survey is not currently active.</p>");
  }
  const hash = query.get("s");
  if (hash === null || hash === "") {
    return page(
      "Enter your access code",
      '<form method="get"><label>Access code <input name="code" maxlength="9" autocomplete="off"></label>' +
        '<button type="submit">Submit</button></form>',
    );
  }
  const row = state.byHash(hash);
  const instrument = row === undefined ? undefined : project.instruments.get(row.instrument);
  if (row === undefined || instrument === undefined) {
    return page("Survey link not valid", "<p>This survey link is not valid or has expired.</p>");
  }
  const resumed = query.has("rc") ? "<p>Returning to a survey in progress (return code received).</p>" : "";
  const event = project.longitudinal ? `<p>Event: ${phpHtmlEscape(row.eventName)}</p>` : "";
  return page(instrument.instrument_label, `${event}${resumed}<p>Record ${phpHtmlEscape(row.recordId)}.</p>`);
}

function queuePage(hash: string, project: SimProject, state: SimulatorState): HttpAnswer {
  const recordId = state.queueRecord(hash);
  if (recordId === undefined) {
    return page("Survey Queue link not valid", "<p>This survey queue link is not valid.</p>");
  }
  return page(`${project.info.project_title}: Survey Queue`, `<p>Record ${phpHtmlEscape(recordId)}.</p>`);
}
