import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { accessCodeShape, returnCodeShape, surveyLinkShape } from "../../redcap/shapes.js";
import type { SurveyCodes, SurveyRef } from "../../types.js";
import { ensurePrivateDir, writeFileAtomic } from "./write.js";

// The codes a run fetched, kept in the run folder (codes/, one file per packet, beside letters/) so
// that a letter made again, with --force or --rerender, needs no request: REDCap hands out the same
// codes every time it is asked, and the IP ban makes every request count. The files are bearer
// credentials like the letters: private, written atomically, and checked on read with the same
// shapes as REDCap's answers, so a damaged file means a fresh request, never a broken letter.

export const CODES_DIR = "codes";

const VERSION = 1;

interface Entry {
  readonly record_id: string;
  readonly instrument: string;
  readonly event: string | null;
  readonly repeat_instance: number;
  readonly access_code: string;
  readonly survey_link: string;
  readonly return_code: string;
}

/** The cache file of a packet: `letters/0042--baseline_survey.pdf` → `codes/0042--baseline_survey.json`. */
export function codesFileOf(letterFile: string): string {
  return join(CODES_DIR, `${basename(letterFile, ".pdf")}.json`);
}

/** The letter a cache file belongs to: `0042--baseline_survey.json` → `letters/0042--baseline_survey.pdf`. */
export function letterFileOfCodes(name: string): string {
  return `letters/${basename(name, ".json")}.pdf`;
}

/**
 * Which REDCap project the codes came from (API URL and project id). Codes kept from another server
 * (a rehearsal on the simulator, then the real mailing into the same folder) are never used.
 */
export type CodeSource = string;

/** The kept codes of `refs`, each undefined when not kept, kept from another source, or damaged. */
export async function readCodes(
  runFolder: string,
  letterFile: string,
  source: CodeSource,
  refs: readonly SurveyRef[],
): Promise<(SurveyCodes | undefined)[]> {
  const entries = await readEntries(join(runFolder, codesFileOf(letterFile)), source);
  return refs.map((ref) => {
    const entry = entries.find((e) => sameRef(e, ref));
    return entry === undefined ? undefined : codesOf(entry);
  });
}

/** The source of codes fetched from one project through one API URL. */
export function codeSourceOf(apiUrl: string, projectId: number): CodeSource {
  return `${apiUrl}#project=${projectId}`;
}

/** Keeps the codes of a packet (replacing what was kept for it). */
export async function writeCodes(
  runFolder: string,
  letterFile: string,
  source: CodeSource,
  surveys: readonly (SurveyRef & SurveyCodes)[],
): Promise<void> {
  await ensurePrivateDir(join(runFolder, CODES_DIR));
  const entries: Entry[] = surveys.map((s) => ({
    record_id: s.recordId,
    instrument: s.instrument,
    event: s.event ?? null,
    repeat_instance: s.repeatInstance,
    access_code: s.accessCode,
    survey_link: s.surveyLink,
    return_code: s.returnCode,
  }));
  const text = `${JSON.stringify({ version: VERSION, source, surveys: entries }, null, 1)}\n`;
  await writeFileAtomic(join(runFolder, codesFileOf(letterFile)), text);
}

async function readEntries(path: string, source: CodeSource): Promise<Entry[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return [];
  }
  try {
    const json = JSON.parse(text) as { version?: unknown; source?: unknown; surveys?: unknown };
    if (json.version !== VERSION || json.source !== source || !Array.isArray(json.surveys)) return [];
    return json.surveys.filter(isEntry);
  } catch {
    return [];
  }
}

function isEntry(value: unknown): value is Entry {
  if (value === null || typeof value !== "object") return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.record_id === "string" &&
    typeof e.instrument === "string" &&
    (e.event === null || typeof e.event === "string") &&
    typeof e.repeat_instance === "number" &&
    typeof e.access_code === "string" &&
    typeof e.survey_link === "string" &&
    typeof e.return_code === "string"
  );
}

function sameRef(e: Entry, ref: SurveyRef): boolean {
  return (
    e.record_id === ref.recordId &&
    e.instrument === ref.instrument &&
    e.event === (ref.event ?? null) &&
    e.repeat_instance === ref.repeatInstance
  );
}

/** The entry's codes when each still has REDCap's shape; undefined otherwise. */
function codesOf(e: Entry): SurveyCodes | undefined {
  const accessCode = accessCodeShape.parse(e.access_code);
  const surveyLink = surveyLinkShape.parse(e.survey_link);
  const returnCode = returnCodeShape.parse(e.return_code);
  if (accessCode === undefined || surveyLink === undefined || returnCode === undefined) return undefined;
  return { accessCode, surveyLink, returnCode };
}
