export {
  DEFAULT_TEMPLATE,
  type LetterKit,
  type LetterKitOptions,
  loadLetterKit,
  type PrintFileOptions,
  type TemplateRequirements,
} from "./kit.js";
export type { LetterOptions } from "./render.js";
export type { RowInput } from "./row-check.js";
