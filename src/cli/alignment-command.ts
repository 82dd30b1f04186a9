import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { kitChoices, resolveAlignmentSettings } from "../config/index.js";
import { loadLetterKit } from "../letters/index.js";
import { PRIVATE_DIR_MODE, writeFileAtomic } from "../run/folder/write.js";
import { type CliIo, settingsFiles, writeLine } from "./io.js";

// Window positions vary by envelope maker: a page to print on plain paper, fold, and hold in an
// envelope shows where the address will fall before a whole mailing is printed.

export async function runAlignmentCommand(
  flags: Record<string, string | boolean | undefined>,
  io: CliIo,
): Promise<number> {
  const settings = await resolveAlignmentSettings({ flags, cwd: io.cwd, ...settingsFiles });
  const out = settings.outFile;
  const kit = await loadLetterKit(kitChoices(settings));
  // The page holds no secret: create a missing folder privately, but never change an existing one
  // (it may be a home folder or a shared drive).
  await mkdir(dirname(out), { recursive: true, mode: PRIVATE_DIR_MODE });
  await writeFileAtomic(out, await kit.alignmentPage(settings.language));
  if (kit.layout === "cards" || kit.layout === "labels") {
    writeLine(io.stdout, `Sheet alignment page (${kit.layout}): ${out}`);
    writeLine(
      io.stdout,
      "Print it at 100 % (no 'fit to page') on plain paper, lay it on a sheet and hold both",
    );
    writeLine(io.stdout, "against the light: every numbered outline must sit on a card or label.");
    return 0;
  }
  writeLine(io.stdout, `Envelope alignment page: ${out}`);
  writeLine(
    io.stdout,
    "Print it at 100 % (no 'fit to page'), fold it like a letter, and slide it into an envelope:",
  );
  writeLine(io.stdout, "the address box must sit inside the window with room to spare on every side.");
  return 0;
}
