import { rm } from "node:fs/promises";
import { processAlive } from "./cli/process-alive.js";
import { runCli } from "./cli/program.js";
import { packagePath } from "./paths.js";
import { loadProjectFile, pickDisplayToken, startSimulator } from "./simulator/index.js";

// `npm run demo`: the bundled demo project served by the in-process simulator, and the bundled
// demo roster turned into letters through the same command a user runs: US Letter for a #10 window
// envelope in output/demo/, A4 for a DIN 5008 (form B) window in output/demo-a4/.

// Every demo starts afresh, so its letters are always first letters (a re-run in the same folder
// would make replacements, which say so). output/demo holds nothing but the demo's own output.
const runs = [
  { folder: packagePath("output", "demo"), flags: [] as string[] },
  { folder: packagePath("output", "demo-a4"), flags: ["--paper", "a4", "--envelope", "din5008b"] },
];
for (const run of runs) await rm(run.folder, { recursive: true, force: true });

const project = await loadProjectFile(packagePath("fixtures", "demo-project.json"));
const sim = await startSimulator({ project, port: 0 });
const controller = new AbortController();
process.on("SIGINT", () => controller.abort());
try {
  let worst = 0;
  for (const run of runs) {
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
        run.folder,
        ...run.flags,
      ],
      env: { ...process.env, REDCAP_API_TOKEN: pickDisplayToken(project) },
      cwd: packagePath(),
      platform: process.platform,
      stdout: process.stdout,
      stderr: process.stderr,
      signal: controller.signal,
      owner: { pid: process.pid, isAlive: processAlive },
    });
    worst = Math.max(worst, code);
    if (code > 1 || controller.signal.aborted) break;
    process.stdout.write(`\nThe demo letters are in ${run.folder}/letters (open any PDF).\n\n`);
  }
  process.exitCode = worst;
} finally {
  await sim.close();
}
