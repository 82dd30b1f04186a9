import { isAbsolute, relative, sep } from "node:path";
import { resolveSimulateSettings } from "../config/index.js";
import { packagePath } from "../paths.js";
import { FAULT_PROFILES, loadProjectFile, pickDisplayToken, startSimulator } from "../simulator/index.js";
import { type CliIo, writeLine } from "./io.js";

export async function runSimulateCommand(
  flags: Record<string, string | boolean | undefined>,
  io: CliIo,
): Promise<number> {
  const settings = resolveSimulateSettings({
    flags,
    cwd: io.cwd,
    defaultProjectFile: packagePath("fixtures", "demo-project.json"),
    faultProfiles: Object.keys(FAULT_PROFILES),
  });
  const project = await loadProjectFile(settings.projectFile);
  const sim = await startSimulator({
    project,
    port: settings.port,
    ...(settings.latencyMs === undefined ? {} : { latencyMs: settings.latencyMs }),
    ...(settings.ban === undefined ? {} : { ban: settings.ban }),
    ...(settings.seed === undefined ? {} : { seed: settings.seed }),
    ...(settings.faults === undefined ? {} : { profile: settings.faults }),
  });
  writeLine(io.stdout, `REDCap simulator (a rehearsal server: no real participant data) is listening.`);
  writeLine(io.stdout, `  API URL: ${sim.apiUrl}`);
  // A simulator token opens only this rehearsal project, so showing it is safe and is the point.
  writeLine(io.stdout, `  token:   ${pickDisplayToken(project)}`);
  writeLine(
    io.stdout,
    `Try:  REDCAP_API_TOKEN=<token> ${tryCommand(io.cwd)} --api-url ${sim.apiUrl} --instrument baseline_survey`,
  );
  writeLine(io.stdout, `Press Ctrl-C to stop.`);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    io.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  writeLine(io.stdout, "Stopping the simulator.");
  await sim.close();
  return 0;
}

/**
 * `generate` for the bundled demo roster, as typed where the simulator was started: inside the
 * repository through npx and a relative path; elsewhere (an installed command) by the command's name
 * on the PATH, since npx there would look the name up in the public registry, and the roster's place
 * in the installed package.
 */
function tryCommand(cwd: string): string {
  const roster = packagePath("fixtures", "demo-roster.csv");
  const fromPackage = relative(packagePath(), cwd);
  if (fromPackage !== ".." && !fromPackage.startsWith(`..${sep}`) && !isAbsolute(fromPackage)) {
    return `npx redcap-packets generate --roster ${relative(cwd, roster)}`;
  }
  return `redcap-packets generate --roster ${roster.includes(" ") ? `"${roster}"` : roster}`;
}
