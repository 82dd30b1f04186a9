import type { ConfigValues } from "./config-file.js";
import { formatDuration } from "./duration.js";
import type { GenerateSettings } from "./generate-settings.js";

// What a run folder's run.json keeps of the run that made its letters: the settings that shape a
// letter, in the config file's own format (so `--config run.json` reads it back, with the same
// checks), paths made absolute. Never the token; nothing that says what to do this time (records,
// force, dry run). Paths are absolute already (settings resolve them against where they were given).

export function savedSettings(settings: GenerateSettings): ConfigValues {
  const { rateLimit } = settings;
  const optional = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  return {
    roster: settings.rosterFile,
    ...optional("delimiter", settings.delimiter === "\t" ? "tab" : settings.delimiter),
    apiUrl: settings.apiUrl,
    ...optional("instrument", settings.instruments === undefined ? undefined : [...settings.instruments]),
    ...optional("event", settings.event),
    ...optional("template", settings.templateFile),
    rateLimit: `${rateLimit.count}/${formatDuration(rateLimit.windowMs)}`,
    concurrency: settings.concurrency,
    timeout: formatDuration(settings.timeoutMs),
    includeCompleted: settings.includeCompleted,
    duplex: settings.duplex,
    ...optional("sortBy", settings.sortBy),
    ...optional(
      "columns",
      settings.columns.length === 0
        ? undefined
        : Object.fromEntries(settings.columns.map((c) => [c.name, c.column])),
    ),
    ...optional("paper", settings.paper),
    ...optional("envelope", settings.envelope),
    // Not --start-at: it says where this run's sheet was part-used, not how its letters look.
    ...optional("layout", settings.layout),
    ...optional("caFile", settings.caFile),
  };
}
