import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/program.js";
import { packagePath } from "../../../src/paths.js";

// The simulator's start-up hint teaches the habit a real token needs: the token in a private file and
// --token-file, never on a command line (REDCAP_API_TOKEN=… in front of a command lands in the history).

describe("redcap-packets simulate, in process", () => {
  it("hints with --token-file and a private token file, removed when it stops", async () => {
    const stdout = new PassThrough();
    let said = "";
    const ready = new Promise<void>((resolve) => {
      stdout.on("data", (chunk: Buffer) => {
        said += chunk.toString();
        if (said.includes("Press Ctrl-C to stop.")) resolve();
      });
    });
    const stop = new AbortController();
    const done = runCli({
      argv: ["simulate", "--port", "0"],
      env: {},
      cwd: packagePath(),
      platform: "linux",
      stdout,
      stderr: new PassThrough(),
      signal: stop.signal,
      owner: { pid: 1, isAlive: () => true },
    });
    await ready;
    const lines = said.split("\n");
    const apiUrl = /^ {2}API URL: (\S+)$/.exec(lines[1] ?? "")?.[1] ?? "";
    const token = /^ {2}token: {3}([0-9A-F]{32})$/.exec(lines[2] ?? "")?.[1] ?? "";
    const file = / file only you can read: (\S+)$/.exec(lines[3] ?? "")?.[1] ?? "";
    expect(token).toMatch(/^[0-9A-F]{32}$/);
    expect(lines[4]).toBe(
      `Try:  npx redcap-packets generate --roster fixtures/demo-roster.csv --api-url ${apiUrl} ` +
        `--instrument baseline_survey --token-file ${file}`,
    );
    // No line but the one that shows the token itself holds it, and none sets REDCAP_API_TOKEN.
    expect(lines.filter((line) => line.includes(token))).toEqual([lines[2]]);
    expect(said).not.toContain("REDCAP_API_TOKEN=");
    expect(await readFile(file, "utf8")).toBe(token);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    stop.abort();
    expect(await done).toBe(0);
    expect(existsSync(file)).toBe(false);
  });
});
