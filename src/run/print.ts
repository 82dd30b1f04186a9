import type { LetterKit } from "../letters/index.js";
import type { Clock, LetterData } from "../types.js";
import { type CheckedLetter, fieldOf } from "./check.js";
import { type CodeSource, type PrintOptions, printOrder, type RunFolder } from "./folder/run-folder.js";
import { letterData, type MakeLettersInput } from "./make-letters.js";
import { memoryKeeper } from "./memory.js";

// The print file holds the letters this run made, drawn again one at a time from the codes the run
// folder keeps: the letters' data is never all in memory at once, whatever the roster's size.

export interface PrintInput extends Pick<MakeLettersInput, "projectTitle" | "replacements"> {
  readonly folder: RunFolder;
  readonly kit: LetterKit;
  readonly source: CodeSource;
  readonly clock: Clock;
  readonly options: PrintOptions;
}

/** Writes the print file of `made` (roster order); returns its path in the run folder. */
export function printLetters(made: readonly CheckedLetter[], input: PrintInput): Promise<string> {
  const { sortBy } = input.options;
  const ordered = printOrder(made, sortBy === undefined ? undefined : (letter) => fieldOf(letter, sortBy));
  const letterDone = memoryKeeper();
  async function* data(): AsyncGenerator<LetterData> {
    for (const letter of ordered) {
      letterDone();
      const codes = await input.folder.keptCodes(letter, input.source);
      // Kept when the letter was made; a code gone since then (a damaged file) fails the print file.
      yield letterData(letter, codes, input);
    }
  }
  const letters = { files: ordered.map((l) => l.file), data: data() };
  return input.folder.print(input.kit, letters, input.clock, input.options);
}
