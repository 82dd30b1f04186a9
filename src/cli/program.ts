import { Command, CommanderError } from "commander";
import { ENVELOPES, LAYOUTS, PAPER_SIZES } from "../config/print-choices.js";
import { hideTokens } from "../config/problems.js";
import { PacketsError } from "../errors.js";
import { exitCodeOfError } from "./exit-codes.js";
import { ALIGNMENT_HELP, GENERATE_HELP, PROGRAM_HELP, REPRINT_HELP, SIMULATE_HELP } from "./help.js";
import { type CliIo, writeLine } from "./io.js";
import { explainCommanderError, strayArguments } from "./usage-mistakes.js";

/** Parses the command line, runs the command, and returns the exit code (see cli.md). */
export async function runCli(io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...io.argv], { from: "user" });
    return exitCode;
  } catch (error) {
    return reportError(io, error);
  }
}

// Each command's modules are loaded when it runs: a one-packet reprint at the front desk does not wait
// for the simulator's code, nor --help for pdfkit's.
function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command("redcap-packets")
    .description(
      "Printable REDCap survey letters: access code, login URL and a QR code that resumes the survey.",
    )
    .addHelpText("after", PROGRAM_HELP)
    .showHelpAfterError("(add --help for the options)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(explainCommanderError(s)),
    })
    // Stray words are refused in preAction, naming them: commander would only count them.
    .hook("preAction", (_, command) => {
      if (command.registeredArguments.length === 0 && command.args.length > 0) {
        throw strayArguments(command.name(), command.args, io.argv);
      }
    });

  program
    .command("generate")
    .allowExcessArguments()
    .description("fetch each participant's survey codes from REDCap and make their letters")
    .option("--roster <file>", "roster CSV, one participant per row (needs a record_id column)")
    .option("--delimiter <,|;|tab>", "the roster's delimiter (default: detected from its header line)")
    .option("--api-url <url>", "REDCap API URL, e.g. https://redcap.example.edu/api/ (or REDCAP_API_URL)")
    .option("--instrument <names>", "survey(s) in each packet, by unique instrument name, comma-separated")
    .option("--event <name>", "unique event name (longitudinal projects) for rows without an event column")
    .option("--out <dir>", "run folder (default: output/<roster name>)")
    .option(
      "--template <file>",
      "letter template (default: the bundled English one; a row's language picks <name>.<lang>.md beside it)",
    )
    .option(
      "--rate-limit <n/duration>",
      "never more than N requests in any window of DURATION (default 300/60s)",
    )
    .option("--concurrency <n>", "requests in flight at most (default 4)")
    .option("--timeout <duration>", "per request (default 30s)")
    .option(
      "--records <ids>",
      "only these record ids, comma-separated (to replace lost letters, add --force)",
    )
    .option("--force", "rebuild letters that already exist in the run folder (replacements say so)")
    .option(
      "--rerender",
      "make every letter of the run folder again with the current template, from the codes already fetched (no request), as first letters, into a new print file",
    )
    .option(
      "--refresh-codes",
      "ask REDCap for the codes again instead of using the ones the run folder keeps",
    )
    .option(
      "--include-completed",
      "also make letters for participants who already completed the survey (default: skipped, with the reason)",
    )
    .option(
      "--dry-run",
      "make every check a real run makes (one probe per survey included), fetch no participant's code, write no letter",
    )
    .option("--duplex", "pad each packet in the print file to an even page count (double-sided printing)")
    .option(
      "--sort-by <column>",
      "order the print file by this roster column (e.g. postal_code); default roster order",
    )
    .option(
      "--columns <name=column,...>",
      "the roster column that holds each name the template uses, e.g. postal_code=zip,address_1=street",
      joinRepeated,
    )
    .option("--paper <size>", `paper size instead of the template's: ${PAPER_SIZES.join(" or ")}`)
    .option("--envelope <window>", `envelope window instead of the template's: ${ENVELOPES.join(", ")}`)
    .option(
      "--layout <layout>",
      `what each participant gets: ${LAYOUTS.join(", ")} (default: the template's, else letter)`,
    )
    .option("--start-at <n>", "first position used on the first card or label sheet (default 1)")
    .option(
      "--config <file>",
      "JSON file with the same settings (default: redcap-packets.config.json if present)",
    )
    .option("--token-file <file>", "read the API token from this file (must be private: chmod 600)")
    .option("--ca-file <file>", "extra certificate authorities (PEM) for networks that inspect TLS")
    .addHelpText("after", GENERATE_HELP)
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      setExit(await (await import("./generate-command.js")).runGenerateCommand(flags, io));
    });

  program
    .command("reprint")
    .description("make some records' packets again now, from a run folder's own settings and kept codes")
    .argument("<ids...>", "record ids, as the roster writes them")
    .requiredOption("--out <dir>", "the run folder of the run that made the letters")
    .option("--token-file <file>", "the API token, needed only when a code is not kept in the run folder")
    .addHelpText("after", REPRINT_HELP)
    .action(async (ids: string[], flags: Record<string, string | boolean | undefined>) => {
      setExit(await (await import("./reprint-command.js")).runReprintCommand(ids, flags, io));
    });

  program
    .command("simulate")
    .allowExcessArguments()
    .description("serve a local REDCap API for rehearsals, demos and tests")
    .option("--port <n>", "port on 127.0.0.1 (default: 0, any free port)")
    .option("--project <file>", "project description JSON (default: the bundled demo project)")
    .option("--latency <duration>", "delay every answer, e.g. 50ms")
    .option("--ban-threshold <n/duration>", "ban the client's IP past this many requests (default 600/60s)")
    .option("--seed <text>", "seed for the codes the simulator makes (same seed, same codes)")
    .option(
      "--faults <profile>",
      "inject faults for rehearsals: none, or flaky (latency, some 502/503/resets)",
    )
    .addHelpText("after", SIMULATE_HELP)
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      setExit(await (await import("./simulate-command.js")).runSimulateCommand(flags, io));
    });

  program
    .command("alignment")
    .allowExcessArguments()
    .description("print a test page that shows where the envelope window (or a card or label sheet) falls")
    .option("--template <file>", "letter template whose envelope geometry to show (default: the bundled one)")
    .option("--language <code>", "use the template's sibling for this language, e.g. es")
    .option("--out <file>", "where to write the page (default: output/alignment.pdf)")
    .option("--paper <size>", `paper size instead of the template's: ${PAPER_SIZES.join(" or ")}`)
    .option("--envelope <window>", `envelope window instead of the template's: ${ENVELOPES.join(", ")}`)
    .option("--layout <layout>", "cards or labels: a page that shows the sheet's positions instead")
    .option(
      "--config <file>",
      "take --template, --paper, --envelope and --layout from this settings file, as generate does",
    )
    .addHelpText("after", ALIGNMENT_HELP)
    .action(async (flags: Record<string, string | boolean | undefined>) => {
      setExit(await (await import("./alignment-command.js")).runAlignmentCommand(flags, io));
    });

  return program;
}

