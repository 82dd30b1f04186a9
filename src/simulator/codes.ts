// Survey codes derived from a seed, so a simulator run is reproducible and tests can ask the oracle
// what the server will answer without calling it.
import { createHmac } from "node:crypto";

/** REDCap's hand-typeable alphabet: no 0/O, 1/I, 2/Z, 5/S, 6/G, B, Q, U, V. */
export const CODE_ALPHABET = "34789ACDEFHJKLMNPRTWXY";
const HASH_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export const ACCESS_CODE_LENGTH = 9;
export const RETURN_CODE_LENGTH = 8;
/** Current servers make 16-character link hashes (older ones made 10). */
export const SURVEY_HASH_LENGTH = 16;

/** One participant row: a survey of one record in one event and instance. */
export interface ParticipantKey {
  readonly projectId: number;
  readonly recordId: string;
  readonly instrument: string;
  readonly eventId: number;
  readonly instance: number;
}

export interface DerivedCodes {
  readonly accessCode: string;
  readonly returnCode: string;
  readonly hash: string;
}

export function deriveCodes(seed: string, key: ParticipantKey): DerivedCodes {
  const parts = [
    String(key.projectId),
    key.recordId,
    key.instrument,
    String(key.eventId),
    String(key.instance),
  ];
  return {
    accessCode: derive(seed, ["access", ...parts], CODE_ALPHABET, ACCESS_CODE_LENGTH),
    returnCode: derive(seed, ["return", ...parts], CODE_ALPHABET, RETURN_CODE_LENGTH),
    hash: derive(seed, ["link", ...parts], HASH_ALPHABET, SURVEY_HASH_LENGTH),
  };
}

/** Survey Queue hashes are 10 characters (Survey::getRecordSurveyQueueHash, generateRandomHash(10)). */
export const QUEUE_HASH_LENGTH = 10;

/** One Survey Queue hash per record, stable like REDCap's redcap_surveys_queue_hashes row. */
export function deriveQueueHash(seed: string, projectId: number, recordId: string): string {
  return derive(seed, ["queue", String(projectId), recordId], HASH_ALPHABET, QUEUE_HASH_LENGTH);
}

export function surveyQueueLinkFor(surveyBase: string, hash: string): string {
  return `${surveyBase}surveys/?sq=${hash}`;
}

export function surveyLinkFor(surveyBase: string, hash: string): string {
  return `${surveyBase}surveys/?s=${hash}`;
}

/** HMAC-SHA256 bytes mapped onto the alphabet by rejection sampling (no modulo bias). */
function derive(seed: string, parts: readonly string[], alphabet: string, length: number): string {
  const limit = Math.floor(256 / alphabet.length) * alphabet.length;
  let out = "";
  for (let block = 0; out.length < length; block++) {
    const digest = createHmac("sha256", seed)
      .update(JSON.stringify([...parts, block]))
      .digest();
    for (const byte of digest) {
      if (byte >= limit) continue;
      out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}
