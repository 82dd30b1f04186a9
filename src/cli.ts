#!/usr/bin/env node
import { processAlive } from "./cli/process-alive.js";
import { runCli } from "./cli/program.js";

// The entry point, where `process` is read (argv, environment, working folder, streams, signals) and
// the exit code set; everything below it gets these as parameters (src/demo.ts is the other entry).

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
  owner: { pid: process.pid, isAlive: processAlive },
});
process.exitCode = code;
