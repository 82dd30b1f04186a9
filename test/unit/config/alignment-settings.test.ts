import { describe, expect, it } from "vitest";
import { type AlignmentInput, resolveAlignmentSettings } from "../../../src/config/alignment-settings.js";
import { kitChoices } from "../../../src/config/print-choices.js";
import { ConfigError, UsageError } from "../../../src/errors.js";
import { type FakeFile, fakeFiles } from "./fake-files.js";

const CWD = "/home/ana/study";
const CONFIG = "/home/ana/study/redcap-packets.config.json";

function input(flags: AlignmentInput["flags"], files: Record<string, FakeFile> = {}): AlignmentInput {
  return { flags, cwd: CWD, ...fakeFiles(files) };
}

async function failure(given: AlignmentInput): Promise<Error> {
  try {
    await resolveAlignmentSettings(given);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the settings to be refused");
}

describe("resolveAlignmentSettings", () => {
  it("defaults to the bundled template's paper and envelope", async () => {
    expect(await resolveAlignmentSettings(input({}))).toEqual({
      templateFile: undefined,
      language: undefined,
      outFile: "/home/ana/study/output/alignment.pdf",
      paper: undefined,
      envelope: undefined,
      configFile: undefined,
    });
  });

  it("reads every flag", async () => {
    const settings = await resolveAlignmentSettings(
      input({ template: "t/letter.json", language: "es", out: "a.pdf", paper: "A4", envelope: "din5008a" }),
    );
    expect(settings).toEqual({
      templateFile: "/home/ana/study/t/letter.json",
      language: "es",
      outFile: "/home/ana/study/a.pdf",
      paper: "a4",
      envelope: "din5008a",
      configFile: undefined,
    });
  });

  it("takes template, paper and envelope from generate's settings file, but not its run folder", async () => {
    const content = JSON.stringify({ template: "t/letter.json", paper: "a4", envelope: "dl", out: "runs/x" });
    const settings = await resolveAlignmentSettings(
      input({ envelope: "din5008b" }, { [CONFIG]: { content } }),
    );
    expect(settings).toEqual({
      templateFile: "/home/ana/study/t/letter.json",
      language: undefined,
      outFile: "/home/ana/study/output/alignment.pdf",
      paper: "a4",
      envelope: "din5008b",
      configFile: CONFIG,
    });
  });

  it("refuses values it does not know, naming the valid ones", async () => {
    const error = await failure(input({ paper: "legal", envelope: "window" }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      "The alignment settings have 2 problems to fix:\n" +
        '  - --paper: unknown paper size "legal"; expected one of letter, a4\n' +
        '  - --envelope: unknown envelope "window"; expected one of us10, din5008a, din5008b, dl, none',
    );
  });

  it("names the settings file a bad value came from", async () => {
    const content = JSON.stringify({ envelope: "c6" });
    const error = await failure(
      input({ config: "packets.json" }, { "/home/ana/study/packets.json": { content } }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      "The alignment settings have 1 problem to fix:\n" +
        '  - config file /home/ana/study/packets.json, key "envelope": unknown envelope "c6"; ' +
        "expected one of us10, din5008a, din5008b, dl, none",
    );
  });
});

describe("kitChoices", () => {
  it.each([
    [{ templateFile: undefined, paper: undefined, envelope: undefined }, {}],
    [
      { templateFile: "/t.json", paper: undefined, envelope: "none" as const },
      { templateFile: "/t.json", envelope: "none" },
    ],
    [{ templateFile: undefined, paper: "a4" as const, envelope: undefined }, { paper: "a4" }],
  ])("passes only the keys given: %j", (settings, options) => {
    const choices = kitChoices(settings);
    expect(choices).toEqual(options);
    // exactOptionalPropertyTypes: loadLetterKit's options are absent, never undefined.
    expect(Object.values(choices)).not.toContain(undefined);
  });
});
