import { RedcapApiError } from "../errors.js";
import type { SurveyCodes, SurveyRef } from "../types.js";
import { RedcapTooOldError } from "./response-errors.js";
import {
  accessCodeShape,
  type EventInfo,
  eventsShape,
  type FieldInfo,
  type FormEventMapping,
  type InstrumentInfo,
  instrumentsShape,
  mappingShape,
  metadataShape,
  type ParticipantRow,
  type ProjectInfo,
  participantsShape,
  projectShape,
  recordsShape,
  returnCodeShape,
  type Shape,
  surveyLinkShape,
  versionShape,
} from "./shapes.js";

// The REDCap methods we use, each one POST with its parameters and the shape of its answer.

export type Params = Readonly<Record<string, string>>;
export type Call = <T>(content: string, params: Params, shape: Shape<T>) => Promise<T>;

/** Ids per `record` export: long POSTs hit PHP's max_input_vars and fail with a 400. */
export const RECORD_BATCH = 200;

const NO_EVENTS: ReadonlySet<string> = new Set();

export interface RedcapMethods {
  version(): Promise<string>;
  project(): Promise<ProjectInfo>;
  instruments(): Promise<InstrumentInfo[]>;
  /** Longitudinal projects only: a classic project answers 400. */
  events(): Promise<EventInfo[]>;
  /** Longitudinal projects only: a classic project answers 400. */
  formEventMapping(): Promise<FormEventMapping[]>;
  /** The data dictionary, optionally of some instruments only. */
  metadata(forms?: readonly string[]): Promise<FieldInfo[]>;
  /**
   * Which of `ids` exist, each with the unique event names it has data in (empty on classic
   * projects). Unknown ids are silently left out by REDCap, so one call checks a whole batch.
   */
  existingRecords(ids: readonly string[], idField: string): Promise<Map<string, ReadonlySet<string>>>;
  /**
   * Whether the server has `surveyAccessCode`, asked without a record: a server that has the method
   * answers "The parameter 'record' is missing", an older one "content is not valid". No side effect.
   */
  supportsAccessCodes(): Promise<boolean>;
  surveyAccessCode(ref: SurveyRef): Promise<string>;
  surveyLink(ref: SurveyRef): Promise<string>;
  surveyReturnCode(ref: SurveyRef): Promise<string>;
  /** The three values of one letter, asked one after another. */
  surveyCodes(ref: SurveyRef): Promise<SurveyCodes>;
  /** The survey's participant list for one instrument (and event): one request for every record. */
  participantList(instrument: string, event: string | undefined): Promise<ParticipantRow[]>;
}

export function redcapMethods(call: Call): RedcapMethods {
  const methods: RedcapMethods = {
    version: () => call("version", {}, versionShape),
    project: () => call("project", {}, projectShape),
    instruments: () => call("instrument", {}, instrumentsShape),
    events: () => call("event", {}, eventsShape),
    formEventMapping: () => call("formEventMapping", {}, mappingShape),
    metadata: (forms = []) => call("metadata", indexed("forms", forms), metadataShape),
    existingRecords: async (ids, idField) => {
      const unique = [...new Set(ids)];
      const batches: string[][] = [];
      for (let i = 0; i < unique.length; i += RECORD_BATCH) batches.push(unique.slice(i, i + RECORD_BATCH));
      const found = new Map<string, ReadonlySet<string>>();
      const withEvents = new Map<string, Set<string>>();
      // Batches run one after another: the roster is usually one or two batches, and a failing
      // server should not see them all at once.
      for (const batch of batches) {
        const params = { type: "flat", ...indexed("records", batch), ...indexed("fields", [idField]) };
        for (const row of await call("record", params, recordsShape)) {
          const id = row[idField];
          if (id === undefined) continue;
          const event = row.redcap_event_name;
          if (event === undefined || event === "") {
            // A classic project's records have no events: one empty set for them all, not one a record.
            if (!found.has(id)) found.set(id, NO_EVENTS);
            continue;
          }
          let events = withEvents.get(id);
          if (events === undefined) {
            events = new Set();
            withEvents.set(id, events);
            found.set(id, events);
          }
          events.add(event);
        }
      }
      return found;
    },
    supportsAccessCodes: async () => {
      try {
        await call("surveyAccessCode", {}, accessCodeShape);
        return true;
      } catch (error) {
        if (error instanceof RedcapTooOldError) return false;
        if (error instanceof RedcapApiError && error.status === 400) return true;
        throw error;
      }
    },
    surveyAccessCode: (ref) => call("surveyAccessCode", surveyParams(ref), accessCodeShape),
    surveyLink: (ref) => call("surveyLink", surveyParams(ref), surveyLinkShape),
    surveyReturnCode: (ref) => call("surveyReturnCode", surveyParams(ref), returnCodeShape),
    participantList: (instrument, event) =>
      call("participantList", { instrument, ...(event === undefined ? {} : { event }) }, participantsShape),
    surveyCodes: async (ref) => {
      const accessCode = await methods.surveyAccessCode(ref);
      const surveyLink = await methods.surveyLink(ref);
      const returnCode = await methods.surveyReturnCode(ref);
      return { accessCode, surveyLink, returnCode };
    },
  };
  return methods;
}

function indexed(name: string, values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((value, i) => [`${name}[${i}]`, value]));
}

function surveyParams(ref: SurveyRef): Params {
  return {
    record: ref.recordId,
    instrument: ref.instrument,
    ...(ref.event === undefined ? {} : { event: ref.event }),
    repeat_instance: String(ref.repeatInstance),
  };
}
