// The project file, checked as a whole (every problem reported together) and turned into lookups.
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { describeJsonError } from "../config/json-error.js";
import { ConfigError } from "../errors.js";
import { crossCheck } from "./project-checks.js";
import {
  type EventDef,
  type InstrumentDef,
  type ProjectFile,
  type ProjectInfo,
  projectFileSchema,
  type RecordDef,
  type TokenDef,
} from "./project-schema.js";

export interface SimProject {
  readonly source: string;
  readonly file: ProjectFile;
  readonly info: ProjectInfo;
  readonly longitudinal: boolean;
  readonly versionMajor: number;
  /** Classic projects have one implicit event, as in REDCap (its id keys participant rows). */
  readonly events: readonly EventDef[];
  readonly eventsByName: ReadonlyMap<string, EventDef>;
  readonly instruments: ReadonlyMap<string, InstrumentDef>;
  readonly formsByEvent: ReadonlyMap<string, ReadonlySet<string>>;
  readonly records: ReadonlyMap<string, RecordDef>;
  readonly tokens: ReadonlyMap<string, TokenDef>;
}

export async function loadProjectFile(path: string): Promise<SimProject> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new ConfigError(`${path}: cannot read the project file`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the file's text: say where instead (the same wording as for settings files).
    throw new ConfigError(`${path}: the project file is not valid JSON: ${describeJsonError(text, error)}`);
  }
  return parseProject(json, path);
}

export function parseProject(json: unknown, sourceName: string): SimProject {
  const parsed = projectFileSchema.safeParse(json);
  if (!parsed.success) throw projectError(sourceName, parsed.error.issues.map(formatIssue));
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) throw projectError(sourceName, problems);
  return buildProject(parsed.data, sourceName);
}

function projectError(source: string, problems: readonly string[]): ConfigError {
  const list = problems.map((p) => `  - ${p}`).join("\n");
  return new ConfigError(`${source}: the project file has ${problems.length} problem(s):\n${list}`);
}

function formatIssue(issue: z.core.$ZodIssue): string {
  return `${formatPath(issue.path) || "(top level)"}: ${issue.message}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

function classicEvent(info: ProjectInfo): EventDef {
  return {
    unique_event_name: "event_1_arm_1",
    event_name: "Event 1",
    arm_num: 1,
    event_id: info.project_id * 10 + 1,
    custom_event_label: "",
    repeating: false,
  };
}

function buildProject(file: ProjectFile, source: string): SimProject {
  const longitudinal = file.project.is_longitudinal;
  const events = longitudinal ? file.events : [classicEvent(file.project)];
  const formsByEvent = new Map<string, Set<string>>();
  for (const ev of events) formsByEvent.set(ev.unique_event_name, new Set());
  const mapping = longitudinal
    ? file.form_event_mapping
    : file.instruments.map((i) => ({ unique_event_name: "event_1_arm_1", form: i.instrument_name }));
  for (const m of mapping) formsByEvent.get(m.unique_event_name)?.add(m.form);
  return {
    source,
    file,
    info: file.project,
    longitudinal,
    versionMajor: Number(file.project.version.split(".")[0]),
    events,
    eventsByName: new Map(events.map((e) => [e.unique_event_name, e])),
    instruments: new Map(file.instruments.map((i) => [i.instrument_name, i])),
    formsByEvent,
    records: new Map(file.records.map((r) => [r.id, r])),
    tokens: new Map(file.tokens.map((t) => [t.token, t])),
  };
}

/** Whether `instrument` repeats in `event` (a repeating instrument, or any form of a repeating event). */
export function isRepeating(project: SimProject, instrument: string, event: EventDef): boolean {
  if (event.repeating) return true;
  const inst = project.instruments.get(instrument);
  if (inst === undefined) return false;
  if (Array.isArray(inst.repeating)) return inst.repeating.includes(event.unique_event_name);
  return inst.repeating;
}

export function hasRepeating(project: SimProject): boolean {
  return project.events.some((e) => e.repeating) || project.file.instruments.some(isRepeatingAnywhere);
}

function isRepeatingAnywhere(inst: InstrumentDef): boolean {
  return Array.isArray(inst.repeating) ? inst.repeating.length > 0 : inst.repeating;
}

/** The token `simulate` and the demo print: the first with every right (then the first usable one). */
export function pickDisplayToken(project: SimProject): string {
  const tokens = project.file.tokens.filter((t) => !t.rights.expired);
  const full = tokens.find((t) => t.rights.api_export && t.rights.survey_distribution && t.rights.design);
  const usable = full ?? tokens.find((t) => t.rights.api_export && t.rights.survey_distribution);
  if (usable === undefined) {
    throw new ConfigError(`${project.source}: no token has both API Export and Survey Distribution rights`);
  }
  return usable.token;
}
