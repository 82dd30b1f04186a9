#!/usr/bin/env node
import { runCli } from "./cli/program.js";

// The only module that touches `process`: argv, environment, working folder, streams, signals, exit.

const controller = new AbortController();
let interrupts = 0;
process.on("SIGINT", () => {
  interrupts += 1;
  // First Ctrl-C: finish the rows in flight and write the manifest. Second: leave now.
  if (interrupts > 1) process.exit(130);
  process.stderr.write("\nStopping after the letters in progress (press Ctrl-C again to quit at once)…\n");
  controller.abort();
});

const code = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  platform: process.platform,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
process.exitCode = code;
