import type { RowFinding } from "../check-report.js";
import type { ColumnMapping } from "../config/index.js";
import { ConfigError, type Finding, PreflightError, RedcapError, TemplateError } from "../errors.js";
import type { LetterKit } from "../letters/index.js";
import type { RedcapClient } from "../redcap/client.js";
import { type RowProblem, runPreflight } from "../redcap/preflight.js";
import type { LetterPlan, PacketSurvey, RosterHead, RowOutcome } from "../types.js";
import { failingRows, labelFindings, localFindings, printProblems } from "./check-findings.js";
import { type CodeSource, codeSourceOf, type ProjectFacts, type RunFolder } from "./folder/run-folder.js";
import { type FieldNames, packedField, packFields, unpackFields } from "./packed-fields.js";
import { type Packet, surveyListSharer } from "./packet.js";
import type { Plan } from "./plan.js";

// The check before any code is fetched, in one stage: the template against the roster, then the
// project on the server. What would stop every letter stops the run (exit 2, no participant's code
// fetched); what stops one row becomes that letter's own verdict, decided here once. Everything
// found goes into one report (src/check-report.ts): the set-up findings and the rows that would fail.

/** A survey of a checked letter, with the label the letter prints for it. */
export interface LabelledSurvey extends PacketSurvey {
  readonly label: string;
}

/**
 * A planned letter after the checks: its surveys carry their labels, and its verdict is its own.
 * A run holds one a row to its end, so it is held compactly: its surveys are shared with the
 * letters that open the same ones (packet.ts), its roster values packed in one string (`fieldsOf`).
 */
export interface CheckedLetter extends Packet {
  readonly row: number;
  readonly line: number;
  readonly surveys: readonly LabelledSurvey[];
  readonly language: string | undefined;
  /** The letter's roster values, packed (packed-fields.ts): `fieldsOf` gives them by name. */
  readonly values: string;
  /** Which packed value is which: one list for every letter of the run. */
  readonly fieldNames: FieldNames;
  /** Why this row gets no letter (the record is not in the project, a value the template cannot print). */
  readonly problem: string | undefined;
}

/** The letter's roster values by name (a fresh object: the letter holds them packed). */
export function fieldsOf(letter: CheckedLetter): Record<string, string> {
  return unpackFields(letter.fieldNames, letter.values);
}

/** One of the letter's roster values, e.g. the column --sort-by names ("" when it has none). */
export function fieldOf(letter: CheckedLetter, name: string): string {
  return packedField(letter.fieldNames, letter.values, name) ?? "";
}

/**
 * The plan's letters, each with its surveys' labels and its own verdict, held compactly. `problem`
 * gives a letter's verdict: undefined only for a row the kit's check passed and the project check
 * found nothing against (a run draws only those, and tells the kit so: `LetterData.checked`).
 */
export function checkedLetters(
  letters: readonly LetterPlan[],
  label: (instrument: string) => string,
  problem: (letter: LetterPlan) => string | undefined,
): CheckedLetter[] {
  const shared = surveyListSharer<LabelledSurvey>();
  // Every letter of a roster has the same columns (and --columns names); a letter that lacked one
  // would hold it empty.
  const names = new Set<string>();
  for (const letter of letters) for (const name of Object.keys(letter.fields)) names.add(name);
  const fieldNames: FieldNames = [...names];
  // Object literals, not spreads: V8 gives every object a spread copies its own hidden class, about
  // 600 bytes a row that a 50,000-row run holds to its end (see memory.ts).
  return letters.map(
    (letter): CheckedLetter => ({
      row: letter.row,
      line: letter.line,
      recordId: letter.recordId,
      surveys: shared(
        letter.surveys.map((ref) => ({
          instrument: ref.instrument,
          event: ref.event,
          repeatInstance: ref.repeatInstance,
          label: label(ref.instrument),
        })),
      ),
      language: letter.language,
      values: packFields(fieldNames, letter.fields),
      fieldNames,
      file: letter.file,
      problem: problem(letter),
    }),
  );
}

export interface CheckedPlan {
  readonly letters: readonly CheckedLetter[];
  /** Rows the plan decided without the server (bad rows, duplicates, not selected). */
  readonly decided: readonly RowOutcome[];
  /** The rows the check found will fail, each with its kind (what the report groups). */
  readonly failing: readonly RowFinding[];
  /** What REDCap said of the project (kept in the run folder for `reprint`). */
  readonly project: ProjectFacts;
  /** Where this run's codes come from: kept codes from elsewhere are never used. */
  readonly codeSource: CodeSource;
  readonly warnings: readonly string[];
}

export interface CheckInput {
  /** The roster's name and columns: its rows are the plan's by now, and not held for the check. */
  readonly roster: RosterHead;
  readonly plan: Plan;
  /** The letter kit, or why the template cannot be used (then the project is still checked). */
  readonly kit: LetterKit | TemplateError;
  readonly columns: readonly ColumnMapping[];
  readonly client: RedcapClient;
  readonly folder: RunFolder;
  readonly apiUrl: string;
  /** How the run gets its codes: a rerender only from the folder, a refresh only from REDCap. */
  readonly codes: "kept" | "refresh" | "kept-or-fetch";
  /**
   * `reprint`: what the folder kept of the project stands in for the check against the server when
   * every code the letters need is kept too (then no request at all).
   */
  readonly saved: ProjectFacts | undefined;
  /** False without a token: the server cannot be asked. */
  readonly canAsk: boolean;
}

