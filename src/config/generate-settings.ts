import { basename, extname, join } from "node:path";
import type { Delimiter } from "../roster/csv-records.js";
import { readDelimiter } from "../roster/delimiter.js";
import type { RateLimit } from "../types.js";
import { checkApiUrl } from "./api-url.js";
import { type ColumnMapping, columnsOf } from "./columns.js";
import { loadChosenConfig } from "./config-file.js";
import { formatDuration, mostPerMinute, readDuration, readRateLimit } from "./duration.js";
import {
  ENVELOPES,
  type Envelope,
  LAYOUTS,
  type Layout,
  MOST_SHEET_POSITIONS,
  PAPER_SIZES,
  type PaperSize,
} from "./print-choices.js";
import { echo, ProblemList, type Source } from "./problems.js";
import {
  booleanOf,
  checked,
  choiceOf,
  type Flags,
  type Found,
  finder,
  listOf,
  pathOf,
  textOf,
  wholeNumber,
} from "./setting-values.js";
import { checkTokenShape, type ReadFile, readTokenFile, reason, type StatFile } from "./token.js";

export interface GenerateInput {
  /** Raw values as typed, camelCase keys (`rateLimit`, `dryRun` …); switches are booleans. */
  readonly flags: Flags;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly readFile: ReadFile;
  readonly statFile: StatFile;
  /** `process.platform`; the token file's permission check is skipped on win32. */
  readonly platform?: string;
  /** `reprint`: a token is needed only when a code is not kept; without one the token is "". */
  readonly tokenOptional?: boolean;
}

export interface GenerateSettings {
  readonly rosterFile: string;
  /** From `--delimiter`; undefined: detected from the roster's header line. */
  readonly delimiter: Delimiter | undefined;
  readonly apiUrl: string;
  /** Secret: never print, log or put in a message. */
  readonly token: string;
  /** From `--instrument`; undefined when not given (then the roster must have an `instrument` column). */
  readonly instruments: readonly string[] | undefined;
  readonly event: string | undefined;
  readonly outDir: string;
  readonly templateFile: string | undefined;
  readonly rateLimit: RateLimit;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly records: readonly string[] | undefined;
  readonly force: boolean;
  /** Make every letter again from the kept codes, as first letters (no replacement note): a fixed template. */
  readonly rerender: boolean;
  /** Ask REDCap for codes again instead of using the ones the run folder keeps. */
  readonly refreshCodes: boolean;
  /** Also make letters for participants who already completed the survey (else skipped, with the reason). */
  readonly includeCompleted: boolean;
  readonly dryRun: boolean;
  /** Pad each packet of the print file to an even page count (for double-sided printing). */
  readonly duplex: boolean;
  /**
   * Roster column (or a name `columns` maps) that orders the print file (e.g. postal_code for bulk-mail
   * rates); roster order when undefined.
   */
  readonly sortBy: string | undefined;
  /** From `--columns`: the roster column of each name the template uses; empty when every name is a column. */
  readonly columns: readonly ColumnMapping[];
  /** From `--paper`; undefined: the template's paper. */
  readonly paper: PaperSize | undefined;
  /** From `--envelope`; undefined: the template's envelope window. */
  readonly envelope: Envelope | undefined;
  /** From `--layout`; undefined: the template's layout (a mailing letter unless it says otherwise). */
  readonly layout: Layout | undefined;
  /** From `--start-at`: the first position used on the first card or label sheet. */
  readonly startAt: number | undefined;
  readonly caFile: string | undefined;
  /** The config file that was read, if any. */
  readonly configFile: string | undefined;
  /** Accepted but risky choices, for the CLI to print. */
  readonly warnings: readonly string[];
}

