export {
  type AlignmentInput,
  type AlignmentSettings,
  DEFAULT_ALIGNMENT_FILE,
  resolveAlignmentSettings,
} from "./alignment-settings.js";
export { checkApiUrl, isLoopback } from "./api-url.js";
export { type ColumnMapping, RESERVED_COLUMNS } from "./columns.js";
export { type ConfigValues, DEFAULT_CONFIG_FILE } from "./config-file.js";
export { formatDuration, mostPerMinute, parseDuration, parseRateLimit } from "./duration.js";
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_RATE_LIMIT,
  DEFAULT_TIMEOUT_MS,
  type GenerateInput,
  type GenerateSettings,
  resolveGenerateSettings,
} from "./generate-settings.js";
export {
  ENVELOPES,
  type Envelope,
  type KitChoices,
  kitChoices,
  LAYOUTS,
  type Layout,
  MOST_SHEET_POSITIONS,
  PAPER_SIZES,
  type PaperSize,
} from "./print-choices.js";
export { savedSettings } from "./saved-settings.js";
export { resolveSimulateSettings, type SimulateInput, type SimulateSettings } from "./simulate-settings.js";
export { checkTokenShape } from "./token.js";
