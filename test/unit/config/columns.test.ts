import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/program.js";
import { type GenerateInput, resolveGenerateSettings } from "../../../src/config/generate-settings.js";
import { ConfigError, UsageError } from "../../../src/errors.js";
import { fakeFiles } from "./fake-files.js";

// --columns, --paper and --envelope, from the command line and from the settings file.

const TOKEN = "0123456789ABCDEF0123456789ABCDEF";
const CWD = "/home/ana/study";
const CONFIG = "/home/ana/study/redcap-packets.config.json";
const BASE = { roster: "r.csv", apiUrl: "https://redcap.example.edu/api/" };

function input(flags: GenerateInput["flags"], config?: object): GenerateInput {
  const files = config === undefined ? {} : { [CONFIG]: { content: JSON.stringify(config) } };
  return {
    flags: { ...BASE, ...flags },
    env: { REDCAP_API_TOKEN: TOKEN },
    cwd: CWD,
    platform: "linux",
    ...fakeFiles(files),
  };
}

async function failure(given: GenerateInput): Promise<Error> {
  try {
    await resolveGenerateSettings(given);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the settings to be refused");
}

/** A stream that keeps what is written to it. */
function collect(): PassThrough & { text(): string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString("utf8") });
}

const one = (where: string, message: string) =>
  `The settings have 1 problem to fix:\n  - ${where}: ${message}`;
const SHAPE = "expected NAME=COLUMN, the template's name then the roster's column, e.g. postal_code=zip";

