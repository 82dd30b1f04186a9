import { tmpdir } from "node:os";
import { PassThrough } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/program.js";
import { runCliInProcess } from "../../helpers/in-process-cli.js";

// The command line's usual mistakes, through the whole program in process: what was wrong, by name,
// and what to do. The token never comes back, whichever way it was typed.

const TOKEN = "0123456789ABCDEF0123456789ABCDEF";
const HINT = "(add --help for the options)\n";
const TOKEN_ADVICE =
  "a token on the command line is visible to every user of this computer and stays in the shell's history. " +
  "Set REDCAP_API_TOKEN, or write the token to a file only you can read (chmod 600) and give --token-file FILE";

function collect(): PassThrough & { text(): string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString("utf8") });
}

async function run(argv: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const stderr = collect();
  const stdout = collect();
  const code = await runCli({
    argv,
    env: {},
    cwd: "/nonexistent-folder-for-this-test",
    platform: "linux",
    stdout,
    stderr,
    signal: new AbortController().signal,
    owner: { pid: 1, isAlive: () => true },
  });
  return { code, stderr: stderr.text(), stdout: stdout.text() };
}

describe("stray arguments are named, with the fix", () => {
  it.each([
    [
      ["generate", "--roster", "my", "roster.csv", "--api-url", "https://x.edu/api/"],
      'error: generate got an argument that no option takes: "roster.csv". If it belongs to the value before it, put the whole value in quotes: --roster "my roster.csv"\n',
    ],
    [
      ["generate", "--roster", "r.csv", "--sort-by", "postal", "code", "now"],
      'error: generate got 2 arguments that no option takes: "code", "now". If they belong to the value before them, put the whole value in quotes: --sort-by "postal code now"\n',
    ],
    [
      ["generate", "wave1.csv", "--roster", "r.csv"],
      'error: generate got an argument that no option takes: "wave1.csv". Every value goes after its option (generate --help lists them); a value with spaces must be in quotes\n',
    ],
    [
      ["generate", "--dry-run", "a", "b", "c", "d", "e", "f"],
      'error: generate got 6 arguments that no option takes: "a", "b", "c", "d", "e" and 1 more. Every value goes after its option (generate --help lists them); a value with spaces must be in quotes\n',
    ],
    [
      ["simulate", "--port", "8080", "extra"],
      'error: simulate got an argument that no option takes: "extra". If it belongs to the value before it, put the whole value in quotes: --port "8080 extra"\n',
    ],
    [
      ["alignment", "--out", "my", "page.pdf"],
      'error: alignment got an argument that no option takes: "page.pdf". If it belongs to the value before it, put the whole value in quotes: --out "my page.pdf"\n',
    ],
    [
      ["generate", "--roster", "r.csv", TOKEN],
      'error: generate got an argument that no option takes: "[hidden: looks like an API token]". If it belongs to the value before it, put the whole value in quotes: --roster "r.csv [hidden: looks like an API token]"\n',
    ],
  ])("%j", async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(message);
  });
});

describe("a token option points to REDCAP_API_TOKEN and --token-file, and never echoes the value", () => {
  it.each([
    [["generate", "--token", TOKEN, "--roster", "r.csv"], "--token"],
    [["generate", `--token=${TOKEN}`, "--roster", "r.csv"], "--token"],
    [["generate", "--roster", "r.csv", "--api-token", TOKEN], "--api-token"],
    [["reprint", "--out", "run", `--token=${TOKEN}`, "0001"], "--token"],
    [["simulate", "--api-key=secret-value"], "--api-key"],
  ])("%j", async (argv, option) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: there is no ${option} option: ${TOKEN_ADVICE}\n${HINT}`);
    expect(result.stderr + result.stdout).not.toContain("0123");
    expect(result.stderr).not.toContain("secret");
  });
});

describe("the token typed where a file name or a value goes is never shown", () => {
  const api = ["--api-url", "http://127.0.0.1:9/api/", "--instrument", "s"];
  it.each([
    [["generate", "--roster", "r.csv", ...api, "--token-file", TOKEN]],
    [["generate", "--roster", TOKEN, ...api, "--dry-run"]],
    [["generate", "--roster", "r.csv", ...api, "--config", TOKEN]],
  ])("%j", async (argv) => {
    // With a token in the environment, so that each gets as far as the value it misreads.
    const env = { REDCAP_API_TOKEN: "FEDCBA9876543210FEDCBA9876543210" };
    const result = await runCliInProcess(argv, { env, cwd: tmpdir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr + result.stdout).not.toMatch(/[0-9A-F]{16}/);
  });

  it("--token-file given the token itself says what the option takes", async () => {
    const result = await run(["generate", "--roster", "r.csv", ...api, "--token-file", TOKEN]);
    expect(result.stderr).toContain(
      "--token-file takes the name of a file that holds the token, not the token",
    );
  });
});

describe("other commander errors", () => {
  it("an unknown option with a value: the name and commander's suggestion, never the value", async () => {
    const result = await run(["generate", "--rooster=private/ana.csv"]);
    expect(result.code).toBe(2);
    // commander suggests from the whole "--rooster=…" text, so a long value can hide the suggestion.
    expect(
      result.stderr.startsWith("error: unknown option '--rooster' (the value after its = is not shown)\n"),
    ).toBe(true);
    expect(result.stderr.endsWith(HINT)).toBe(true);
    expect(result.stderr).not.toContain("ana");
  });

  it("hides a token typed where a command belongs", async () => {
    const result = await run([TOKEN]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: unknown command '[hidden: looks like an API token]'\n${HINT}`);
  });
});

describe("any command line", () => {
  // Words a confused user types, the token among them in every way it could be given.
  const word = fc.oneof(
    fc.constantFrom(
      "--roster",
      "r.csv",
      "--api-url",
      "https://redcap.example.edu/api",
      "--instrument",
      "--token",
      "--token-file",
      `--token=${TOKEN}`,
      TOKEN,
      "--records",
      "--dry-run",
      "--delimiter",
      "--concurrency",
      "--",
      "-t",
      "=",
      "my roster.csv",
    ),
    // Help is a success (exit 0), not a mistake.
    fc.string({ maxLength: 12 }).filter((w) => !w.startsWith("-h") && w !== "--help"),
  );

  it("ends with one message and exit 2, never a stack trace or the token", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 8 }), async (words) => {
        const result = await run(["generate", ...words]);
        const said = result.stderr + result.stdout;
        expect(result.code).toBe(2);
        expect(said).not.toContain(TOKEN);
        expect(said).not.toMatch(/\n\s+at /);
        expect(said).not.toContain("unexpected error");
      }),
      { numRuns: 150 },
    );
  });
});
