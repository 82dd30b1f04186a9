#!/usr/bin/env node
import { processAlive } from "./cli/process-alive.js";
import { runCli } from "./cli/program.js";

// The entry point, where `process` is read (argv, environment, working folder, streams, signals) and
// the exit code set; everything below it gets these as parameters (src/demo.ts is the other entry).

const controller = new AbortController();
let stops = 0;
// First Ctrl-C (or a SIGTERM from a scheduler): the command winds down (a run finishes the
// letters in progress and writes its manifest). A second: leave now.
const stop = () => {
  stops += 1;
  if (stops > 1) process.exit(130);
  controller.abort();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

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