describe("--columns", () => {
  it.each([
    ["one pair", "postal_code=zip", [["postal_code", "zip"]]],
    [
      "pairs with spaces and empty items",
      " postal_code = zip ,, address_1=street, ",
      [
        ["postal_code", "zip"],
        ["address_1", "street"],
      ],
    ],
    ["the same pair twice, once", "postal_code=zip,postal_code=zip", [["postal_code", "zip"]]],
    ["a reserved column as the value", "participant=record_id", [["participant", "record_id"]]],
    ["a reserved name mapped to itself", "language=language", [["language", "language"]]],
    ["names in NFC, as the roster's", "stra\u0308sse=street", [["str\u00e4sse", "street"]]],
  ])("reads %s", async (_, columns, pairs) => {
    const settings = await resolveGenerateSettings(input({ columns }));
    expect(settings.columns.map((m) => [m.name, m.column])).toEqual(pairs);
  });

  it.each([
    ["address_1", `"address_1" has no "="; ${SHAPE}`],
    ["address_1:street", `"address_1:street" has no "="; ${SHAPE}`],
    ["=zip", `"=zip" has no template name before the "="; ${SHAPE}`],
    ["postal_code=", `"postal_code=" has no roster column after the "="; ${SHAPE}`],
    ["postal_code=zip=5", `"postal_code=zip=5" has more than one "="; ${SHAPE}`],
    ["{{postal_code}}=zip", `"{{postal_code}}=zip": write the names without {{ }}, e.g. postal_code=zip`],
    [",", "names no column; expected NAME=COLUMN[,NAME=COLUMN…], e.g. postal_code=zip"],
    [
      "postal_code=zip,postal_code=zip_code",
      "postal_code is given twice (postal_code=zip and postal_code=zip_code); " +
        "each name the template uses takes its value from one roster column",
    ],
    [
      "record_id=participant_id",
      "record_id cannot be mapped: redcap-packets reads the roster's record_id column itself " +
        "(the REDCap record whose codes are fetched), so a mapping would change only what the letter prints; " +
        "rename the roster's column to record_id instead",
    ],
    [
      "date=visit_date",
      "date cannot be mapped: the letters fill {{date}} themselves; use another name for the roster's column in the template, e.g. {{visit_date}}",
    ],
    [
      "language=lang",
      "language cannot be mapped: redcap-packets reads the roster's language column itself " +
        "(the language of the row's letter), so a mapping would change only what the letter prints; " +
        "rename the roster's column to language instead",
    ],
  ])("refuses %j", async (columns, message) => {
    const error = await failure(input({ columns }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(one("--columns", message));
  });

  it.each(["instrument", "event", "repeat_instance"])(
    "refuses to map the reserved column %s",
    async (name) => {
      const error = await failure(input({ columns: `${name}=other` }));
      expect(error.message).toContain(`--columns: ${name} cannot be mapped: redcap-packets reads`);
    },
  );

  it.each(["constructor", "toString", "__proto__", "hasOwnProperty"])(
    "maps %s like any other name (no Object property is a reserved column)",
    async (name) => {
      const settings = await resolveGenerateSettings(input({ columns: `${name}=other` }));
      expect(settings.columns).toEqual([{ name, column: "other" }]);
    },
  );

  it("lists every bad pair at once", async () => {
    const error = await failure(input({ columns: "a,=b,c=d,c=e" }));
    expect(error.message).toBe(
      [
        "The settings have 3 problems to fix:",
        `  - --columns: "a" has no "="; ${SHAPE}`,
        `  - --columns: "=b" has no template name before the "="; ${SHAPE}`,
        "  - --columns: c is given twice (c=d and c=e); each name the template uses takes its value from one roster column",
      ].join("\n"),
    );
  });

  it("joins a repeated flag on the command line, so the second does not silently replace the first", async () => {
    const stderr = collect();
    const args = ["--columns", "postal_code=zip", "--columns", "postal_code=zip_code", "--paper", "b5"];
    const code = await runCli({
      argv: ["generate", "--roster", "r.csv", "--api-url", BASE.apiUrl, ...args],
      env: { REDCAP_API_TOKEN: TOKEN },
      cwd: "/nonexistent-folder-for-this-test",
      platform: "linux",
      stdout: collect(),
      stderr,
      signal: new AbortController().signal,
      owner: { pid: 1, isAlive: () => true },
    });
    expect(code).toBe(2);
    expect(stderr.text()).toBe(
      "error: The settings have 2 problems to fix:\n" +
        "  - --columns: postal_code is given twice (postal_code=zip and postal_code=zip_code); " +
        "each name the template uses takes its value from one roster column\n" +
        '  - --paper: unknown paper size "b5"; expected one of letter, a4\n',
    );
  });
});

describe('"columns" in the settings file', () => {
  it.each([
    ["an object", { postal_code: "zip", address_1: "street" }],
    ["the flag's text", "postal_code=zip,address_1=street"],
  ])("reads %s", async (_, columns) => {
    const settings = await resolveGenerateSettings(input({}, { columns }));
    expect(settings.columns).toEqual([
      { name: "postal_code", column: "zip" },
      { name: "address_1", column: "street" },
    ]);
  });

  it("loses to the flag", async () => {
    const settings = await resolveGenerateSettings(input({ columns: "city=town" }, { columns: { a: "b" } }));
    expect(settings.columns).toEqual([{ name: "city", column: "town" }]);
  });

  it.each([
    [{ postal_code: 5 }, '"postal_code" must map to a roster column name in quotes, received 5'],
    [{ postal_code: "" }, `"postal_code=" has no roster column after the "="; ${SHAPE}`],
    [
      { record_id: "id" },
      "record_id cannot be mapped: redcap-packets reads the roster's record_id column itself " +
        "(the REDCap record whose codes are fetched), so a mapping would change only what the letter prints; " +
        "rename the roster's column to record_id instead",
    ],
    [
      ["postal_code=zip"],
      'expected the roster column of each name the template uses, as { "postal_code": "zip" } or "postal_code=zip", received a list',
    ],
    [
      true,
      'expected the roster column of each name the template uses, as { "postal_code": "zip" } or "postal_code=zip", received true',
    ],
  ])("refuses %j", async (columns, message) => {
    const error = await failure(input({}, { columns }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(one(`config file ${CONFIG}, key "columns"`, message));
  });
});

describe("--paper and --envelope", () => {
  it.each([
    [{ paper: "a4", envelope: "din5008a" }, "a4", "din5008a"],
    [{ paper: "Letter", envelope: "US10" }, "letter", "us10"],
    [{ envelope: "none" }, undefined, "none"],
    [{ envelope: "dl" }, undefined, "dl"],
    [{ paper: "a4", envelope: "din5008b" }, "a4", "din5008b"],
  ])("reads %j", async (flags, paper, envelope) => {
    const settings = await resolveGenerateSettings(input(flags));
    expect([settings.paper, settings.envelope]).toEqual([paper, envelope]);
  });

  it("reads them from the settings file, the flag winning", async () => {
    const settings = await resolveGenerateSettings(
      input({ envelope: "dl" }, { paper: "a4", envelope: "din5008b" }),
    );
    expect([settings.paper, settings.envelope]).toEqual(["a4", "dl"]);
  });

  it("names the valid values", async () => {
    const error = await failure(input({ paper: "legal", envelope: "c5" }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      "The settings have 2 problems to fix:\n" +
        '  - --paper: unknown paper size "legal"; expected one of letter, a4\n' +
        '  - --envelope: unknown envelope "c5"; expected one of us10, din5008a, din5008b, dl, none',
    );
  });

  it.each([
    [{ paper: 4 }, "paper", 'expected a paper size, "letter" or "a4", received 4'],
    [{ paper: "A5" }, "paper", 'unknown paper size "A5"; expected one of letter, a4'],
    [{ envelope: ["us10"] }, "envelope", 'expected an envelope, e.g. "us10" or "din5008b", received a list'],
  ])("refuses %j in the settings file", async (config, key, message) => {
    const error = await failure(input({}, config));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(one(`config file ${CONFIG}, key "${key}"`, message));
  });

  it("needs a value", async () => {
    const error = await failure(input({ paper: true }));
    expect(error.message).toBe(one("--paper", "needs a value"));
  });
});

describe("a settings file cannot reach Object's own properties", () => {
  it("treats __proto__ and constructor as unknown keys, not as settings", async () => {
    const given = input({}, JSON.parse('{"__proto__": {"paper": "a4"}, "constructor": "x"}') as object);
    const { message } = await failure(given);
    expect(message).toContain('key "__proto__"');
    expect(message).toContain('key "constructor"');
  });
});
