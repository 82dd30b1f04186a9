// What the simulated server remembers between requests: the participant rows it created on demand.
import {
  type DerivedCodes,
  deriveCodes,
  deriveQueueHash,
  type ParticipantKey,
  surveyLinkFor,
  surveyQueueLinkFor,
} from "./codes.js";

export interface Participant extends ParticipantKey, DerivedCodes {
  readonly eventName: string;
  readonly surveyLink: string;
}

export class SimulatorState {
  readonly #participants = new Map<string, Participant>();
  readonly #byHash = new Map<string, Participant>();
  /** Survey (project, record, instrument, event) → its instances above 1, so listing is not quadratic. */
  readonly #extraInstances = new Map<string, number[]>();
  /** Survey Queue hash → record id, filled as REDCap fills redcap_surveys_queue_hashes: on demand. */
  readonly #queueRecords = new Map<string, string>();
  /** Tokens an administrator deleted while the server runs: from then on they are unknown. */
  readonly revokedTokens = new Set<string>();

  constructor(
    readonly seed: string,
    /** Where survey links point: the project's survey_base_url or the simulator origin, ending in "/". */
    readonly surveyBase: string,
  ) {}

  /** What REDCap would hand out for this survey, without creating the participant row. */
  peek(key: ParticipantKey, eventName: string): Participant {
    const codes = deriveCodes(this.seed, key);
    return { ...key, ...codes, eventName, surveyLink: surveyLinkFor(this.surveyBase, codes.hash) };
  }

  /** Like REDCap's survey methods: the participant row is created on first use, then reused. */
  participant(key: ParticipantKey, eventName: string): Participant {
    const id = JSON.stringify([key.projectId, key.recordId, key.instrument, key.eventId, key.instance]);
    let row = this.#participants.get(id);
    if (row === undefined) {
      row = this.peek(key, eventName);
      this.#participants.set(id, row);
      this.#byHash.set(row.hash, row);
      if (key.instance > 1) {
        const extra = this.#extraInstances.get(surveyId(key)) ?? [];
        extra.push(key.instance);
        this.#extraInstances.set(surveyId(key), extra);
      }
    }
    return row;
  }

  /** Instances > 1 already created for this survey of this record (participantList lists them). */
  extraInstances(key: Omit<ParticipantKey, "instance">): number[] {
    return [...(this.#extraInstances.get(surveyId(key)) ?? [])].sort((a, b) => a - b);
  }

  /** The record's Survey Queue link, its hash kept for the survey page. */
  queueLink(projectId: number, recordId: string): string {
    const hash = deriveQueueHash(this.seed, projectId, recordId);
    this.#queueRecords.set(hash, recordId);
    return surveyQueueLinkFor(this.surveyBase, hash);
  }

  queueRecord(hash: string): string | undefined {
    return this.#queueRecords.get(hash);
  }

  byHash(hash: string): Participant | undefined {
    return this.#byHash.get(hash);
  }

  get participantCount(): number {
    return this.#participants.size;
  }
}

function surveyId(key: Omit<ParticipantKey, "instance">): string {
  return JSON.stringify([key.projectId, key.recordId, key.instrument, key.eventId]);
}
