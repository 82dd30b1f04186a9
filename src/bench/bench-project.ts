// The project, roster and quiet streams every whole-run benchmark uses: the demo project with N
// records of its own, and a roster with one row per record.

import { readFile, writeFile } from "node:fs/promises";
import { Writable } from "node:stream";
import { packagePath } from "../paths.js";
import { parseProject, type SimProject } from "../simulator/index.js";

export const BENCH_INSTRUMENT = "baseline_survey";
export const BENCH_LABEL = "Baseline Survey";
const ROSTER_HEADER = "record_id,first_name,last_name,address_1,city,state,postal_code";
const ROSTER_VALUES = "Ana,Silva,1 Main St,Miami,FL,33135";

export function benchIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `B${String(i + 1).padStart(5, "0")}`);
}

/**
 * The demo project with `ids` as its records. `listed`: every record's participant has an identifier,
 * so REDCap's participant list ties it to its record and a letter costs one request instead of three.
 */
export async function benchProject(
  ids: readonly string[],
  listed: boolean,
  name: string,
): Promise<SimProject> {
  const demo = JSON.parse(await readFile(packagePath("fixtures", "demo-project.json"), "utf8")) as object;
  const records = ids.map((id) => ({ id, ...(listed ? { identifier: `P-${id}` } : {}) }));
  return parseProject({ ...demo, records }, `bench ${name}`);
}

/** The same roster values for every row: one name and address the bundled template can print. */
export function benchFields(): Record<string, string> {
  const values = ROSTER_VALUES.split(",");
  const columns = ROSTER_HEADER.split(",").slice(1); // all but record_id
  return Object.fromEntries(columns.map((column, i) => [column, values[i] ?? ""]));
}

export async function writeBenchRoster(file: string, ids: readonly string[]): Promise<void> {
  await writeFile(file, [ROSTER_HEADER, ...ids.map((id) => `${id},${ROSTER_VALUES}`)].join("\n"));
}

export function silent(): Writable {
  return new Writable({ write: (_chunk, _enc, done) => done() });
}
