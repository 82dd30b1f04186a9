import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, sep } from "node:path";
import { resolveSimulateSettings } from "../config/index.js";
import { reason } from "../config/token.js";
import { ConfigError } from "../errors.js";
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
  const token = pickDisplayToken(project);
  // Written first: nothing can fail between starting the server and the finally that stops it.
  const tokenFile = await writeTokenFile(token);
  try {
    const sim = await startSimulator({
      project,
      port: settings.port,
      ...(settings.latencyMs === undefined ? {} : { latencyMs: settings.latencyMs }),
      ...(settings.ban === undefined ? {} : { ban: settings.ban }),
      ...(settings.seed === undefined ? {} : { seed: settings.seed }),
      ...(settings.faults === undefined ? {} : { profile: settings.faults }),
    });
    try {
      printStartHint(io, sim.apiUrl, token, tokenFile.path);
      await new Promise<void>((resolve) => {
        if (io.signal.aborted) resolve();
        io.signal.addEventListener("abort", () => resolve(), { once: true });
      });
      writeLine(io.stdout, "Stopping the simulator.");
    } finally {
      await sim.close();
    }
  } finally {
    await tokenFile.remove();
  }
  return 0;
}

function printStartHint(io: CliIo, apiUrl: string, token: string, tokenFile: string): void {
  writeLine(io.stdout, `REDCap simulator (a rehearsal server: no real participant data) is listening.`);
  writeLine(io.stdout, `  API URL: ${apiUrl}`);
  // A simulator token opens only this rehearsal project, so showing it is safe and is the point.
  writeLine(io.stdout, `  token:   ${token}`);
  writeLine(io.stdout, `  the same token in a file only you can read: ${quoted(tokenFile)}`);
  // The hint shows the habit a real token needs: in a private file, never on a command line, where
  // other users and the shell's history would see it (README, "Making letters from your REDCap").
  writeLine(
    io.stdout,
    `Try:  ${tryCommand(io.cwd)} --api-url ${apiUrl} --instrument baseline_survey --token-file ${quoted(tokenFile)}`,
  );
  writeLine(io.stdout, `Press Ctrl-C to stop.`);
}

/**
 * The simulator's token in a private file, so the hint can use --token-file as a real run should.
 * Removed when the simulator stops (a second Ctrl-C leaves it: it opens only this rehearsal server).
 */
async function writeTokenFile(token: string): Promise<{ path: string; remove: () => Promise<void> }> {
  let folder: string | undefined;
  try {
    folder = await mkdtemp(join(tmpdir(), "redcap-packets-simulator-"));
    const path = join(folder, "token");
    await writeFile(path, token, { mode: 0o600 });
    const made = folder;
    return { path, remove: () => rm(made, { recursive: true, force: true }) };
  } catch (cause) {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
    throw new ConfigError(
      `cannot write the simulator's token file in ${tmpdir()} (${reason(cause)}): ` +
        "set TMPDIR to a folder you can write to",
      { cause },
    );
  }
}

function quoted(path: string): string {
  return path.includes(" ") ? `"${path}"` : path;
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
  return `redcap-packets generate --roster ${quoted(roster)}`;
}
