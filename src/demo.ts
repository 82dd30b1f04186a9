import { rm } from "node:fs/promises";
import { processAlive } from "./cli/process-alive.js";
import { runCli } from "./cli/program.js";
import { packagePath } from "./paths.js";
import { loadProjectFile, pickDisplayToken, startSimulator } from "./simulator/index.js";

// `npm run demo`: the bundled demo project served by the in-process simulator, and the bundled
// demo roster turned into letters in output/demo/ through the same command a user runs.

// Every demo starts afresh, so its letters are always first letters (a re-run in the same folder
// would make replacements, which say so). output/demo holds nothing but the demo's own output.
const demoFolder = packagePath("output", "demo");
await rm(demoFolder, { recursive: true, force: true });

const project = await loadProjectFile(packagePath("fixtures", "demo-project.json"));
const sim = await startSimulator({ project, port: 0 });
const controller = new AbortController();
process.on("SIGINT", () => controller.abort());
try {
  const code = await runCli({
    argv: [
      "generate",
      "--roster",
      packagePath("fixtures", "demo-roster.csv"),
      "--api-url",
      sim.apiUrl,
      "--instrument",
      "baseline_survey",
      "--out",
      demoFolder,
    ],
    env: { ...process.env, REDCAP_API_TOKEN: pickDisplayToken(project) },
    cwd: packagePath(),
    platform: process.platform,
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
    owner: { pid: process.pid, isAlive: processAlive },
  });
  process.stdout.write(
    `\nThe demo letters are in ${packagePath("output", "demo")}/letters (open any PDF).\n`,
  );
  process.exitCode = code;
} finally {
  await sim.close();
}
