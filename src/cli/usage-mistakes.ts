import { echo, hideTokens } from "../config/problems.js";
import { UsageError } from "../errors.js";

// The command-line mistakes people actually make, said with what to do. commander's own words
// ("too many arguments… got 1", "unknown option '--token=…'") name neither the argument nor the fix,
// and the second quotes whatever followed the "=", which for --token is the token itself.

/** Options people try for the token; none exists, on purpose (cli.md). */
const TOKEN_OPTION = /^--?(api[-_]?)?(token|key)$/i;

const TOKEN_ADVICE =
  "a token on the command line is visible to every user of this computer and stays in the shell's history. " +
  "Set REDCAP_API_TOKEN, or write the token to a file only you can read (chmod 600) and give --token-file FILE";

/**
 * commander's error text, made safe and helpful: an unknown option loses its "=value" (never shown),
 * a token option gets the two ways to give a token, and anything shaped like a token is hidden.
 */
export function explainCommanderError(text: string): string {
  const unknown = /^error: unknown option '([^']*)'(.*)$/s.exec(text);
  if (unknown?.[1] !== undefined) {
    const given = unknown[1];
    const equals = given.indexOf("=");
    const name = equals === -1 ? given : given.slice(0, equals);
    if (TOKEN_OPTION.test(name)) return `error: there is no ${hideTokens(name)} option: ${TOKEN_ADVICE}\n`;
    const valueHidden = equals === -1 ? "" : " (the value after its = is not shown)";
    return hideTokens(`error: unknown option '${name}'${valueHidden}${unknown[2] ?? ""}`);
  }
  return hideTokens(text);
}

/**
 * Words left over after the options were read: name them (as typed, cut short, token-shaped ones
 * hidden) and say the usual causes. `argv` is the whole command line, to spot a value split at a space.
 */
export function strayArguments(
  command: string,
  strays: readonly string[],
  argv: readonly string[],
): UsageError {
  const named = strays.slice(0, 5).map((stray) => echo(stray, 40));
  const more = strays.length > 5 ? ` and ${strays.length - 5} more` : "";
  const split = splitValue(strays, argv);
  const one = strays.length === 1;
  const fix =
    split === undefined
      ? `Every value goes after its option (${command} --help lists them); a value with spaces must be in quotes`
      : `If ${one ? "it belongs" : "they belong"} to the value before ${one ? "it" : "them"}, put the whole value ` +
        `in quotes: ${split.option} ${echo(split.words.join(" "), 80)}`;
  const what = one ? "an argument" : `${strays.length} arguments`;
  return new UsageError(`${command} got ${what} that no option takes: ${named.join(", ")}${more}. ${fix}`);
}

/** `--roster my roster.csv`: the option, and the words of the value that a space split. */
function splitValue(
  strays: readonly string[],
  argv: readonly string[],
): { option: string; words: string[] } | undefined {
  const at = strays[0] === undefined ? -1 : argv.indexOf(strays[0]);
  const value = argv[at - 1];
  const option = argv[at - 2];
  if (at < 2 || value === undefined || option === undefined) return undefined;
  if (value.startsWith("-") || !/^--[a-z][a-z-]*$/.test(option)) return undefined;
  const words = [value];
  for (const word of argv.slice(at)) {
    if (word.startsWith("-") || !strays.includes(word)) break;
    words.push(word);
  }
  return { option, words };
}
