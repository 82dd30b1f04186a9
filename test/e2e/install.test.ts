import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { delimiter, dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { resumeUrl } from "../../src/links.js";
import { packagePath } from "../../src/paths.js";
import { loadProjectFile, startSimulator } from "../../src/simulator/index.js";
import { startLockfileRegistry } from "../helpers/lockfile-registry.js";
import { printedQrCodes } from "../helpers/printed.js";
import { type CliResult, finished, tempDir } from "../helpers/run-cli.js";

// Installed once, run from any folder: the tarball `npm pack` makes, installed with `npm install -g`
// into a temporary prefix, runs from a folder outside the repository: templates, fixtures and fonts
// come from the installed package, the roster and the run folder from where the command runs.

const execFileAsync = promisify(execFile);

/** The roster's rows: a Spanish letter (letter.es.md) and a Chinese name (the CJK fonts). */
const ROSTER = `record_id,first_name,last_name,address_1,address_2,city,state,postal_code,language
0001,Maria,Hernández López,1420 Calle Ocho,Apt 3B,Miami,FL,33135,es
0002,James,O'Connor,88 Birch Lane,,Nashville,TN,37203,en
0006,小明,王,168 Grand Street,,New York,NY,10013,en
`;

/** What a user's shell gives the installed command: PATH (with this node first, for its shebang). */
function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  const path = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`;
  return { PATH: path, HOME: process.env.HOME ?? "", ...extra };
}

/** `npm pack`, without the `prepare` build: `npm test` has built dist/, and a build now would
 * rewrite dist/ under the other end-to-end tests running it. */
async function pack(destination: string): Promise<{ tarball: string; files: string[] }> {
  if (!existsSync(packagePath("dist", "cli.js"))) {
    throw new Error("dist/cli.js is missing: run `npm run build` (npm test does it) first");
  }
  const args = ["pack", "--ignore-scripts", "--json", "--pack-destination", destination];
  const { stdout } = await execFileAsync("npm", args, { cwd: packagePath() });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (!packed) throw new Error(`npm pack said nothing: ${stdout}`);
  return { tarball: join(destination, packed.filename), files: packed.files.map((file) => file.path) };
}

async function run(
  bin: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<CliResult> {
  return finished(spawn(bin, args, { cwd, env: userEnv(env), stdio: ["ignore", "pipe", "pipe"] }));
}

describe("the installed command", () => {
  it("installs from the packed tarball and runs --help, simulate and generate from another folder, printing each participant's link", async () => {
    const tmp = await tempDir("install");
    const registry = await startLockfileRegistry();
    const simulator = { kill: () => {} };
    try {
      const { tarball, files } = await pack(tmp);
      // The program and what it reads at run time; nothing of the repository's own (src/, test/,
      // output/, test rosters).
      expect(new Set(files.map((file) => file.split("/")[0]))).toEqual(
        new Set(["package.json", "README.md", "bin", "dist", "templates", "fixtures"]),
      );
      expect(files.filter((file) => file.startsWith("fixtures/")).sort()).toEqual([
        "fixtures/demo-project.json",
        "fixtures/demo-roster.csv",
      ]);

      const prefix = join(tmp, "prefix");
      const install = ["install", "--global", "--prefix", prefix, tarball, "--registry", registry.url];
      await execFileAsync("npm", [...install, "--no-audit", "--no-fund", "--no-update-notifier"], {
        cwd: tmp,
      });
      const bin = join(prefix, "bin", "redcap-packets");

      const work = join(tmp, "study");
      await mkdir(work);
      const help = await run(bin, ["--help"], work, {});
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toMatch(/Usage: redcap-packets/);

      const child = spawn(bin, ["simulate", "--port", "0"], {
        cwd: work,
        env: userEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      });
      simulator.kill = () => child.kill("SIGINT");
      const closed = new Promise<number | null>((done) => child.on("close", done));
      let said = "";
      await new Promise<void>((ready, failed) => {
        child.stdout.on("data", (chunk: Buffer) => {
          said += chunk.toString();
          if (said.includes("Press Ctrl-C to stop.")) ready();
        });
        child.on("close", (code) => failed(new Error(`simulate ended (${code}) before it was ready`)));
      });
      const apiUrl = /API URL: (\S+)/.exec(said)?.[1] ?? "";
      const token = /token: +([0-9A-F]{32})/.exec(said)?.[1] ?? "";
      expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
      // Its suggestion works from here: the installed command's name, the roster inside the package.
      const tryRoster = /Try: .* redcap-packets generate --roster (\S+)/.exec(said)?.[1] ?? "";
      expect(said).not.toContain("npx");
      expect(existsSync(resolve(work, tryRoster))).toBe(true);

      await writeFile(join(work, "roster.csv"), ROSTER);
      const args = [
        "generate",
        "--roster",
        "roster.csv",
        "--api-url",
        apiUrl,
        "--instrument",
        "baseline_survey",
      ];
      const generate = await run(bin, args, work, { REDCAP_API_TOKEN: token });
      expect(generate.code, generate.stderr).toBe(0);

      const out = join(work, "output", "roster");
      const letters = (await readdir(join(out, "letters"))).filter((file) => file.endsWith(".pdf"));
      expect(letters).toHaveLength(3);
      expect(await readdir(join(out, "print"))).toEqual([expect.stringMatching(/^letters_.*\.pdf$/)]);
      const manifest = parse(await readFile(join(out, "manifest.csv")), { columns: true }) as {
        status: string;
      }[];
      expect(manifest.map((row) => row.status)).toEqual(["ok", "ok", "ok"]);
      expect(existsSync(join(prefix, "lib", "node_modules", "redcap-packets", "output"))).toBe(false);
      // The print file, made by the installed package: each participant's resume link, in roster
      // order. Expected from a simulator started here on the installed project with the same default
      // seed (the same codes), under the origin of the one `simulate` started.
      const installed = join(prefix, "lib", "node_modules", "redcap-packets");
      const oracle = await startSimulator({
        project: await loadProjectFile(join(installed, "fixtures", "demo-project.json")),
        port: 0,
      });
      let expected: string[];
      try {
        expected = ["0001", "0002", "0006"].map((recordId) => {
          const codes = oracle.codesFor({ recordId, instrument: "baseline_survey", repeatInstance: 1 });
          return resumeUrl(codes.surveyLink, codes.returnCode).replace(oracle.origin, new URL(apiUrl).origin);
        });
      } finally {
        await oracle.close();
      }
      expect(await printedQrCodes(out)).toEqual([expected]);

      simulator.kill();
      expect(await closed).toBe(0);
    } finally {
      simulator.kill();
      await registry.close();
      await rm(tmp, { recursive: true, force: true });
    }
  }, 180_000);
});
