import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packagePath } from "../../src/paths.js";
import { startDemo } from "../helpers/demo.js";
import { expectInOrder } from "../helpers/in-order.js";
import { pdfText } from "../helpers/pdf.js";
import { runBuiltCli, tempDir } from "../helpers/run-cli.js";

// The public contract of cli.md: help a coordinator can follow, and exit 2 with a message that
// says what to fix for every set-up problem, before anything is fetched.

const ROSTER = packagePath("fixtures", "demo-roster.csv");
const TOKEN = "0123456789ABCDEF0123456789ABCDEF";

/** generate with a good token and a loopback URL nothing listens on: for problems found before any request. */
function generateOffline(roster: string) {
  const args = ["generate", "--roster", roster, "--api-url", "http://127.0.0.1:9/api/", "--instrument", "s"];
  return runBuiltCli(args, { env: { REDCAP_API_TOKEN: TOKEN } });
}

describe("the command line", () => {
  it.each([["--help"], ["generate", "--help"], ["simulate", "--help"]])(
    "%s explains itself and exits 0",
    async (...args) => {
      const result = await runBuiltCli(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Usage: redcap-packets/);
    },
  );

  it("generate --help tells how to give the token safely", async () => {
    const result = await runBuiltCli(["generate", "--help"]);
    expect(result.stdout).toContain("REDCAP_API_TOKEN");
    expect(result.stdout).toContain("--token-file");
  });

  it("no command at all shows the help as a usage error (exit 2)", async () => {
    const result = await runBuiltCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain("Usage: redcap-packets");
  });

  it("an unknown flag is a usage error (exit 2)", async () => {
    const result = await runBuiltCli(["generate", "--rooster", "x.csv"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--rooster'");
  });

  it("refuses a plain-http API URL that is not on this computer", async () => {
    const args = [
      "generate",
      "--roster",
      ROSTER,
      "--api-url",
      "http://redcap.example.edu/api/",
      "--instrument",
      "s",
    ];
    const result = await runBuiltCli(args, { env: { REDCAP_API_TOKEN: TOKEN } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/https/);
  });

  it("says where to put the token when there is none, and never echoes a bad one", async () => {
    const args = [
      "generate",
      "--roster",
      ROSTER,
      "--api-url",
      "https://redcap.example.edu/api/",
      "--instrument",
      "s",
    ];
    const missing = await runBuiltCli(args);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("REDCAP_API_TOKEN");
    const secret = "0123456789abcdef0123456789abcdeZ";
    const bad = await runBuiltCli(args, { env: { REDCAP_API_TOKEN: secret } });
    expect(bad.code).toBe(2);
    expect(bad.stderr + bad.stdout).not.toContain(secret);
  });

  it("stops before fetching any participant's code when the roster lacks a column the template needs", async () => {
    // A REDCap that answers (the demo's simulator), not the address nothing listens on: the check
    // reports the project's findings with the roster's, and retrying a refused connection added
    // seconds of back-off to a case about columns.
    const demo = await startDemo();
    try {
      const roster = packagePath("fixtures", "rosters", "awkward-bom-crlf.csv");
      const args = ["generate", "--roster", roster, "--api-url", demo.sim.apiUrl, "--instrument", "s"];
      const result = await runBuiltCli(args, { env: { REDCAP_API_TOKEN: demo.token } });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("awkward-bom-crlf.csv lacks columns the letter template uses");
      expect(result.stderr).toMatch(/letter\.md needs "state", "postal_code"/);
      // Only the check's one probe per survey the roster names (baseline_survey, followup_survey).
      const codeRequests = ["surveyAccessCode", "surveyLink", "participantList", "surveyReturnCode"];
      expect(codeRequests.map((m) => demo.sim.stats.count(m))).toEqual([0, 0, 0, 2]);
    } finally {
      await demo.sim.close();
    }
  });

  it("a REDCap that does not answer stops the run before anything is fetched (exit 2)", async () => {
    const result = await generateOffline(ROSTER);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "error: Could not check the project before fetching codes. REDCap's address refused the connection (ECONNREFUSED): check --api-url",
    );
    // A roster with problems of its own: they are reported with the server's silence, in one report.
    const both = await generateOffline(packagePath("fixtures", "rosters", "awkward-bom-crlf.csv"));
    expect(both.code).toBe(2);
    expectInOrder(both.stderr, [
      "awkward-bom-crlf.csv lacks columns the letter template uses",
      "Could not check the project before fetching codes. REDCap's address refused the connection (ECONNREFUSED)",
    ]);
  });

  it("alignment writes a private test page that shows the envelope window", async () => {
    const out = join(await tempDir("align"), "align.pdf");
    const result = await runBuiltCli(["alignment", "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(out);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect((await pdfText(await readFile(out))).join(" ")).toContain("Envelope alignment test");
  });

  it("names the file when the roster has no record_id column", async () => {
    const dir = await tempDir("contract");
    const roster = join(dir, "people.csv");
    await writeFile(roster, "Study ID,name\n1,Ana\n");
    const result = await generateOffline(roster);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("people.csv");
    expect(result.stderr).toContain("record_id");
  });
});