/** What the check against the server (or the folder's record of it) found. */
interface Found {
  readonly project: ProjectFacts;
  readonly findings: readonly Finding[];
  readonly rowProblems: ReadonlyMap<number, RowProblem>;
  readonly warnings: readonly string[];
}

/**
 * Every check before the first code, all of them whatever an earlier one found, so the user fixes
 * everything at once. Throws one PreflightError with the whole report when the set-up is wrong;
 * otherwise returns every letter with its own verdict and the rows that will fail.
 */
export async function checkPlan(input: CheckInput): Promise<CheckedPlan> {
  const { plan, kit } = input;
  const local = localFindings(input);
  // A row of a template that lacks a column, or of a missing translation, is named by that finding.
  const namedByLocal = new Set(local.flatMap((f) => f.lines));
  const unprintable = printProblems(kit, plan);
  const found = await checkProject(input, local, () =>
    failingRows(plan, new Map(), unprintable, namedByLocal),
  );
  const labels = new Map(Object.entries(found.project.labels));
  const labelProblems = kit instanceof TemplateError ? [] : labelFindings(plan, labels, kit);
  const setup = [...local, ...found.findings, ...labelProblems];
  const failing = failingRows(plan, found.rowProblems, unprintable, namedByLocal);
  if (setup.length > 0) throw new PreflightError(setup, { rows: failing });
  const label = (instrument: string) => labels.get(instrument) ?? instrument;
  const letters = checkedLetters(
    plan.letters,
    label,
    (letter) => found.rowProblems.get(letter.line)?.message ?? unprintable.get(letter.line),
  );
  return {
    letters,
    decided: plan.decided,
    failing,
    project: found.project,
    codeSource: codeSourceOf(input.apiUrl, found.project.id),
    warnings: found.warnings,
  };
}

/**
 * The project on the server, or the run folder's record of it. When the server cannot be asked at
 * all, what was found without it is still reported with that.
 */
async function checkProject(
  input: CheckInput,
  local: readonly Finding[],
  localRows: () => RowFinding[],
): Promise<Found> {
  try {
    return (await fromSaved(input)) ?? sameProject(await askServer(input), input.saved, input.folder.path);
  } catch (error) {
    if (local.length === 0) throw error;
    if (error instanceof PreflightError)
      throw new PreflightError([...local, ...error.findings], { rows: localRows(), cause: error });
    if (error instanceof ConfigError) {
      throw new PreflightError([...local, { message: error.message, lines: [] }], {
        rows: localRows(),
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * `reprint` with a token for another project (or a folder a rehearsal shares with the mailing) must not
 * add that project's codes to these letters.
 */
function sameProject(found: Found, saved: ProjectFacts | undefined, where: string): Found {
  if (saved === undefined || saved.id === found.project.id) return found;
  throw new ConfigError(
    `The API token opens REDCap project ${found.project.id} ("${found.project.title}"), but the letters in ` +
      `${where} were made from project ${saved.id} ("${saved.title}"): use that project's token.`,
  );
}

/** The folder's record of the project, when every code the letters need is kept (from that project). */
async function fromSaved(input: CheckInput): Promise<Found | undefined> {
  const { saved, folder } = input;
  if (saved === undefined || input.codes === "refresh") return undefined;
  const source = codeSourceOf(input.apiUrl, saved.id);
  if (!(await folder.keepsAllCodes(input.plan.letters, source))) return undefined;
  return { project: saved, findings: [], rowProblems: new Map(), warnings: [] };
}

/**
 * The project check. Whatever keeps it from finishing (no answer, an unexpected answer) means
 * nothing was fetched: exit 2, per the CLI contract, not a row failure's 1.
 */
async function askServer(input: CheckInput): Promise<Found> {
  const { plan, folder } = input;
  if (!input.canAsk) {
    throw new ConfigError(
      `The run folder ${folder.path} does not keep every code these letters need, and no API token was given ` +
        "to fetch them: set REDCAP_API_TOKEN or give --token-file FILE.",
    );
  }
  // The probe of a survey's settings costs a code request: skipped when no code will be fetched.
  const codesKept = async (projectId: number) =>
    input.codes === "kept" ||
    (input.codes === "kept-or-fetch" &&
      (await folder.keepsAllCodes(plan.letters, codeSourceOf(input.apiUrl, projectId))));
  try {
    const found = await runPreflight(input.client, {
      surveys: plan.surveys,
      records: plan.records,
      codesKept,
    });
    const { id, title } = found.project;
    return { ...found, project: { id, title, labels: Object.fromEntries(found.labels) } };
  } catch (error) {
    // A ban or a redirect stops the run as it is; any other failure to answer is a set-up problem.
    if (error instanceof RedcapError && !error.stopsTheRun) {
      throw new ConfigError(`Could not check the project before fetching codes. ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}
