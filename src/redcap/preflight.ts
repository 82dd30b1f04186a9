import { type Finding, PreflightError, RedcapApiError, RedcapPermissionError } from "../errors.js";
import type { RedcapMethods } from "./api-methods.js";
import {
  checkRecords,
  checkSurveyUses,
  Findings,
  type ProjectModel,
  probeRecord,
  type RecordUse,
  type RowProblem,
  type SurveyUse,
} from "./preflight-checks.js";
import { refusalHeadline, refusalSentence } from "./refusals.js";
import type { EventInfo, FormEventMapping } from "./shapes.js";

// Everything knowable before fetching a code, in few calls, all findings reported together:
//   version (also proves the token) → project, instruments [, surveyAccessCode probe on servers
//   before 15] → [events, form-event mapping] → data dictionary's first field → record export in
//   batches of 200 → one surveyReturnCode per distinct survey.
// The last step is how "is a survey" and "has Save & Return Later" are learned: REDCap exports
// neither setting, but surveyReturnCode checks both (in that order) for a record that exists. It is
// idempotent; its only side effect is the participant row and log entry the real run makes anyway.
// The first probe goes alone: a token without the Manage Survey Participants right (a right of the
// user in the whole project, not per instrument) gets a 403 for every survey, so one answer settles
// it and no further probe is sent after a refusal (one finding, not one request per survey).
// A dry run sends the probes too: without them it would call "in order" a set-up the real run rejects.
// The findings are returned, not thrown, so the caller can report them with its own; only a token
// REDCap refuses outright throws (then nothing about the project can be learned).

export type { RecordUse, RowProblem, SurveyUse } from "./preflight-checks.js";

export interface PreflightInput {
  readonly surveys: readonly SurveyUse[];
  readonly records: readonly RecordUse[];
  /**
   * Whether every letter's codes are already kept from this project (the run folder's code cache):
   * then its surveys were checked when the codes were fetched, and the run asks REDCap for none.
   */
  readonly codesKept?: (projectId: number) => Promise<boolean>;
}

export interface PreflightResult {
  readonly version: string;
  readonly project: {
    readonly id: number;
    readonly title: string;
    readonly isLongitudinal: boolean;
    readonly surveysEnabled: boolean;
  };
  readonly recordIdField: string | undefined;
  /** Instrument name → label, for the letters. */
  readonly labels: Map<string, string>;
  /** What stops the run (each would fail every letter it touches), with its roster lines. */
  readonly findings: Finding[];
  /** Roster line → why that row cannot get a letter (record missing, wrong arm). */
  readonly rowProblems: Map<number, RowProblem>;
  readonly warnings: string[];
}

/** Every finding that stops the run and every row problem; throws PreflightError only for a refused token. */
export async function runPreflight(client: RedcapMethods, input: PreflightInput): Promise<PreflightResult> {
  const version = await refusedTokenStops(client.version());
  const major = Number(version.split(".")[0]);
  // REDCap 15 has surveyAccessCode; older servers are asked (one call without a record, no side effect).
  const [project, instruments, accessCodes] = await refusedTokenStops(
    Promise.all([client.project(), client.instruments(), major >= 15 ? true : client.supportsAccessCodes()]),
  );
  const findings = new Findings();
  const warnings: string[] = [];
  if (!accessCodes) {
    findings.add(
      `This REDCap (version ${version}) is too old to give survey access codes through its API; ` +
        "ask its administrator about an upgrade",
    );
  }
  if (!project.surveys_enabled) {
    findings.add(
      'Surveys are not enabled in this REDCap project (Project Setup: "Use surveys in this project")',
    );
  }
  const [events, mapping] = project.is_longitudinal
    ? await refusedTokenStops(Promise.all([client.events(), client.formEventMapping()]))
    : [[] as EventInfo[], [] as FormEventMapping[]];
  const model: ProjectModel = { isLongitudinal: project.is_longitudinal, instruments, events, mapping };
  const probeable = checkSurveyUses(model, input.surveys, findings);

  const firstForm = instruments[0]?.instrument_name;
  let recordIdField: string | undefined;
  let existing = new Map<string, ReadonlySet<string>>();
  if (input.records.length > 0 && firstForm !== undefined) {
    // The record id field is always the first field of the first instrument.
    recordIdField = (await refusedTokenStops(client.metadata([firstForm])))[0]?.field_name;
    if (recordIdField !== undefined) {
      const ids = input.records.map((r) => r.recordId).filter((id) => id !== "");
      existing = await refusedTokenStops(client.existingRecords(ids, recordIdField));
    }
  }
  const rowProblems =
    recordIdField === undefined
      ? new Map<number, RowProblem>()
      : checkRecords(model, input.records, existing);

  const kept = (await input.codesKept?.(project.project_id)) === true;
  if (project.surveys_enabled && !kept) {
    await probeSurveys(
      client,
      probeable.map((use) => ({ use, recordId: probeRecord(use, input.records, existing, rowProblems) })),
      findings,
      warnings,
    );
  }
  return {
    version,
    project: {
      id: project.project_id,
      title: project.project_title,
      isLongitudinal: project.is_longitudinal,
      surveysEnabled: project.surveys_enabled,
    },
    recordIdField,
    labels: new Map(instruments.map((i) => [i.instrument_name, i.instrument_label])),
    findings: findings.list(),
    rowProblems,
    warnings,
  };
}

