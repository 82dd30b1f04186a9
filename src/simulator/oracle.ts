// What the simulator will answer for a survey, computed without asking it (for tests).
import type { SurveyCodes } from "../types.js";
import { firstEvent, repeatInstance } from "./methods/survey-target.js";
import type { SimProject } from "./project.js";
import type { SimulatorState } from "./state.js";

export interface CodesQuery {
  readonly recordId: string;
  readonly instrument: string;
  /** Unique event name; ignored on classic projects, as REDCap ignores it. */
  readonly event?: string | undefined;
  readonly repeatInstance?: number | undefined;
}

export function expectedCodes(project: SimProject, state: SimulatorState, query: CodesQuery): SurveyCodes {
  const event = project.longitudinal ? project.eventsByName.get(query.event ?? "") : firstEvent(project);
  if (event === undefined)
    throw new Error(`codesFor: no event "${query.event ?? ""}" in this longitudinal project`);
  const instance = repeatInstance(project, query.instrument, event, String(query.repeatInstance ?? 1));
  const row = state.peek(
    {
      projectId: project.info.project_id,
      recordId: query.recordId,
      instrument: query.instrument,
      eventId: event.event_id,
      instance,
    },
    event.unique_event_name,
  );
  return { accessCode: row.accessCode, surveyLink: row.surveyLink, returnCode: row.returnCode };
}
