import type { Finding, RowFailureKind } from "../check-report.js";
import type { EventInfo, FormEventMapping, InstrumentInfo } from "./shapes.js";
import { listNames, suggestName } from "./suggest.js";

// The pure half of preflight: given what the project export calls returned, what is wrong with the
// surveys and records the plan needs. Messages are for coordinators and name the flag or column.

/** One distinct survey the plan needs, with the roster lines that need it. */
export interface SurveyUse {
  readonly instrument: string;
  readonly event: string | undefined;
  readonly lines: readonly number[];
}

/** One record the plan needs, in the event its letters use. */
export interface RecordUse {
  readonly recordId: string;
  readonly event: string | undefined;
  readonly lines: readonly number[];
}

export interface ProjectModel {
  readonly isLongitudinal: boolean;
  readonly instruments: readonly InstrumentInfo[];
  /** Empty on classic projects. */
  readonly events: readonly EventInfo[];
  readonly mapping: readonly FormEventMapping[];
}

/** Findings that stop the run, merged by message so each lists every roster line it concerns. */
export class Findings {
  private readonly byMessage = new Map<string, Set<number>>();

  add(message: string, lines: readonly number[] = []): void {
    const set = this.byMessage.get(message) ?? new Set<number>();
    for (const line of lines) set.add(line);
    this.byMessage.set(message, set);
  }

  get size(): number {
    return this.byMessage.size;
  }

  list(): Finding[] {
    return [...this.byMessage].map(([message, lines]) => ({
      message,
      lines: [...lines].sort((a, b) => a - b),
    }));
  }
}

const FROM_INSTRUMENT = '(check --instrument or the "instrument" column)';
const FROM_EVENT = '(check --event or the "event" column)';

/** Checks names and designations; returns the uses good enough to probe on the server. */
export function checkSurveyUses(
  model: ProjectModel,
  uses: readonly SurveyUse[],
  findings: Findings,
): SurveyUse[] {
  const instruments = model.instruments.map((i) => ({ name: i.instrument_name, label: i.instrument_label }));
  const known = new Set(instruments.map((i) => i.name));
  const good: SurveyUse[] = [];
  for (const use of uses) {
    let ok = true;
    if (!known.has(use.instrument)) {
      findings.add(
        unknownName("Instrument", "instrument", use.instrument, instruments, FROM_INSTRUMENT),
        use.lines,
      );
      ok = false;
    }
    const eventOk = checkEvent(model, use, findings);
    if (ok && eventOk && model.isLongitudinal && use.event !== undefined)
      ok = checkDesignation(model, use, findings);
    if (ok && eventOk) good.push(use);
  }
  return good;
}

function checkEvent(model: ProjectModel, use: SurveyUse, findings: Findings): boolean {
  if (!model.isLongitudinal) {
    if (use.event === undefined) return true;
    findings.add(
      `Event "${use.event}" was given, but this project is not longitudinal (it has no events): ` +
        'leave out --event and the "event" column',
      use.lines,
    );
    return false;
  }
  const events = model.events.map((e) => ({ name: e.unique_event_name, label: e.event_name }));
  if (use.event === undefined) {
    findings.add(
      `This project is longitudinal: give the event of survey "${use.instrument}" with --event or an "event" column ` +
        `(its events: ${listNames(events.map((e) => e.name))})`,
      use.lines,
    );
    return false;
  }
  if (events.some((e) => e.name === use.event)) return true;
  findings.add(unknownName("Event", "event", use.event, events, FROM_EVENT), use.lines);
  return false;
}

function checkDesignation(model: ProjectModel, use: SurveyUse, findings: Findings): boolean {
  const designated = model.mapping.filter((m) => m.form === use.instrument).map((m) => m.unique_event_name);
  if (designated.includes(use.event ?? "")) return true;
  const where =
    designated.length === 0
      ? "it is designated for no event"
      : `it is designated for: ${listNames(designated)}`;
  findings.add(
    `Instrument "${use.instrument}" is not designated for event "${use.event}" (${where})`,
    use.lines,
  );
  return false;
}

function unknownName(
  kind: "Instrument" | "Event",
  noun: string,
  typed: string,
  known: readonly { name: string; label: string }[],
  hint: string,
): string {
  const suggestion = suggestName(typed, known);
  if (suggestion?.kind === "label") {
    return `${kind} "${typed}" is not a unique ${noun} name; did you mean "${suggestion.name}"?`;
  }
  if (suggestion?.kind === "near")
    return `${kind} "${typed}" does not exist in this project; did you mean "${suggestion.name}"?`;
  const names = listNames(known.map((k) => k.name));
  return `${kind} "${typed}" does not exist in this project ${hint}; its ${noun}s are: ${names || "none"}`;
}

/** Why one row cannot get a letter, by kind (the report groups rows by it). */
export interface RowProblem {
  readonly kind: Extract<RowFailureKind, "missing-record" | "other-arm">;
  readonly message: string;
}

/**
 * Row problems from the record export: records that do not exist, and (longitudinal) records whose
 * data is in another arm than their event's. A record with no rows tells nothing about arms.
 */
export function checkRecords(
  model: ProjectModel,
  uses: readonly RecordUse[],
  existing: ReadonlyMap<string, ReadonlySet<string>>,
): Map<number, RowProblem> {
  const problems = new Map<number, RowProblem>();
  const armOf = new Map(model.events.map((e) => [e.unique_event_name, e.arm_num]));
  for (const use of uses) {
    const events = existing.get(use.recordId);
    let problem: RowProblem | undefined;
    if (events === undefined) {
      const message = `Record "${use.recordId}" does not exist in this REDCap project (column "record_id")`;
      problem = { kind: "missing-record", message };
    } else if (model.isLongitudinal && use.event !== undefined && armOf.has(use.event)) {
      const wanted = armOf.get(use.event);
      const arms = [...new Set([...events].map((e) => armOf.get(e)).filter((a) => a !== undefined))];
      if (arms.length > 0 && !arms.includes(wanted ?? -1)) {
        const message =
          `Record "${use.recordId}" is in arm ${arms.join(", ")}, not in arm ${wanted} ` +
          `where event "${use.event}" is; check the "event" column or --event`;
        problem = { kind: "other-arm", message };
      }
    }
    if (problem !== undefined) for (const line of use.lines) problems.set(line, problem);
  }
  return problems;
}

/** A record of the roster that exists and is in the survey's arm: safe to probe the survey with. */
export function probeRecord(
  use: SurveyUse,
  records: readonly RecordUse[],
  existing: ReadonlyMap<string, ReadonlySet<string>>,
  rowProblems: ReadonlyMap<number, unknown>,
): string | undefined {
  const fit = records.find(
    (r) =>
      r.event === use.event && existing.has(r.recordId) && r.lines.every((line) => !rowProblems.has(line)),
  );
  return fit?.recordId;
}
