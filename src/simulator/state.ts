// What the simulated server remembers between requests: the participant rows it created on demand.
import { type DerivedCodes, deriveCodes, type ParticipantKey, surveyLinkFor } from "./codes.js";

export interface Participant extends ParticipantKey, DerivedCodes {
  readonly eventName: string;
  readonly surveyLink: string;
}

export class SimulatorState {
  readonly #participants = new Map<string, Participant>();
  readonly #byHash = new Map<string, Participant>();

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
    }
    return row;
  }

  byHash(hash: string): Participant | undefined {
    return this.#byHash.get(hash);
  }

  get participantCount(): number {
    return this.#participants.size;
  }
}
