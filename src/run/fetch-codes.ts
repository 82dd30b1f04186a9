import { RowError } from "../errors.js";
import type { RedcapClient } from "../redcap/client.js";
import type { LetterSurvey, ProgressEvent, SurveyCodes, SurveyRef } from "../types.js";
import type { CheckedLetter } from "./check.js";
import type { CodeSource, RunFolder } from "./folder/run-folder.js";
import { surveyRefs } from "./packet.js";
import { type Listed, ListedCodes, listParticipants } from "./participant-codes.js";

// Where a letter's codes come from, cheapest first: the run folder's code cache (no request), the
// participant list (one export per survey, then one request per letter for the return code), and
// the three per-record calls for participants the list does not tie to a record.

export interface CodeSupply {
  readonly client: RedcapClient;
  readonly folder: RunFolder;
  readonly source: CodeSource;
  /** "kept": only codes the folder keeps (a rerender: no request); "refresh": only REDCap's; else the folder's first. */
  readonly codes: "kept" | "refresh" | "kept-or-fetch";
}

/** What the participant lists say of the surveys whose codes the run folder does not keep (only those). */
export interface KnownCodes {
  readonly listed: ListedCodes;
}

/**
 * Reads the participant lists the letters need: none when the folder keeps every code. A list
 * REDCap cannot give leaves its letters to the per-record calls, with a warning.
 */
export async function knownCodes(
  letters: readonly CheckedLetter[],
  supply: CodeSupply,
  warn: (event: ProgressEvent) => void,
): Promise<KnownCodes> {
  // A rerender fetches nothing: the triage made only letters whose codes are all kept.
  if (supply.codes === "kept") return { listed: new ListedCodes() };
  const missing: SurveyRef[] = [];
  // One listing of the codes kept, then a read only of those there: no 50,000 failed reads on a first run.
  const withCodes = supply.codes === "refresh" ? new Set<string>() : await supply.folder.lettersWithCodes();
  for (const letter of letters) {
    const kept = withCodes.has(letter.file) ? await supply.folder.keptCodes(letter, supply.source) : [];
    surveyRefs(letter).forEach((ref, i) => {
      if (kept[i] === undefined) missing.push(ref);
    });
  }
  if (missing.length === 0) return { listed: new ListedCodes() };
  const { listed: all, unavailable } = await listParticipants(supply.client, missing);
  // Only what is still to fetch: a survey whose codes are kept is never asked about again.
  const listed = new ListedCodes();
  for (const ref of missing) {
    const found = all.get(ref);
    if (found !== undefined) listed.set(ref, found);
  }
  listed.countReaders(letters);
  if (unavailable.length > 0) {
    warn({
      type: "warning",
      message: `REDCap gave no participant list for ${unavailable.join(", ")}: each letter there takes three requests instead of one`,
    });
  }
  return { listed };
}

/** The letter is made, skipped or failed: what the participant list said of its surveys is let go, once no other letter reads it. */
export function forgetListed(letter: CheckedLetter, known: KnownCodes): void {
  for (const ref of surveyRefs(letter)) known.listed.forget(ref);
}

/** Instruments of the packet the participant list says were completed (surveys with kept codes: not asked). */
export function completedSurveys(letter: CheckedLetter, known: KnownCodes): string[] {
  return surveyRefs(letter)
    .filter((ref) => known.listed.get(ref)?.completed === true)
    .map((ref) => ref.instrument);
}

/**
 * A packet's codes, each from the folder when it keeps them, else from REDCap; codes fetched are kept
 * before the letter is rendered, so a letter that fails to render costs no request next time.
 */
export async function packetCodes(
  letter: CheckedLetter,
  supply: CodeSupply,
  known: KnownCodes,
): Promise<SurveyCodes[]> {
  const kept = supply.codes === "refresh" ? [] : await supply.folder.keptCodes(letter, supply.source);
  const codes: SurveyCodes[] = [];
  let fetched = false;
  // One survey after another: the client's own limit spreads requests across rows, and a packet
  // never holds half its codes when a stop arrives.
  for (const [i, ref] of surveyRefs(letter).entries()) {
    let found = kept[i];
    if (found === undefined && supply.codes === "kept") {
      throw new RowError(
        "its codes are no longer kept in the run folder: run without --rerender to fetch them",
      );
    }
    if (found === undefined) {
      found = await fetchCodes(ref, supply.client, known.listed.get(ref));
      fetched = true;
    }
    codes.push(found);
  }
  if (fetched) await supply.folder.keepCodes(letter.file, supply.source, withCodes(letter, codes));
  return codes;
}

/** One request when the participant list gave link and access code, else the three per-record calls. */
async function fetchCodes(
  ref: SurveyRef,
  client: RedcapClient,
  listed: Listed | undefined,
): Promise<SurveyCodes> {
  if (listed?.completed === true && (listed.accessCode === "" || listed.surveyLink === "")) {
    throw new RowError(
      `the participant already completed ${ref.instrument}, and REDCap gives no code for a completed response ` +
        'unless the survey allows editing completed responses ("Allow respondents to return and modify completed responses")',
    );
  }
  if (listed === undefined || listed.accessCode === "" || listed.surveyLink === "")
    return client.surveyCodes(ref);
  const returnCode = await client.surveyReturnCode(ref);
  return { accessCode: listed.accessCode, surveyLink: listed.surveyLink, returnCode };
}

/** A packet's surveys with their codes, in order (what the letter prints and the folder keeps). */
export function withCodes(
  letter: CheckedLetter,
  codes: readonly (SurveyCodes | undefined)[],
): LetterSurvey[] {
  return letter.surveys.map((ref, i) => {
    const found = codes[i];
    if (found === undefined)
      throw new RowError(`the run folder keeps no codes for survey ${i + 1} of this packet`);
    return {
      recordId: letter.recordId,
      instrument: ref.instrument,
      event: ref.event,
      repeatInstance: ref.repeatInstance,
      label: ref.label,
      accessCode: found.accessCode,
      surveyLink: found.surveyLink,
      returnCode: found.returnCode,
    };
  });
}
