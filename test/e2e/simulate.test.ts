import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { packagePath } from "../../src/paths.js";
import { runBuiltCli } from "../helpers/run-cli.js";

// `redcap-packets simulate`: a rehearsal REDCap on loopback, stopped with Ctrl-C.

describe("redcap-packets simulate", () => {
  it("prints an API URL and a token that work, answers as REDCap, and stops on Ctrl-C", async () => {
    const child = spawn(
      process.execPath,
      [packagePath("bin", "redcap-packets.js"), "simulate", "--latency", "5ms"],
      {
        cwd: packagePath(),
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    const ready = new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes("Press Ctrl-C to stop.")) resolve();
      });
    });
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    await ready;
    const apiUrl = /API URL: (\S+)/.exec(stdout)?.[1] ?? "";
    const token = /token: +([0-9A-F]{32})/.exec(stdout)?.[1] ?? "";
    expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);

    const post = (body: Record<string, string>) =>
      fetch(apiUrl, { method: "POST", body: new URLSearchParams({ token, returnFormat: "json", ...body }) });
    const version = await post({ content: "version" });
    expect(version.status).toBe(200);
    expect(await version.text()).toBe("15.7.6");
    const missing = await post({ content: "surveyLink", instrument: "baseline_survey" });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toBe(`{"error":"The parameter 'record' is missing"}`);
    expect((await fetch(apiUrl)).status).toBe(501);

    child.kill("SIGINT");
    expect(await closed).toBe(0);
    expect(stdout).toContain("Stopping the simulator.");
  });

  it("refuses an unknown fault profile with the ones it knows (exit 2)", async () => {
    const result = await runBuiltCli(["simulate", "--faults", "chaos"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown fault profile");
    expect(result.stderr).toContain("none, flaky");
  });
});
