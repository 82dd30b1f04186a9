import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ConfigValues } from "../../config/index.js";
import { CODES_DIR } from "./code-cache.js";
import { ensurePrivateDir, writeFileAtomic } from "./write.js";

// What `reprint` needs to make a packet again with no flag and, when its codes are kept, no request:
// run.json, the settings of the run that made the letters (in the config file's format, so it is
// read back with the same checks), and codes/project.json, what REDCap said of the project (its id,
// title and survey labels) when the codes were fetched.

export const RUN_FILE = "run.json";
const PROJECT_FILE = join(CODES_DIR, "project.json");

export interface ProjectFacts {
  readonly id: number;
  readonly title: string;
  /** Instrument name → the label the letters print. */
  readonly labels: Readonly<Record<string, string>>;
}

export async function saveRun(
  runFolder: string,
  settings: ConfigValues,
  project: ProjectFacts,
): Promise<void> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  await writeFileAtomic(join(runFolder, RUN_FILE), json(settings));
  await ensurePrivateDir(join(runFolder, CODES_DIR));
  await writeFileAtomic(join(runFolder, PROJECT_FILE), json(project));
}

/** The project facts the folder keeps; undefined when it keeps none (or they are damaged). */
export async function readProjectFacts(runFolder: string): Promise<ProjectFacts | undefined> {
  try {
    const value = JSON.parse(await readFile(join(runFolder, PROJECT_FILE), "utf8")) as Partial<ProjectFacts>;
    const labels = value.labels;
    const labelsOk =
      typeof labels === "object" &&
      labels !== null &&
      Object.values(labels).every((label) => typeof label === "string");
    if (typeof value.id !== "number" || typeof value.title !== "string" || !labelsOk) return undefined;
    return { id: value.id, title: value.title, labels };
  } catch {
    return undefined;
  }
}
