export type { RowInput } from "./check.js";
export {
  type LetterKit,
  type LetterKitOptions,
  loadLetterKit,
  type PrintFileOptions,
  type TemplateRequirements,
} from "./kit.js";
export type { LetterOptions } from "./render.js";
export { DEFAULT_TEMPLATE } from "./template.js";