/** `--columns a=b --columns c=d` means both: commander would keep only the last. */
function joinRepeated(value: string, previous: string | undefined): string {
  return previous === undefined ? value : `${previous},${value}`;
}

function reportError(io: CliIo, error: unknown): number {
  if (error instanceof CommanderError) return exitCodeOfError(error);
  if (error instanceof PacketsError) {
    // A value typed where a path or a name goes may be the token (`--roster <token>`): never show one.
    writeLine(io.stderr, `error: ${hideTokens(error.message)}`);
    return exitCodeOfError(error);
  }
  // An unknown error's message could quote anything it touched: name its kind (and errno code) only,
  // unless someone debugging asks for everything.
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const kind = error instanceof Error ? `${error.name}${code === undefined ? "" : ` ${code}`}` : typeof error;
  writeLine(io.stderr, `unexpected error (${kind}). This is a bug in redcap-packets; please report it.`);
  if (io.env.REDCAP_PACKETS_DEBUG === "1" && error instanceof Error) writeLine(io.stderr, error.stack);
  else
    writeLine(
      io.stderr,
      "Run again with REDCAP_PACKETS_DEBUG=1 to see the details (they may show file contents).",
    );
  // Rows that fail while codes are fetched never get here (each fails alone): this is a set-up stage.
  return exitCodeOfError(error);
}
