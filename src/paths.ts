import { join } from "node:path";
import { fileURLToPath } from "node:url";

// This file sits one level below the package root both as src/paths.ts and as dist/paths.js.
const packageRoot = fileURLToPath(new URL("..", import.meta.url));

/** A path inside the installed package (templates, fixtures, fonts in node_modules, output). */
export function packagePath(...parts: string[]): string {
  return join(packageRoot, ...parts);
}
