import type { PacketSurvey, SurveyRef } from "../types.js";

// A packet is one participant's letter: one record and the surveys it opens. A run holds every
// packet from the check to the print file, so its surveys do not repeat the record: letters that
// open the same surveys share one list (at 50,000 rows, some 6 MiB less held), and the record is
// joined to each survey only when REDCap or the code cache is asked about it.

/** One record's surveys, in the packet's order. */
export interface PacketSurveys {
  readonly recordId: string;
  readonly surveys: readonly PacketSurvey[];
}

/** A packet of the run folder: its letter file (relative to the folder) and its surveys. */
export interface Packet extends PacketSurveys {
  readonly file: string;
}

/** The packet's surveys as REDCap is asked about them, in the packet's order. */
export function surveyRefs(packet: PacketSurveys): SurveyRef[] {
  return packet.surveys.map((survey) => surveyRef(packet.recordId, survey));
}

/** One survey of a record (an object literal: every ref has the same hidden class). */
export function surveyRef(recordId: string, survey: PacketSurvey): SurveyRef {
  return {
    recordId,
    instrument: survey.instrument,
    event: survey.event,
    repeatInstance: survey.repeatInstance,
  };
}

/**
 * Hands out one shared, frozen copy of each distinct list of surveys: a 50,000-row mailing of one
 * survey holds one list, not 50,000. Lists are told apart by their JSON (object literals built
 * alike, so their properties come in one order).
 */
export function surveyListSharer<S extends PacketSurvey>(): (surveys: readonly S[]) => readonly S[] {
  const shared = new Map<string, readonly S[]>();
  return (surveys) => {
    const id = JSON.stringify(surveys);
    let list = shared.get(id);
    if (list === undefined) {
      list = Object.freeze(surveys.map((survey) => Object.freeze(survey)));
      shared.set(id, list);
    }
    return list;
  };
}
