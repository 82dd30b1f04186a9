// Loaded with `node --import` into a benchmarked CLI process: writes the process's peak resident set
// (kB, as the kernel counts it) to the file BENCH_RSS_FILE names, when the process exits.

import { writeFileSync } from "node:fs";

const file = process.env.BENCH_RSS_FILE;
if (file !== undefined) {
  process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