interface Probe {
  readonly use: SurveyUse;
  /** A roster record that exists in REDCap, to probe with; undefined: none. */
  readonly recordId: string | undefined;
}

/**
 * One surveyReturnCode per survey: the first alone, the rest together once it has shown that the
 * token may ask for codes. Without the Manage Survey Participants right every probe would get the
 * same 403, so after the first refusal nothing more is sent. (Sending all at once and ignoring later
 * refusals would not do: probes queued behind the client's concurrency limit are sent regardless.)
 */
async function probeSurveys(
  client: RedcapMethods,
  probes: readonly Probe[],
  findings: Findings,
  warnings: string[],
): Promise<void> {
  const sendable: { use: SurveyUse; recordId: string }[] = [];
  for (const { use, recordId } of probes) {
    if (recordId === undefined) {
      warnings.push(
        `Could not check that "${use.instrument}" is a survey with Save & Return Later: ` +
          "none of its roster records exists in REDCap",
      );
    } else {
      sendable.push({ use, recordId });
    }
  }
  const [first, ...rest] = sendable;
  if (first === undefined) return;
  if ((await probeSurvey(client, first.use, first.recordId, findings, warnings)) === "refused") return;
  // Any other answer shows the right is there: REDCap checks it before the record and instrument.
  await Promise.all(rest.map(({ use, recordId }) => probeSurvey(client, use, recordId, findings, warnings)));
}

/** "refused": the token lacks the right to ask for survey codes at all (recorded as a finding). */
async function probeSurvey(
  client: RedcapMethods,
  use: SurveyUse,
  recordId: string,
  findings: Findings,
  warnings: string[],
): Promise<"refused" | "answered"> {
  try {
    await client.surveyReturnCode({
      recordId,
      instrument: use.instrument,
      event: use.event,
      repeatInstance: 1,
    });
  } catch (error) {
    if (error instanceof RedcapPermissionError) {
      findings.add(
        `Asking for a return code, ${refusalHeadline(error.refusal)}: ${error.refusal.explanation}`,
      );
      return "refused";
    } else if (error instanceof RedcapApiError && /enabled as a survey/i.test(error.serverMessage)) {
      findings.add(
        `Instrument "${use.instrument}" is not enabled as a survey (Online Designer: "Enable as survey")`,
        use.lines,
      );
    } else if (error instanceof RedcapApiError && /Save & Return Later/i.test(error.serverMessage)) {
      findings.add(
        `Survey "${use.instrument}" does not have Save & Return Later turned on (Survey Settings), ` +
          "so REDCap gives it no return codes for the letters",
        use.lines,
      );
    } else if (error instanceof RedcapApiError) {
      warnings.push(`Checking survey "${use.instrument}" with record "${recordId}" failed: ${error.message}`);
    } else {
      throw error;
    }
  }
  return "answered";
}

/** A refused token (403) before any code is fetched is a set-up problem: exit 2, not "stopped by the server". */
async function refusedTokenStops<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof RedcapPermissionError)) throw error;
    throw new PreflightError(
      [
        {
          message: refusalSentence(error.refusal),
          lines: [],
        },
      ],
      { cause: error },
    );
  }
}
