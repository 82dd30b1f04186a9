import { resolve } from "node:path";
import { loadChosenConfig } from "./config-file.js";
import {
  ENVELOPES,
  type Envelope,
  LAYOUTS,
  type Layout,
  PAPER_SIZES,
  type PaperSize,
} from "./print-choices.js";
import { ProblemList } from "./problems.js";
import { choiceOf, type Flags, finder, pathOf, textOf } from "./setting-values.js";
import type { ReadFile, StatFile } from "./token.js";

export interface AlignmentInput {
  /** Raw values as typed: template, language, out, paper, envelope, layout, config. */
  readonly flags: Flags;
  readonly cwd: string;
  readonly readFile: ReadFile;
  readonly statFile: StatFile;
}

export interface AlignmentSettings {
  readonly templateFile: string | undefined;
  readonly language: string | undefined;
  /** Where the page is written. */
  readonly outFile: string;
  readonly paper: PaperSize | undefined;
  readonly envelope: Envelope | undefined;
  /** cards or labels: the sheet preset's page instead of the envelope window's. */
  readonly layout: Layout | undefined;
  readonly configFile: string | undefined;
}

export const DEFAULT_ALIGNMENT_FILE = "output/alignment.pdf";

/**
 * Flags of `alignment` → settings, or one error listing every problem. The template, paper and envelope
 * also come from the config file `generate` reads: the test page must show the window of the letters
 * that will be printed, not the bundled template's. `out` does not (there it names a run folder).
 */
export async function resolveAlignmentSettings(input: AlignmentInput): Promise<AlignmentSettings> {
  const { flags, cwd } = input;
  const problems = new ProblemList();
  const config = await loadChosenConfig(flags, cwd, input, problems);
  const pick = finder(flags, config, cwd);
  const fromFlags = finder(flags, undefined, cwd);

  const templateFile = pathOf(pick("template"), problems);
  const language = textOf(fromFlags("language"), problems);
  const outFile = pathOf(fromFlags("out"), problems) ?? resolve(cwd, DEFAULT_ALIGNMENT_FILE);
  const paper = choiceOf(pick("paper"), PAPER_SIZES, "paper size", problems);
  const envelope = choiceOf(pick("envelope"), ENVELOPES, "envelope", problems);
  const layout = choiceOf(pick("layout"), LAYOUTS, "layout", problems);
  problems.throwIfAny("alignment settings");
  return { templateFile, language, outFile, paper, envelope, layout, configFile: config?.file };
}
