import { RedcapApiError, RedcapHttpError, RedcapResponseShapeError } from "../errors.js";
import type { RedcapMethods } from "../redcap/api-methods.js";
import type { ParticipantRow } from "../redcap/shapes.js";
import type { SurveyRef } from "../types.js";
import { type PacketSurveys, surveyRefs } from "./packet.js";

// One participantList export per survey (and event) gives every participant's survey link and access
// code at once, so a letter then needs one request (its return code) instead of three: at REDCap's
// IP-ban limit, that is three times the letters a minute. It maps a row to a record only when the
// participant has an identifier or an email from the designated field (redcap-api.md); other rows
// keep the three per-record calls. It also says who already completed the survey.

export interface Listed {
  /** Empty for a completed response that cannot be edited (REDCap then gives neither). */
  readonly accessCode: string;
  readonly surveyLink: string;
  readonly completed: boolean;
}

/**
 * Survey ref → what the participant list says of it, one entry a participant: keyed by survey and
 * event, then by the record's own id string (with the instance when not 1), so a row costs no key
 * string of its own. A run lets each entry go once the letters that read it are done (`forget`).
 */
export class ListedCodes {
  readonly #bySurvey = new Map<string, Map<string, Listed>>();
  /** Entries more than one letter reads (two packets of one record share a survey): readers left. */
  readonly #readers = new Map<string, number>();

  get(ref: SurveyRef): Listed | undefined {
    return this.#bySurvey.get(surveyKey(ref))?.get(recordKey(ref));
  }

  set(ref: SurveyRef, listed: Listed): void {
    const key = surveyKey(ref);
    let records = this.#bySurvey.get(key);
    if (records === undefined) {
      records = new Map();
      this.#bySurvey.set(key, records);
    }
    records.set(recordKey(ref), listed);
  }

  delete(ref: SurveyRef): void {
    this.#bySurvey.get(surveyKey(ref))?.delete(recordKey(ref));
  }

  /**
   * Counts the letters that will read each entry (every survey of every letter, its codes kept or
   * not: a packet whose codes are kept still asks whether its surveys were completed), so that an
   * entry another letter still needs is kept when the first is done with it.
   */
  countReaders(letters: readonly PacketSurveys[]): void {
    const once = new Set<string>();
    for (const letter of letters) {
      for (const ref of surveyRefs(letter)) {
        if (this.get(ref) === undefined) continue;
        const key = entryKey(ref);
        if (once.has(key)) this.#readers.set(key, (this.#readers.get(key) ?? 1) + 1);
        else once.add(key);
      }
    }
  }

  /**
   * A letter is done with `ref`: the entry goes once every letter that reads it is done. Entries are
   * let go as letters are made, so that the lists (some 250 bytes a participant) are not all held
   * until the last letter of a large run.
   */
  forget(ref: SurveyRef): void {
    const key = this.#readers.size === 0 ? undefined : entryKey(ref);
    const readers = key === undefined ? undefined : this.#readers.get(key);
    if (key === undefined || readers === undefined) this.delete(ref);
    else if (readers > 2) this.#readers.set(key, readers - 1);
    else this.#readers.delete(key);
  }
}

const surveyKey = (ref: Pick<SurveyRef, "instrument" | "event">) => `${ref.instrument}\n${ref.event ?? ""}`;
const entryKey = (ref: SurveyRef) => `${surveyKey(ref)}\n${recordKey(ref)}`;
const recordKey = (ref: SurveyRef) =>
  ref.repeatInstance === 1 ? ref.recordId : `${ref.recordId}\n${ref.repeatInstance}`;

/**
 * The participant lists of the surveys in `refs`, one request per survey and event. A list that
 * cannot be had (no right, an older server, an unexpected answer) leaves its rows to the per-record
 * calls: it saves requests, it is not needed for a letter.
 */
export async function listParticipants(
  client: Pick<RedcapMethods, "participantList">,
  refs: readonly SurveyRef[],
): Promise<{ listed: ListedCodes; unavailable: string[] }> {
  const listed = new ListedCodes();
  const unavailable: string[] = [];
  const groups = new Map<string, { instrument: string; event: string | undefined }>();
  for (const ref of refs) groups.set(surveyKey(ref), ref);
  for (const { instrument, event } of groups.values()) {
    let rows: ParticipantRow[];
    try {
      rows = await client.participantList(instrument, event);
    } catch (error) {
      // Only an answer that means "no list here" falls back to the per-record calls; anything that
      // would stop those too (a ban, a revoked token, a redirect, no network) stops the run now.
      const noList =
        error instanceof RedcapApiError ||
        error instanceof RedcapResponseShapeError ||
        error instanceof RedcapHttpError;
      if (!noList) throw error;
      unavailable.push(event === undefined ? instrument : `${instrument} (${event})`);
      continue;
    }
    addRows(listed, rows, instrument, event);
  }
  return { listed, unavailable };
}

function addRows(
  listed: ListedCodes,
  rows: readonly ParticipantRow[],
  instrument: string,
  event: string | undefined,
): void {
  const twice: SurveyRef[] = [];
  for (const row of rows) {
    if (row.record === "") continue;
    const ref = { recordId: row.record, instrument, event, repeatInstance: row.repeat_instance ?? 1 };
    // One list per survey and event: an entry already there for this ref came from this list.
    if (listed.get(ref) !== undefined) twice.push(ref);
    listed.set(ref, {
      accessCode: row.survey_access_code,
      surveyLink: row.survey_link,
      completed: row.response_status === 2,
    });
  }
  // A record listed twice for one instance (two emails, say) is ambiguous: ask for it by record.
  for (const ref of twice) listed.delete(ref);
}
