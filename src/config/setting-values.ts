import { isAbsolute, resolve } from "node:path";
import type { ConfigFile } from "./config-file.js";
import { echo, type ProblemList, type Source } from "./problems.js";

export type Flags = Readonly<Record<string, string | boolean | undefined>>;

/** One setting as found: its raw value, where it came from, and the folder its relative paths mean. */
export interface Found {
  readonly value: unknown;
  readonly source: Source;
  readonly base: string;
}

/** Flags win over the config file; the caller falls back to the environment and defaults. */
export function finder(flags: Flags, config: ConfigFile | undefined, cwd: string) {
  return (key: string): Found | undefined => {
    const flag = flags[key];
    if (flag !== undefined) return { value: flag, source: { kind: "flag", flag: flagName(key) }, base: cwd };
    const value = (config?.values as Record<string, unknown> | undefined)?.[key];
    if (config !== undefined && value !== undefined) {
      return { value, source: { kind: "file", file: config.file, key }, base: config.dir };
    }
    return undefined;
  };
}

/** `--rate-limit` from `rateLimit`. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** A text setting; a flag given without a value, or an empty one, is a problem. */
export function textOf(found: Found | undefined, problems: ProblemList): string | undefined {
  if (found === undefined) return undefined;
  if (typeof found.value !== "string") {
    problems.add(found.source, "needs a value");
    return undefined;
  }
  if (found.value.trim() === "") {
    problems.add(found.source, "is empty");
    return undefined;
  }
  return found.value.trim();
}

export function pathOf(found: Found | undefined, problems: ProblemList): string | undefined {
  const text = textOf(found, problems);
  if (text === undefined || found === undefined) return undefined;
  return isAbsolute(text) ? text : resolve(found.base, text);
}

/** `a, b,,c` or ["a", "b"] → ["a", "b", "c"] (NFC, as the roster's values are). */
export function listOf(found: Found | undefined, problems: ProblemList, what: string): string[] | undefined {
  if (found === undefined) return undefined;
  const parts = Array.isArray(found.value)
    ? found.value
    : typeof found.value === "string"
      ? [found.value]
      : undefined;
  if (parts === undefined) {
    problems.add(found.source, "needs a value");
    return undefined;
  }
  const items = parts
    .flatMap((part: string) => part.split(","))
    .map((item) => item.normalize("NFC").trim())
    .filter((item) => item !== "");
  if (items.length === 0) {
    problems.add(found.source, `names no ${what}; expected a comma-separated list`);
    return undefined;
  }
  return [...new Set(items)];
}

export function booleanOf(found: Found | undefined, problems: ProblemList): boolean {
  if (found === undefined) return false;
  if (typeof found.value === "boolean") return found.value;
  problems.add(found.source, "is a switch and takes no value");
  return false;
}

/** Runs a text check on a setting; its problem is reported against the setting's source. */
export function checked<T>(
  setting: Found | undefined,
  problems: ProblemList,
  check: (text: string) => { ok: true; value: T } | { ok: false; message: string },
): T | undefined {
  const text = textOf(setting, problems);
  if (text === undefined || setting === undefined) return undefined;
  const result = check(text);
  if (result.ok) return result.value;
  problems.add(setting.source, result.message);
  return undefined;
}

export function wholeNumber(
  setting: Found | undefined,
  min: number,
  max: number,
  problems: ProblemList,
): number | undefined {
  if (setting === undefined) return undefined;
  const { value } = setting;
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  problems.add(setting.source, `expected a whole number from ${min} to ${max}, received ${echo(value)}`);
  return undefined;
}

/** A setting that must be one of a few names; typed case aside (A4, US10), so it is compared lowercased. */
export function choiceOf<T extends string>(
  setting: Found | undefined,
  choices: readonly T[],
  what: string,
  problems: ProblemList,
): T | undefined {
  const text = textOf(setting, problems);
  if (text === undefined || setting === undefined) return undefined;
  const choice = choices.find((c) => c === text.toLowerCase());
  if (choice === undefined)
    problems.add(setting.source, `unknown ${what} ${echo(text)}; expected one of ${choices.join(", ")}`);
  return choice;
}
