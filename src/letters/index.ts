export type { RowInput } from "./check.js";
export { type LetterKit, type LetterKitOptions, loadLetterKit, type PrintOptions } from "./kit.js";
export type { LetterOptions } from "./render.js";
export { DEFAULT_TEMPLATE } from "./template.js";
