import { describe, expect, it } from "vitest";
import { type GenerateInput, resolveGenerateSettings } from "../../../src/config/generate-settings.js";
import { ConfigError, UsageError } from "../../../src/errors.js";
import { type FakeFile, fakeFiles } from "./fake-files.js";

const TOKEN = "0123456789ABCDEF0123456789ABCDEF";
const CWD = "/home/ana/study";
const URL_ = "https://redcap.example.edu/api/";

function input(
  flags: GenerateInput["flags"],
  env: GenerateInput["env"] = { REDCAP_API_TOKEN: TOKEN },
  files: Record<string, FakeFile> = {},
): GenerateInput {
  return { flags, env, cwd: CWD, platform: "linux", ...fakeFiles(files) };
}

const config = (values: object) => ({
  "/home/ana/study/redcap-packets.config.json": { content: JSON.stringify(values) },
});

async function failure(given: GenerateInput): Promise<Error> {
  try {
    await resolveGenerateSettings(given);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the settings to be refused");
}

describe("resolveGenerateSettings", () => {
  it("fills in the documented defaults", async () => {
    const settings = await resolveGenerateSettings(input({ roster: "rosters/wave1.csv", apiUrl: URL_ }));
    expect(settings).toEqual({
      rosterFile: "/home/ana/study/rosters/wave1.csv",
      delimiter: undefined,
      apiUrl: URL_,
      token: TOKEN,
      instruments: undefined,
      event: undefined,
      outDir: "/home/ana/study/output/wave1",
      templateFile: undefined,
      rateLimit: { count: 300, windowMs: 60_000 },
      concurrency: 4,
      timeoutMs: 30_000,
      records: undefined,
      force: false,
      rerender: false,
      refreshCodes: false,
      includeCompleted: false,
      dryRun: false,
      duplex: false,
      sortBy: undefined,
      columns: [],
      paper: undefined,
      envelope: undefined,
      caFile: undefined,
      configFile: undefined,
      warnings: [],
    });
  });

  it("refuses --force with --rerender: one makes replacements, the other first letters", async () => {
    const error = await resolveGenerateSettings(
      input({ roster: "r.csv", apiUrl: URL_, force: true, rerender: true }, { REDCAP_API_TOKEN: TOKEN }),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      "--rerender: give --force or --rerender, not both: --force makes replacements for letters that were printed",
    );
  });

  it("reads every flag", async () => {
    const settings = await resolveGenerateSettings(
      input(
        {
          roster: "/data/r.csv",
          apiUrl: "https://redcap.example.edu/redcap/api/",
          instrument: "baseline_survey, followup ,",
          event: "visit_1_arm_1",
          out: "run",
          template: "letters/es.md",
          rateLimit: "100/1m",
          concurrency: "8",
          timeout: "1.5s",
          records: "0042,0043,0042",
          force: true,
          dryRun: true,
          duplex: true,
          sortBy: "postal_code",
          columns: "postal_code=zip, address_1=street",
          paper: "A4",
          envelope: "din5008b",
          caFile: "ca.pem",
        },
        { REDCAP_API_TOKEN: TOKEN },
        { "/home/ana/study/ca.pem": { content: "PEM" } },
      ),
    );
    expect(settings).toMatchObject({
      rosterFile: "/data/r.csv",
      instruments: ["baseline_survey", "followup"],
      event: "visit_1_arm_1",
      outDir: "/home/ana/study/run",
      templateFile: "/home/ana/study/letters/es.md",
      rateLimit: { count: 100, windowMs: 60_000 },
      concurrency: 8,
      timeoutMs: 1_500,
      records: ["0042", "0043"],
      force: true,
      dryRun: true,
      duplex: true,
      sortBy: "postal_code",
      columns: [
        { name: "postal_code", column: "zip" },
        { name: "address_1", column: "street" },
      ],
      paper: "a4",
      envelope: "din5008b",
      caFile: "/home/ana/study/ca.pem",
    });
  });

  const env = { REDCAP_API_TOKEN: TOKEN, REDCAP_API_URL: "https://env.example.edu/api/" };
  const file = {
    apiUrl: "https://file.example.edu/api/",
    timeout: "10s",
    roster: "in/file.csv",
    concurrency: 2,
  };
  it.each([
    [
      "flag over file over env",
      { apiUrl: "https://flag.example.edu/api/" },
      file,
      "https://flag.example.edu/api/",
    ],
    ["file over env", {}, file, "https://file.example.edu/api/"],
    ["env when nothing else", {}, {}, "https://env.example.edu/api/"],
  ])("API URL: %s", async (_, flags, values, expected) => {
    const settings = await resolveGenerateSettings(input({ roster: "r.csv", ...flags }, env, config(values)));
    expect(settings.apiUrl).toBe(expected);
  });

  it.each([
    ["flag", { timeout: "5s", concurrency: "16" }, 5_000, 16],
    ["file", {}, 10_000, 2],
  ])("timeout and concurrency from the %s", async (_, flags, timeoutMs, concurrency) => {
    const settings = await resolveGenerateSettings(input(flags, env, config(file)));
    expect([settings.timeoutMs, settings.concurrency]).toEqual([timeoutMs, concurrency]);
  });

  it("resolves a config file's paths against its folder, and --out's default against cwd", async () => {
    const settings = await resolveGenerateSettings(
      input({ config: "../shared/packets.json" }, env, {
        "/home/ana/shared/packets.json": {
          content: JSON.stringify({ roster: "wave2.csv", template: "t/letter.md" }),
        },
      }),
    );
    expect(settings).toMatchObject({
      rosterFile: "/home/ana/shared/wave2.csv",
      templateFile: "/home/ana/shared/t/letter.md",
      outDir: "/home/ana/study/output/wave2",
      configFile: "/home/ana/shared/packets.json",
    });
  });

  it("warns about a rate limit that can trip REDCap's default ban", async () => {
    const settings = await resolveGenerateSettings(
      input({ roster: "r.csv", apiUrl: URL_, rateLimit: "20/1s" }),
    );
    expect(settings.warnings).toEqual([
      "the rate limit 20/1s can send more than 600 requests in a minute, REDCap's default threshold for a permanent IP ban; " +
        "use it only if your REDCap administrator raised the threshold",
    ]);
  });

  it.each([
    ["10/1s", 600],
    ["600/60s", 600],
    ["600/1m", 600],
    ["501/1m", 501],
    ["5/500ms", 600],
    ["1/100ms", 600],
  ])("warns about %s, which leaves no margin below REDCap's ban", async (rateLimit, most) => {
    const settings = await resolveGenerateSettings(input({ roster: "r.csv", apiUrl: URL_, rateLimit }));
    expect(settings.warnings).toEqual([
      `the rate limit ${rateLimit.replace("60s", "1m")} can send up to ${most} requests in a minute, too close to REDCap's default ` +
        "threshold of 600 for a permanent IP ban: REDCap counts every request from your address, " +
        "including other people's behind the same network, so keep a margin (the default is 300/1m); " +
        "use it only if your REDCap administrator raised the threshold",
    ]);
  });

  it.each(["500/1m", "300/60s", "8/1s", "1/120ms"])("does not warn about %s", async (rateLimit) => {
    const settings = await resolveGenerateSettings(input({ roster: "r.csv", apiUrl: URL_, rateLimit }));
    expect(settings.warnings).toEqual([]);
  });

  it.each([
    [{ delimiter: ";" }, ";"],
    [{ delimiter: "tab" }, "\t"],
    [{ delimiter: "\t" }, "\t"],
  ])("reads the roster's delimiter from %j", async (given, delimiter) => {
    const settings = await resolveGenerateSettings(input({ roster: "r.csv", apiUrl: URL_, ...given }));
    expect(settings.delimiter).toBe(delimiter);
  });

  it("reads the delimiter from the config file", async () => {
    const settings = await resolveGenerateSettings(
      input({ roster: "r.csv", apiUrl: URL_ }, undefined, config({ delimiter: "semicolon" })),
    );
    expect(settings.delimiter).toBe(";");
  });

  it("refuses a delimiter it does not know", async () => {
    const error = await failure(input({ roster: "r.csv", apiUrl: URL_, delimiter: "|" }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      'The settings have 1 problem to fix:\n  - --delimiter: unknown delimiter "|"; expected one of , ; tab',
    );
  });

  it("lists every problem at once, each with where it came from", async () => {
    const error = await failure(
      input(
        { timeout: "30 sec", concurrency: "0", force: "yes", instrument: " , " },
        {},
        config({
          apiUrl: "http://redcap.example.edu/api/",
          rateLimit: 300,
          token: TOKEN,
          rate_limit: "1/1s",
          colour: "blue",
        }),
      ),
    );
    expect(error).toBeInstanceOf(ConfigError);
    const file = "/home/ana/study/redcap-packets.config.json";
    expect(error.message).toBe(
      [
        "The settings have 11 problems to fix:",
        `  - config file ${file}, key "token": a config file must not hold the API token (config files get copied, shared and committed); set the REDCAP_API_TOKEN environment variable or give --token-file FILE instead`,
        `  - config file ${file}, key "rate_limit": unknown key; did you mean "rateLimit"?`,
        `  - config file ${file}, key "colour": unknown key; the known keys are roster, delimiter, apiUrl, instrument, event, out, template, rateLimit, concurrency, timeout, records, force, includeCompleted, dryRun, duplex, sortBy, columns, paper, envelope, layout, startAt, tokenFile, caFile`,
        `  - config file ${file}, key "rateLimit": expected a rate limit in quotes, e.g. "300/60s", received 300`,
        "  - --roster: no roster file given; expected --roster FILE",
        `  - config file ${file}, key "apiUrl": "http://redcap.example.edu/api/" uses http://, which would send the API token unencrypted; use https://redcap.example.edu/api/ (http:// is accepted only for this computer: localhost, 127.x.x.x, [::1])`,
        "  - API token: no API token given; set the REDCAP_API_TOKEN environment variable or give --token-file FILE (there is no flag that takes the token itself: command lines are visible to other users)",
        "  - --instrument: names no instrument; expected a comma-separated list",
        '  - --timeout: "30 sec" is not a duration; expected a number and a unit (ms, s, m or h), e.g. "30s", "500ms", "1.5s" or "1m"',
        '  - --concurrency: expected a whole number from 1 to 64, received "0"',
        "  - --force: is a switch and takes no value",
      ].join("\n"),
    );
    expect(error.message).not.toContain(TOKEN);
  });

  it("throws a UsageError when every problem is on the command line", async () => {
    const error = await failure(input({ roster: "r.csv", apiUrl: URL_, timeout: "0s", records: "" }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      "The settings have 2 problems to fix:\n" +
        "  - --records: names no record; expected a comma-separated list\n" +
        '  - --timeout: must be longer than 0, e.g. "30s"',
    );
  });

  it.each([
    [
      "--config FILE that does not exist",
      { config: "nope.json" },
      {},
      "--config: cannot read the config file /home/ana/study/nope.json: it does not exist",
    ],
    [
      "a config file that is not JSON",
      {},
      { "/home/ana/study/redcap-packets.config.json": { content: "{ apiUrl: 1 }" } },
      "is not valid JSON",
    ],
    [
      "a config file holding a list",
      {},
      { "/home/ana/study/redcap-packets.config.json": { content: "[]" } },
      "must hold one JSON object",
    ],
    ["a --token flag", { token: TOKEN }, {}, "--token: there is no flag that takes the token itself"],
    [
      "a CA file that is missing",
      { caFile: "ca.pem" },
      {},
      "--ca-file: cannot read /home/ana/study/ca.pem: it does not exist; expected a file of PEM certificates",
    ],
  ])("refuses %s", async (_, flags, files, part) => {
    const error = await failure(
      input({ roster: "r.csv", apiUrl: URL_, ...flags }, { REDCAP_API_TOKEN: TOKEN }, files),
    );
    expect(error.message).toContain(part);
    expect(error.message).not.toContain(TOKEN);
  });
});

describe("a config file that is not JSON shows none of its text", () => {
  const file = "/home/ana/study/token.txt";
  const refuse = async (content: string) =>
    (
      await failure(
        input({ roster: "r.csv", apiUrl: URL_, config: "token.txt" }, {}, { [file]: { content } }),
      )
    ).message;

  it("a token file given as --config", async () => {
    const message = await refuse(`${TOKEN}\n`);
    expect(message).toBe(
      "The settings have 2 problems to fix:\n" +
        `  - --config: the config file ${file} is not valid JSON: a number written in a way JSON does not allow at line 1, column 2 (the file does not start with "{"). ` +
        'A config file holds one JSON object, e.g. { "apiUrl": "https://redcap.example.edu/api/" }; ' +
        "check the quotes, commas and braces, and that this is the config file you meant\n" +
        "  - API token: no API token given; set the REDCAP_API_TOKEN environment variable or give --token-file FILE " +
        "(there is no flag that takes the token itself: command lines are visible to other users)",
    );
    expect(message).not.toContain(TOKEN.slice(0, 6));
  });

  it.each([
    [
      '{\n  "apiUrl": "https://redcap.example.edu/api/",\n  "roster": "r.csv",\n}',
      "expected a key name in double quotes (or a comma too many before it) at line 4, column 1",
    ],
    ['{ "roster": "r.csv" "out": "x" }', "expected a comma or } after a value at line 1, column 21"],
    ['{ "roster": "r.csv', "a text in double quotes is never closed at line 1, column 19"],
    ["", "the text ends before the JSON is complete"],
    ['{ "roster": "r.csv" } x', "more text after the end of the JSON at line 1, column 23"],
    [`{ "roster": ${TOKEN} }`, "a number written in a way JSON does not allow at line 1, column 14"],
    [
      "ABCDEF0123456789ABCDEF0123456789",
      'a character that does not belong there (the file does not start with "{")',
    ],
    ['{ "roster": ABCDEF0123456789ABCDEF0123456789 }', "a character that does not belong there"],
  ])("%j: says where, never what", async (content, detail) => {
    const message = await refuse(content);
    expect(message).toContain(`the config file ${file} is not valid JSON: ${detail}. A config file`);
    expect(message).not.toMatch(/0123|ABCD/);
    expect(message).not.toContain("r.csv");
  });

  it("hides a token-shaped key and a long number", async () => {
    const message = await refuse(`{ "${TOKEN}": 1, "concurrency": 12345678901234567890123456789012 }`);
    expect(message).toContain('key "[hidden: looks like an API token]": unknown key');
    expect(message).toContain("expected a whole number from 1 to 64, received a very long number");
    expect(message).not.toContain("1234567890");
  });
});

describe("the API URL", () => {
  it.each([
    "https://redcap.example.edu/api/",
    "http://localhost:8080/api/",
    "http://127.0.0.1:3000/api/",
    "http://127.1.2.3/api/",
    "http://[::1]:4000/redcap/api/",
    "HTTP://LOCALHOST/api/",
  ])("accepts %s", async (url) => {
    const settings = await resolveGenerateSettings(input({ roster: "r.csv", apiUrl: url }));
    expect(settings.apiUrl).toBe(new URL(url).toString());
  });

  it.each([
    ["https://redcap.example.edu/redcap/api", "https://redcap.example.edu/redcap/api/"],
    ["https://redcap.example.edu/api", "https://redcap.example.edu/api/"],
    ["http://localhost:8080/api", "http://localhost:8080/api/"],
  ])("understands %s without its trailing slash as %s", async (url, expected) => {
    const settings = await resolveGenerateSettings(input({ roster: "r.csv", apiUrl: url }));
    expect(settings.apiUrl).toBe(expected);
  });

  const https = "(http:// is accepted only for this computer: localhost, 127.x.x.x, [::1])";
  it.each([
    [
      "http://redcap.example.edu/api/",
      `"http://redcap.example.edu/api/" uses http://, which would send the API token unencrypted; use https://redcap.example.edu/api/ ${https}`,
    ],
    [
      "http://128.0.0.1/api/",
      `"http://128.0.0.1/api/" uses http://, which would send the API token unencrypted; use https://128.0.0.1/api/ ${https}`,
    ],
    [
      "http://localhost.example.com/api/",
      `"http://localhost.example.com/api/" uses http://, which would send the API token unencrypted; use https://localhost.example.com/api/ ${https}`,
    ],
    [
      "redcap.example.edu/api/",
      `"redcap.example.edu/api/" is not a URL; expected the REDCap API address, e.g. ${URL_}`,
    ],
    [
      "ftp://redcap.example.edu/api/",
      `"ftp://redcap.example.edu/api/" is not a web address; expected https://…, e.g. ${URL_}`,
    ],
    [
      "https://user:secret@redcap.example.edu/api/",
      `the URL must not contain a user name or password (REDCap's API takes only the token); expected e.g. ${URL_}`,
    ],
    [
      "https://redcap.example.edu/api?pid=12",
      `"https://redcap.example.edu/api?pid=12" is not a REDCap API address; REDCap's API is always <base>/api/ — did you mean https://redcap.example.edu/api/?`,
    ],
    [
      "https://redcap.example.edu/",
      `"https://redcap.example.edu/" is not a REDCap API address; REDCap's API is always <base>/api/ — did you mean https://redcap.example.edu/api/?`,
    ],
    [
      "https://redcap.example.edu/redcap/redcap_v15.7.6/index.php?pid=12",
      `"https://redcap.example.edu/redcap/redcap_v15.7.6/index.php?pid=12" is not a REDCap API address; REDCap's API is always <base>/api/ — did you mean https://redcap.example.edu/redcap/api/?`,
    ],
    [
      "https://redcap.example.edu/api/help/",
      `"https://redcap.example.edu/api/help/" is not a REDCap API address; REDCap's API is always <base>/api/ — did you mean https://redcap.example.edu/api/?`,
    ],
  ])("refuses %s", async (url, message) => {
    const error = await failure(input({ roster: "r.csv", apiUrl: url }));
    expect(error.message).toBe(`The settings have 1 problem to fix:\n  - --api-url: ${message}`);
  });

  it("names the environment variable when the URL came from it", async () => {
    const error = await failure(
      input({ roster: "r.csv" }, { REDCAP_API_TOKEN: TOKEN, REDCAP_API_URL: "https://x.edu" }),
    );
    expect(error.message).toContain(
      '  - environment variable REDCAP_API_URL: "https://x.edu/" is not a REDCap API address',
    );
  });
});
