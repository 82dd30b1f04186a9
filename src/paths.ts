import { fileURLToPath } from "node:url";

// This file sits one level below the package root both as src/paths.ts and as dist/paths.js.
export const packageRoot = fileURLToPath(new URL("..", import.meta.url));

export function packagePath(...parts: string[]): string {
  return fileURLToPath(new URL(parts.join("/"), new URL("..", import.meta.url)));
}