export const DEFAULT_RATE_LIMIT: RateLimit = { count: 300, windowMs: 60_000 };
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** REDCap's default ban threshold: requests from one IP address in the trailing 60 seconds. */
const REDCAP_BAN_THRESHOLD = 600;
/**
 * Above this many requests a minute the limit keeps too little margin below the ban: REDCap counts every
 * request from the address, other users behind the same NAT or proxy included (a client limiting to
 * exactly 10 requests a second got its users banned).
 */
const SAFE_PER_MINUTE = 500;

/** Flags + config file + environment → one validated settings object, or one error listing every problem. */
export async function resolveGenerateSettings(input: GenerateInput): Promise<GenerateSettings> {
  const { flags, env, cwd } = input;
  const problems = new ProblemList();
  for (const key of ["token", "apiToken"]) {
    if (flags[key] !== undefined) {
      problems.add(
        { kind: "flag", flag: key === "token" ? "token" : "api-token" },
        "there is no flag that takes the token itself (command lines are visible to other users and kept in " +
          "shell history); set REDCAP_API_TOKEN or give --token-file FILE",
      );
    }
  }

  const config = await loadChosenConfig(flags, cwd, input, problems);
  const pick = finder(flags, config, cwd);
  const envFound = (name: string): Found | undefined => {
    const value = env[name];
    return value === undefined || value === ""
      ? undefined
      : { value, source: { kind: "env", name }, base: cwd };
  };

  const rosterFile = pathOf(pick("roster"), problems);
  if (pick("roster") === undefined)
    problems.add({ kind: "flag", flag: "roster" }, "no roster file given; expected --roster FILE");

  const delimiter = delimiterOf(pick("delimiter"), problems);

  const apiUrl = checked(pick("apiUrl") ?? envFound("REDCAP_API_URL"), problems, checkApiUrl);
  if ((pick("apiUrl") ?? envFound("REDCAP_API_URL")) === undefined) {
    problems.add(
      { kind: "flag", flag: "api-url" },
      'no REDCap API URL given; expected --api-url URL or REDCAP_API_URL, e.g. "https://redcap.example.edu/api/"',
    );
  }

  const token = await resolveToken(pick("tokenFile"), envFound("REDCAP_API_TOKEN"), input, problems);

  const instruments = listOf(pick("instrument"), problems, "instrument");
  const records = listOf(pick("records"), problems, "record");
  const event = textOf(pick("event"), problems);
  const templateFile = pathOf(pick("template"), problems);
  const rosterName = rosterFile === undefined ? "roster" : basename(rosterFile, extname(rosterFile));
  const outDir = pathOf(pick("out"), problems) ?? join(cwd, "output", rosterName);

  const rateLimit = checked(pick("rateLimit"), problems, readRateLimit) ?? DEFAULT_RATE_LIMIT;
  const timeoutMs = checked(pick("timeout"), problems, readDuration) ?? DEFAULT_TIMEOUT_MS;
  if (timeoutMs === 0)
    problems.add(pick("timeout")?.source ?? none("timeout"), 'must be longer than 0, e.g. "30s"');
  const concurrency = wholeNumber(pick("concurrency"), 1, 64, problems) ?? DEFAULT_CONCURRENCY;

  const caFile = pathOf(pick("caFile"), problems);
  if (caFile !== undefined)
    await mustBeFile(caFile, pick("caFile")?.source ?? none("caFile"), input.statFile, problems);

  const force = booleanOf(pick("force"), problems);
  const rerender = booleanOf(pick("rerender"), problems);
  const refreshCodes = booleanOf(pick("refreshCodes"), problems);
  const includeCompleted = booleanOf(pick("includeCompleted"), problems);
  if (force && rerender) {
    problems.add(
      pick("rerender")?.source ?? none("rerender"),
      "give --force or --rerender, not both: --force makes replacements for letters that were printed " +
        "(they say so), --rerender makes the run folder's letters again as first letters (a fixed template)",
    );
  }
  const dryRun = booleanOf(pick("dryRun"), problems);
  const duplex = booleanOf(pick("duplex"), problems);
  const sortBy = textOf(pick("sortBy"), problems);
  const columns = columnsOf(pick("columns"), problems);
  const paper = choiceOf(pick("paper"), PAPER_SIZES, "paper size", problems);
  const envelope = choiceOf(pick("envelope"), ENVELOPES, "envelope", problems);
  const layout = choiceOf(pick("layout"), LAYOUTS, "layout", problems);
  const startAt = wholeNumber(pick("startAt"), 1, MOST_SHEET_POSITIONS, problems);
  problems.throwIfAny("settings");

  const warnings: string[] = [];
  const perMinute = mostPerMinute(rateLimit);
  const limitText = `${rateLimit.count}/${formatDuration(rateLimit.windowMs)}`;
  if (perMinute > REDCAP_BAN_THRESHOLD) {
    warnings.push(
      `the rate limit ${limitText} can send more than ${REDCAP_BAN_THRESHOLD} requests in a minute, ` +
        "REDCap's default threshold for a permanent IP ban; use it only if your REDCap administrator raised the threshold",
    );
  } else if (perMinute > SAFE_PER_MINUTE) {
    warnings.push(
      `the rate limit ${limitText} can send up to ${perMinute} requests in a minute, too close to REDCap's default ` +
        `threshold of ${REDCAP_BAN_THRESHOLD} for a permanent IP ban: REDCap counts every request from your address, ` +
        "including other people's behind the same network, so keep a margin (the default is 300/1m); " +
        "use it only if your REDCap administrator raised the threshold",
    );
  }
  return {
    rosterFile: rosterFile ?? "",
    delimiter,
    apiUrl: apiUrl ?? "",
    token: token ?? "",
    instruments,
    event,
    outDir,
    templateFile,
    rateLimit,
    concurrency,
    timeoutMs,
    records,
    force,
    rerender,
    refreshCodes,
    includeCompleted,
    dryRun,
    duplex,
    sortBy,
    columns,
    paper,
    envelope,
    layout,
    startAt,
    caFile,
    configFile: config?.file,
    warnings,
  };
}

