import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packagePath } from "../../src/paths.js";
import { runCliInProcess } from "../helpers/in-process-cli.js";
import { runBuiltCli, tempDir } from "../helpers/run-cli.js";

// Every roster of the corpus that stops the run, given to the command as a user would: exit 2, the
// corpus's message on stderr, and never a stack trace. The first goes to the built command in a
// process of its own; the others to the same command line in this process (a process each would
// add a node start-up apiece to the suite and test nothing more).

const TOKEN = "0123456789ABCDEF0123456789ABCDEF";
const DIR = packagePath("fixtures", "bad-rosters");
const CASES = JSON.parse(readFileSync(join(DIR, "cases.json"), "utf8")) as { file: string; stops?: string }[];
const STOPS = CASES.filter((c) => c.stops !== undefined);

describe("the command with a roster that cannot be read", () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it.each(STOPS.map((c) => [c.file, c.stops ?? ""]))(
    "%s: exit 2, the message, no stack trace",
    async (file, stops) => {
      const out = await tempDir("bad-roster");
      folders.push(out);
      const roster = join(DIR, file);
      const args = [
        "generate",
        "--roster",
        roster,
        "--api-url",
        "http://127.0.0.1:9/api/",
        "--instrument",
        "s",
      ];
      const argv = [...args, "--out", out, "--dry-run"];
      const result =
        file === STOPS[0]?.file
          ? await runBuiltCli(argv, { env: { REDCAP_API_TOKEN: TOKEN } })
          : await runCliInProcess(argv, { env: { REDCAP_API_TOKEN: TOKEN }, cwd: out });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(stops.replaceAll("<file>", roster));
      expect(result.stderr + result.stdout).not.toMatch(/\n\s+at /);
      expect(result.stderr + result.stdout).not.toContain(TOKEN);
    },
  );
});
