import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GenerateInput, resolveGenerateSettings } from "../../../src/config/generate-settings.js";

const TOKEN = "0123456789ABCDEF0123456789ABCDEF";
const SHAPE = "a REDCap API token is 32 characters (64 for a super token), digits 0-9 and letters A-F";
const realFiles = {
  readFile: (path: string) => readFile(path),
  statFile: async (path: string) => {
    const s = await stat(path);
    return { mode: s.mode, isFile: s.isFile() };
  },
};

function given(flags: GenerateInput["flags"], env: GenerateInput["env"], platform = "linux"): GenerateInput {
  return {
    flags: { roster: "r.csv", apiUrl: "https://r.example.edu/api/", ...flags },
    env,
    cwd: "/w",
    platform,
    ...realFiles,
  };
}

async function message(input: GenerateInput): Promise<string> {
  try {
    await resolveGenerateSettings(input);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
}

describe("the API token from REDCAP_API_TOKEN", () => {
  it.each([
    [TOKEN, TOKEN],
    [`  ${TOKEN}\n`, TOKEN],
    [TOKEN + TOKEN, TOKEN + TOKEN],
  ])("accepts a well-shaped token", async (value, token) => {
    expect((await resolveGenerateSettings(given({}, { REDCAP_API_TOKEN: value }))).token).toBe(token);
  });

  it.each([
    [TOKEN.slice(1), `the API token is 31 characters long; ${SHAPE}`],
    [
      TOKEN.toLowerCase(),
      `the API token has lowercase letters; ${SHAPE} in uppercase — copy it again from REDCap's API page`,
    ],
    [`"${TOKEN}"`, `the API token is wrapped in quotes; remove them (${SHAPE})`],
    [`${TOKEN.slice(0, 16)} ${TOKEN.slice(16)}`, `the API token contains spaces or line breaks; ${SHAPE}`],
    [
      `${TOKEN.slice(0, 30)}XZ`,
      `the API token is 32 characters long and 2 of them are not 0-9 or A-F; ${SHAPE}`,
    ],
  ])("describes a bad token without showing it (%#)", async (value, problem) => {
    const text = await message(given({}, { REDCAP_API_TOKEN: value }));
    expect(text).toBe(
      `The settings have 1 problem to fix:\n  - environment variable REDCAP_API_TOKEN: ${problem}`,
    );
  });

  it("never shows the token it was given, whatever its shape", async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[0-9A-Za-z"' ]{8,70}$/), async (value) => {
        const text = await message(given({}, { REDCAP_API_TOKEN: value })).catch(() => "");
        expect(text).not.toContain(value.trim());
      }),
      { numRuns: 300 },
    );
  });

  it("hides a token pasted into another setting", async () => {
    const text = await message(given({ apiUrl: TOKEN, timeout: TOKEN }, { REDCAP_API_TOKEN: TOKEN }));
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('--timeout: "[hidden: looks like an API token]" is not a duration');
  });
});

describe("--token-file", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "token-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads a private file, trimmed, and wins over the environment", async () => {
    const file = join(dir, "ok.token");
    await writeFile(file, `${TOKEN}\n`);
    await chmod(file, 0o600);
    const other = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";
    expect(
      (await resolveGenerateSettings(given({ tokenFile: file }, { REDCAP_API_TOKEN: other }))).token,
    ).toBe(TOKEN);
  });

  it.skipIf(process.platform === "win32")(
    "refuses a file other users can read, and says how to fix it",
    async () => {
      const file = join(dir, "open.token");
      await writeFile(file, TOKEN);
      await chmod(file, 0o644);
      expect(await message(given({ tokenFile: file }, {}))).toBe(
        "The settings have 1 problem to fix:\n" +
          `  - --token-file: the token file ${file} can be opened by other users of this computer (mode 0644); make it private with: chmod 600 ${file}`,
      );
      await chmod(file, 0o640);
      expect(await message(given({ tokenFile: file }, {}))).toContain("(mode 0640)");
    },
  );

  it("skips the mode check on Windows", async () => {
    const file = join(dir, "win.token");
    await writeFile(file, TOKEN);
    await chmod(file, 0o644);
    expect((await resolveGenerateSettings(given({ tokenFile: file }, {}, "win32"))).token).toBe(TOKEN);
  });

  it.each([
    ["missing.token", "cannot read the token file {file}: it does not exist"],
    ["", "the token file {file} is not a file"],
  ])("refuses %j", async (name, problem) => {
    const file = join(dir, name);
    expect(await message(given({ tokenFile: file }, {}))).toContain(
      `--token-file: ${problem.replace("{file}", file)}`,
    );
  });

  it("describes a bad token in the file without showing it", async () => {
    const file = join(dir, "short.token");
    await writeFile(file, TOKEN.slice(2));
    await chmod(file, 0o600);
    const text = await message(given({ tokenFile: file }, {}));
    expect(text).toContain(
      `--token-file: the API token is 30 characters long; ${SHAPE} (in the token file ${file})`,
    );
    expect(text).not.toContain(TOKEN.slice(2));
  });
});
