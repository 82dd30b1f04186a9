export { checkApiUrl, isLoopback } from "./api-url.js";
export { DEFAULT_CONFIG_FILE } from "./config-file.js";
export { formatDuration, mostPerMinute, parseDuration, parseRateLimit } from "./duration.js";
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_RATE_LIMIT,
  DEFAULT_TIMEOUT_MS,
  type GenerateInput,
  type GenerateSettings,
  resolveGenerateSettings,
} from "./generate-settings.js";
export { resolveSimulateSettings, type SimulateInput, type SimulateSettings } from "./simulate-settings.js";
export { checkTokenShape } from "./token.js";
