import { ConfigError, UsageError } from "../errors.js";

/** Where a setting came from, so every message can say which value to fix. */
export type Source =
  | { readonly kind: "flag"; readonly flag: string }
  | { readonly kind: "file"; readonly file: string; readonly key: string }
  | { readonly kind: "env"; readonly name: string }
  | { readonly kind: "none"; readonly what: string };

export interface SettingProblem {
  readonly source: Source;
  readonly message: string;
}

export function describeSource(source: Source): string {
  switch (source.kind) {
    case "flag":
      return `--${source.flag}`;
    case "file":
      return `config file ${source.file}, key "${hideTokens(source.key)}"`;
    case "env":
      return `environment variable ${source.name}`;
    case "none":
      return source.what;
  }
}

export class ProblemList {
  readonly items: SettingProblem[] = [];

  add(source: Source, message: string): void {
    this.items.push({ source, message });
  }

  /** Throws one error listing every problem: UsageError when all come from the command line. */
  throwIfAny(what: string): void {
    const { items } = this;
    if (items.length === 0) return;
    const lines = items.map((p) => `  - ${describeSource(p.source)}: ${p.message}`).join("\n");
    const count = items.length === 1 ? "1 problem" : `${items.length} problems`;
    const message = `The ${what} have ${count} to fix:\n${lines}`;
    throw items.every((p) => p.source.kind === "flag") ? new UsageError(message) : new ConfigError(message);
  }
}

/** Replaces anything shaped like an API token (32 or more hex digits in a row) with a note. */
export function hideTokens(text: string): string {
  return text.replace(/[0-9A-Fa-f]{32,}/g, "[hidden: looks like an API token]");
}

/**
 * A value as typed, for a message (flag and config values such as a URL or a duration; never the token
 * or a roster value): quoted, cut short, and with anything shaped like an API token hidden.
 */
export function echo(value: unknown, max = 60): string {
  if (typeof value !== "string") {
    if (Array.isArray(value)) return "a list";
    if (value === null) return "null";
    if (typeof value === "object") return "an object";
    // A long number may be a token made of digits only (JSON turns it into 1.2345678901234568e+31).
    if (typeof value === "number" && !Number.isSafeInteger(value) && Math.abs(value) >= 1e15) {
      return "a very long number";
    }
    return String(value);
  }
  const hidden = hideTokens(value);
  const cut = hidden.length <= max ? hidden : `${hidden.slice(0, max - 1)}…`;
  return JSON.stringify(cut);
}
