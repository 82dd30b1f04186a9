import { dirname, resolve } from "node:path";
import * as z from "zod";
import { describeJsonError } from "./json-error.js";
import { echo, type ProblemList, type Source } from "./problems.js";
import { type Flags, textOf } from "./setting-values.js";
import { type ReadFile, reason, type StatFile } from "./token.js";

export const DEFAULT_CONFIG_FILE = "redcap-packets.config.json";

const got = (input: unknown): string => (input === undefined ? "nothing" : echo(input));
const text = (what: string) =>
  z.string({ error: (issue) => `expected ${what}, received ${got(issue.input)}` });
const list = (what: string) =>
  z.union([z.string(), z.array(z.string())], {
    error: (issue) => `expected ${what} (a text or a list of texts), received ${got(issue.input)}`,
  });
const flag = () => z.boolean({ error: (issue) => `expected true or false, received ${got(issue.input)}` });

const schema = z.object({
  $schema: z.string().optional(),
  roster: text("a file path").optional(),
  delimiter: text('the roster\'s delimiter, "," or ";" or "tab"').optional(),
  apiUrl: text('a URL such as "https://redcap.example.edu/api/"').optional(),
  instrument: list("instrument names").optional(),
  event: text("a unique event name").optional(),
  out: text("a folder path").optional(),
  template: text("a file path").optional(),
  rateLimit: text('a rate limit in quotes, e.g. "300/60s"').optional(),
  concurrency: z
    .number({ error: (issue) => `expected a whole number from 1 to 64, received ${got(issue.input)}` })
    .optional(),
  timeout: text('a duration in quotes, e.g. "30s"').optional(),
  records: list("record IDs").optional(),
  force: flag().optional(),
  includeCompleted: flag().optional(),
  dryRun: flag().optional(),
  duplex: flag().optional(),
  sortBy: text("a roster column name").optional(),
  // Checked in columns.ts, which names the entry that is wrong; here only the overall shape.
  columns: z
    .union([z.string(), z.record(z.string(), z.unknown())], {
      error: (issue) =>
        `expected the roster column of each name the template uses, as { "postal_code": "zip" } or "postal_code=zip", received ${got(issue.input)}`,
    })
    .optional(),
  paper: text('a paper size, "letter" or "a4"').optional(),
  envelope: text('an envelope, e.g. "us10" or "din5008b"').optional(),
  layout: text('a layout, "letter", "handout", "cards" or "labels"').optional(),
  startAt: z
    .number({ error: (issue) => `expected a sheet position from 1, received ${got(issue.input)}` })
    .optional(),
  tokenFile: text("a file path").optional(),
  caFile: text("a file path").optional(),
});

export type ConfigValues = z.infer<typeof schema>;
export const CONFIG_KEYS = Object.keys(schema.shape).filter((key) => key !== "$schema");

export interface ConfigFile {
  readonly file: string;
  /** Relative paths in the file are relative to its folder. */
  readonly dir: string;
  readonly values: ConfigValues;
}

/** The config file a command reads: `--config FILE`, else the default file in cwd when there is one. */
export async function loadChosenConfig(
  flags: Flags,
  cwd: string,
  deps: { readFile: ReadFile; statFile: StatFile },
  problems: ProblemList,
): Promise<ConfigFile | undefined> {
  const given = flags.config;
  const explicit =
    given === undefined
      ? undefined
      : textOf({ value: given, source: { kind: "flag", flag: "config" }, base: cwd }, problems);
  const file = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  return loadConfigFile(file, explicit !== undefined, deps, problems);
}

/**
 * Loads `--config FILE` (which must exist) or the default file in cwd (when present). Every problem is
 * added to `problems`; the values that passed are still returned so the other checks can run.
 */
export async function loadConfigFile(
  file: string,
  explicit: boolean,
  deps: { readFile: ReadFile; statFile: StatFile },
  problems: ProblemList,
): Promise<ConfigFile | undefined> {
  const from: Source = explicit
    ? { kind: "flag", flag: "config" }
    : { kind: "none", what: `config file ${file}` };
  let bytes: Buffer;
  try {
    if (!explicit && !(await exists(file, deps.statFile))) return undefined;
    bytes = await deps.readFile(file);
  } catch (error) {
    problems.add(from, `cannot read the config file ${file}: ${reason(error)}`);
    return undefined;
  }
  let json: unknown;
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  try {
    json = JSON.parse(text);
  } catch (error) {
    // Never V8's message: it quotes the file's first characters, and this may be a token file.
    problems.add(
      from,
      `the config file ${file} is not valid JSON: ${describeJsonError(text, error)}. ` +
        'A config file holds one JSON object, e.g. { "apiUrl": "https://redcap.example.edu/api/" }; ' +
        "check the quotes, commas and braces, and that this is the config file you meant",
    );
    return undefined;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    problems.add(
      from,
      `the config file ${file} must hold one JSON object ({ "apiUrl": …, … }), not ${echo(json)}`,
    );
    return undefined;
  }

  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    const where: Source = { kind: "file", file, key };
    if (Object.hasOwn(schema.shape, key)) values[key] = value;
    else if (/token/i.test(key)) {
      problems.add(
        where,
        "a config file must not hold the API token (config files get copied, shared and committed); " +
          "set the REDCAP_API_TOKEN environment variable or give --token-file FILE instead",
      );
    } else problems.add(where, unknownKey(key));
  }
  const parsed = schema.safeParse(values);
  if (parsed.success) return { file, dir: dirname(file), values: parsed.data };

  const bad = new Set<string>();
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "");
    bad.add(key);
    problems.add({ kind: "file", file, key }, issue.message);
  }
  const good = Object.fromEntries(Object.entries(values).filter(([key]) => !bad.has(key)));
  return { file, dir: dirname(file), values: good as ConfigValues };
}

function unknownKey(key: string): string {
  const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");
  const near = CONFIG_KEYS.find((known) => squash(known) === squash(key));
  const hint =
    near === undefined ? `the known keys are ${CONFIG_KEYS.join(", ")}` : `did you mean "${near}"?`;
  return `unknown key; ${hint}`;
}

async function exists(file: string, statFile: StatFile): Promise<boolean> {
  try {
    await statFile(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