const none = (what: string): Source => ({ kind: "none", what });

async function resolveToken(
  file: Found | undefined,
  fromEnv: Found | undefined,
  input: GenerateInput,
  problems: ProblemList,
): Promise<string | undefined> {
  const path = pathOf(file, problems);
  if (file !== undefined) {
    if (path === undefined) return undefined;
    const read = await readTokenFile(path, { ...input, platform: input.platform ?? "linux" });
    if (read.ok) return read.value;
    problems.add(file.source, read.message);
    return undefined;
  }
  if (fromEnv !== undefined) return checked(fromEnv, problems, checkTokenShape);
  if (input.tokenOptional === true) return undefined;
  problems.add(
    none("API token"),
    "no API token given; set the REDCAP_API_TOKEN environment variable or give --token-file FILE " +
      "(there is no flag that takes the token itself: command lines are visible to other users)",
  );
  return undefined;
}

async function mustBeFile(
  path: string,
  source: Source,
  statFile: StatFile,
  problems: ProblemList,
): Promise<void> {
  try {
    if (!(await statFile(path)).isFile)
      problems.add(source, `${path} is not a file; expected a file of PEM certificates`);
  } catch (error) {
    problems.add(source, `cannot read ${path}: ${reason(error)}; expected a file of PEM certificates`);
  }
}

function delimiterOf(found: Found | undefined, problems: ProblemList): Delimiter | undefined {
  // A real tab is a value here, not white space to trim.
  if (found === undefined) return undefined;
  const typed = found.value === "\t" ? "\t" : textOf(found, problems);
  if (typed === undefined) return undefined;
  const delimiter = readDelimiter(typed);
  if (delimiter === undefined) {
    problems.add(found.source, `unknown delimiter ${echo(typed)}; expected one of , ; tab`);
  }
  return delimiter;
}
