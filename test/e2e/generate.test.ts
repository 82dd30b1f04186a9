import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginUrl, resumeUrl } from "../../src/links.js";
import { packagePath } from "../../src/paths.js";
import {
  loadProjectFile,
  parseProject,
  pickDisplayToken,
  type RunningSimulator,
  startSimulator,
} from "../../src/simulator/index.js";
import { LETTER_QR_DPI, TEST_BAN, TEST_RATE_LIMIT } from "../helpers/demo.js";
import { pdfInfo, pdfQrCodes, pdfText } from "../helpers/pdf.js";
import { printedQrCodes, printFileQrCodes } from "../helpers/printed.js";
import { runBuiltCli, tempDir } from "../helpers/run-cli.js";

// The whole product as a user runs it: the built command against the simulator over HTTP, then
// every PDF opened: its text read and every QR code decoded back to the participant's resume URL.

const DEMO_ROSTER = packagePath("fixtures", "demo-roster.csv");
type ManifestRow = Record<string, string>;

let sim: RunningSimulator;
let token: string;

beforeAll(async () => {
  const project = await loadProjectFile(packagePath("fixtures", "demo-project.json"));
  sim = await startSimulator({ project, port: 0, seed: "e2e", ban: TEST_BAN });
  token = pickDisplayToken(project);
});
afterAll(async () => {
  await sim.close();
});

function generate(out: string, extra: string[] = [], roster = DEMO_ROSTER) {
  const args = [
    "generate",
    "--roster",
    roster,
    "--api-url",
    sim.apiUrl,
    "--instrument",
    "baseline_survey",
    "--out",
    out,
    ...TEST_RATE_LIMIT,
  ];
  return runBuiltCli([...args, ...extra], { env: { REDCAP_API_TOKEN: token } });
}

async function manifest(out: string): Promise<ManifestRow[]> {
  return parse(await readFile(join(out, "manifest.csv")), { columns: true }) as ManifestRow[];
}

/** What the demo server gives this record for the baseline survey. */
function baselineCodes(recordId: string) {
  return sim.codesFor({ recordId, instrument: "baseline_survey", event: undefined, repeatInstance: 1 });
}

function expectedResume(recordId: string): string {
  const codes = baselineCodes(recordId);
  return resumeUrl(codes.surveyLink, codes.returnCode);
}

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe("generate, end to end", () => {
  let out: string;
  let first: Awaited<ReturnType<typeof generate>>;
  beforeAll(async () => {
    out = join(await tempDir("e2e"), "run");
    first = await generate(out);
  });

  it("exits 0 with one ok manifest line per roster row, in roster order", async () => {
    expect(first.stderr).not.toMatch(/error/i);
    // The end-to-end runs ask for more than REDCap's default ban threshold: the user is told.
    expect(first.stderr).toContain(
      "warning: the rate limit 6000/1m can send more than 600 requests in a minute",
    );
    expect(first.code).toBe(0);
    const rows = await manifest(out);
    const ids = (parse(await readFile(DEMO_ROSTER), { columns: true }) as ManifestRow[]).map(
      (r) => r.record_id,
    );
    expect(rows.map((r) => r.record_id)).toEqual(ids);
    expect(rows.every((r) => r.status === "ok" && r.error === "")).toBe(true);
    expect(ids).toContain("0001");
  });

  it("prints exactly the server's codes on every letter and every QR decodes to that participant's resume URL", async () => {
    const rows = await manifest(out);
    const people = parse(await readFile(DEMO_ROSTER), { columns: true }) as ManifestRow[];
    for (const [i, row] of rows.entries()) {
      const pdf = await readFile(join(out, row.file ?? ""));
      const codes = baselineCodes(row.record_id ?? "");
      const text = (await pdfText(pdf)).join("\n");
      expect(text).toContain(codes.accessCode);
      expect(text).toContain(codes.returnCode);
      expect(text).toContain(loginUrl(codes.surveyLink));
      expect(text).toContain(people[i]?.last_name?.normalize("NFC"));
      expect((await pdfQrCodes(pdf, LETTER_QR_DPI)).flat()).toEqual([expectedResume(row.record_id ?? "")]);
    }
  });

  it("writes one print file whose QR codes follow the roster order", async () => {
    const printFiles = await readdir(join(out, "print"));
    expect(printFiles).toHaveLength(1);
    const pdf = await readFile(join(out, "print", printFiles[0] ?? ""));
    const rows = await manifest(out);
    expect((await pdfQrCodes(pdf, LETTER_QR_DPI)).flat()).toEqual(
      rows.map((r) => expectedResume(r.record_id ?? "")),
    );
  });

  it("keeps everything private and free of secrets and names", async () => {
    expect((await stat(out)).mode & 0o777).toBe(0o700);
    expect((await stat(join(out, "letters"))).mode & 0o777).toBe(0o700);
    const files = await filesBelow(out);
    for (const file of files) expect((await stat(file)).mode & 0o777).toBe(0o600);
    const manifestText = await readFile(join(out, "manifest.csv"), "utf8");
    const said = first.stdout + first.stderr + manifestText + files.join("\n");
    expect(said).not.toContain(token);
    const codes = baselineCodes("0001");
    expect(said).not.toContain(codes.accessCode);
    expect(said).not.toContain(codes.surveyLink);
    expect(said).not.toMatch(/Hernández|Иванова|王/);
  });

  it("on a re-run makes only the missing letter, with the same codes, and touches nothing else", async () => {
    const before = sim.stats.total;
    const keep = join(out, "letters", "0002--baseline_survey.pdf");
    const keptMtime = (await stat(keep)).mtimeMs;
    await rm(join(out, "letters", "0005--baseline_survey.pdf"));
    const again = await generate(out);
    expect(again.code).toBe(0);
    const rows = await manifest(out);
    expect(rows.filter((r) => r.status === "ok").map((r) => r.record_id)).toEqual(["0005"]);
    expect(rows.filter((r) => r.status === "skipped")).toHaveLength(13);
    expect((await stat(keep)).mtimeMs).toBe(keptMtime);
    const remade = await readFile(join(out, "letters", "0005--baseline_survey.pdf"));
    expect((await pdfQrCodes(remade, LETTER_QR_DPI)).flat()).toEqual([expectedResume("0005")]);
    // A replacement says its codes are the same as the lost letter's; a first letter does not.
    expect((await pdfText(remade)).join(" ")).toContain("This letter replaces one we sent earlier");
    expect((await pdfText(await readFile(keep))).join(" ")).not.toContain("replaces one");
    // Three survey calls for the one letter, plus the preflight: never a call per kept letter.
    expect(sim.stats.total - before).toBeLessThan(3 + 14);
    const printFiles = (await readdir(join(out, "print"))).sort();
    expect(printFiles).toHaveLength(2);
    // The new print file holds exactly the one letter made again.
    const newest = await readFile(join(out, "print", printFiles[1] ?? ""));
    expect((await pdfQrCodes(newest, LETTER_QR_DPI)).flat()).toEqual([expectedResume("0005")]);
  });

  it("prints nothing twice when a run in the same folder used a smaller roster", async () => {
    // The folder above, every letter made and printed; then two of its rows alone, then all again.
    const small = join(await tempDir("subset"), "two.csv");
    const lines = (await readFile(DEMO_ROSTER, "utf8")).trim().split("\n");
    await writeFile(small, [lines[0], lines[3], lines[4]].join("\n"));
    const printed = await readdir(join(out, "print"));
    expect(printed.length).toBeGreaterThan(0);
    expect((await generate(out, [], small)).code).toBe(0);
    const again = await generate(out);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Made 0 letter(s), skipped 14");
    expect(await readdir(join(out, "print"))).toEqual(printed);
    const rows = await manifest(out);
    expect(rows.every((r) => r.status === "skipped" && r.print_file !== "")).toBe(true);
  });

  it("keeps a private history of what was made and printed, with file names only", async () => {
    const history = await readFile(join(out, "history.csv"), "utf8");
    expect(history.split("\n")[0]).toBe("event,letter_file,print_file,at");
    expect(history).toContain("made,letters/0001--baseline_survey.pdf,,");
    expect(history).toMatch(/printed,letters\/0001--baseline_survey\.pdf,print\/letters_[\d_-]+\.pdf,/);
    const codes = baselineCodes("0001");
    expect(history).not.toContain(codes.accessCode);
    expect(history).not.toContain(codes.surveyLink);
    expect((await stat(join(out, "history.csv"))).mode & 0o777).toBe(0o600);
  });
});

describe("replacing lost letters with --records", () => {
  it("makes only the named letters, as replacements, and keeps what the manifest knows of the others", async () => {
    // The demo roster's first four rows: the records named below and one left alone.
    const dir = await tempDir("records");
    const roster = join(dir, "four.csv");
    const lines = (await readFile(DEMO_ROSTER, "utf8")).trim().split("\n");
    await writeFile(roster, lines.slice(0, 5).join("\n"));
    const out = join(dir, "run");
    expect((await generate(out, [], roster)).code).toBe(0);
    const reprinted = async (id: string) => {
      const pdf = await readFile(join(out, "letters", `${id}--baseline_survey.pdf`));
      // A replacement carries the same codes as the letter it replaces.
      expect((await pdfQrCodes(pdf, LETTER_QR_DPI)).flat(), id).toEqual([expectedResume(id)]);
      return (await pdfText(pdf)).join(" ").includes("This letter replaces one we sent earlier");
    };
    expect(await reprinted("0002")).toBe(false);

    // Without --force a letter that exists is kept, and the terminal says so and how to make it again.
    const kept = await generate(out, ["--records", "0002"], roster);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain(
      "Not made:\n  roster line 3 (record 0002): already made and printed in an earlier run (kept; --force rebuilds it)",
    );
    // An id typed without its zeros is refused before anything runs, with the roster's spelling.
    const typo = await generate(out, ["--records", "2", "--force"], roster);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("  - 2: did you mean 0002?");

    expect((await generate(out, ["--records", "0002", "--force"], roster)).code).toBe(0);
    expect((await generate(out, ["--records", "0003", "--force"], roster)).code).toBe(0);
    expect(await reprinted("0002")).toBe(true);
    expect(await reprinted("0003")).toBe(true);
    expect(await reprinted("0004")).toBe(false);

    const rows = await manifest(out);
    const byId = Object.fromEntries(rows.map((r) => [r.record_id, r]));
    expect(byId["0003"]).toMatchObject({ status: "ok", file: "letters/0003--baseline_survey.pdf" });
    // What the last manifest said of 0002 (made by the run before) is kept, with its own print file.
    expect(byId["0002"]).toMatchObject({ status: "ok", file: "letters/0002--baseline_survey.pdf" });
    expect(byId["0004"]).toMatchObject({ status: "ok", file: "letters/0004--baseline_survey.pdf" });
    expect(byId["0002"]?.print_file).not.toBe("");
    expect(byId["0002"]?.print_file).not.toBe(byId["0003"]?.print_file);
    expect(await readdir(join(out, "print"))).toHaveLength(3);
    // What each of the three runs sent to the printer: the first all four, then each replacement.
    expect(await printFileQrCodes(out)).toEqual(
      new Map([
        [byId["0001"]?.print_file, ["0001", "0002", "0003", "0004"].map(expectedResume)],
        [byId["0002"]?.print_file, [expectedResume("0002")]],
        [byId["0003"]?.print_file, [expectedResume("0003")]],
      ]),
    );
  });
});

describe("print options", () => {
  it("--duplex pads every packet to two pages and --sort-by orders the print file by postal code", async () => {
    // Five demo rows, in roster order not in postal-code order: a code with a leading zero (02128)
    // and two alike (11235, which keep their roster order).
    const dir = await tempDir("print-options");
    const roster = join(dir, "five.csv");
    const lines = (await readFile(DEMO_ROSTER, "utf8")).trim().split("\n");
    await writeFile(roster, [0, 1, 4, 5, 8, 11].map((i) => lines[i]).join("\n"));
    const out = join(dir, "run");
    expect((await generate(out, ["--duplex", "--sort-by", "postal_code"], roster)).code).toBe(0);
    const [printFile] = await readdir(join(out, "print"));
    const pdf = await readFile(join(out, "print", printFile ?? ""));
    expect((await pdfInfo(pdf)).pages).toBe(10);
    const people = parse(await readFile(roster), { columns: true }) as ManifestRow[];
    expect(people.map((p) => p.postal_code)).toEqual(["33135", "11105", "11235", "02128", "11235"]);
    const byPostalCode = [...people].sort((a, b) =>
      (a.postal_code ?? "").localeCompare(b.postal_code ?? "", undefined, { numeric: true }),
    );
    const perPage = await pdfQrCodes(pdf, LETTER_QR_DPI);
    // Each packet's QR on its first page, the padding page blank.
    expect(perPage.filter((_, i) => i % 2 === 1).flat()).toEqual([]);
    expect(perPage.flat()).toEqual(byPostalCode.map((p) => expectedResume(p.record_id ?? "")));
  });
});

describe("generate with bad rows", () => {
  it("fails only the bad rows, says why with the line, and makes the rest (exit 1)", async () => {
    const dir = await tempDir("bad-rows");
    const roster = join(dir, "roster.csv");
    await writeFile(
      roster,
      [
        "record_id,first_name,last_name,address_1,address_2,city,state,postal_code,language",
        "0001,Ana,Lima,1 Main St,,Miami,FL,33135,en",
        ",No,Id,2 Main St,,Miami,FL,33135,en",
        "0001,Ana,Lima,1 Main St,,Miami,FL,33135,en",
        "9999,Not,There,3 Main St,,Miami,FL,33135,en",
        "0003,प्रिया,शर्मा,4 Main St,,Miami,FL,33135,en",
        "0004,Li,Wei,5 Main St,,Miami,FL,33135,en",
      ].join("\r\n"),
    );
    const out = join(dir, "run");
    const result = await generate(out, [], roster);
    expect(result.code).toBe(1);
    const rows = await manifest(out);
    expect(rows.map((r) => [r.record_id, r.status])).toEqual([
      ["0001", "ok"],
      ["", "failed"],
      ["0001", "failed"],
      ["9999", "failed"],
      ["0003", "failed"],
      ["0004", "ok"],
    ]);
    expect(rows[2]?.error).toContain("duplicate of roster line 2");
    // The summary names each failed row by roster line and record id, with its reason.
    expect(result.stdout).toContain("roster line 4 (record 0001): duplicate of roster line 2");
    expect(result.stdout).toContain("roster line 3 (no record id): ");
    expect(rows[3]?.error).toMatch(/9999.*does not exist|does not exist.*9999/);
    expect(rows[4]?.error).toMatch(/Devanagari/);
    expect(rows[4]?.error).not.toContain("प्रिया");
    // One print file, holding the good rows' letters only, each with its own QR.
    expect(await printedQrCodes(out)).toEqual([[expectedResume("0001"), expectedResume("0004")]]);
  });
});

describe("where generate writes", () => {
  it("writes nothing outside the run folder (not in the working folder, not beside the roster)", async () => {
    const home = await tempDir("home");
    const roster = join(home, "people.csv");
    // Two rows make every kind of file a run writes (letters, codes, print file, manifest, history).
    const lines = (await readFile(DEMO_ROSTER, "utf8")).trim().split("\n");
    await writeFile(roster, lines.slice(0, 3).join("\n"));
    const result = await runBuiltCli(
      [
        "generate",
        "--roster",
        "people.csv",
        "--api-url",
        sim.apiUrl,
        "--instrument",
        "baseline_survey",
        ...TEST_RATE_LIMIT,
      ],
      { env: { REDCAP_API_TOKEN: token, HOME: home }, cwd: home },
    );
    expect(result.code).toBe(0);
    const written = (await filesBelow(home)).map((f) => f.slice(home.length + 1)).sort();
    expect(written.filter((f) => !f.startsWith("output/people/"))).toEqual(["people.csv"]);
    expect(written).toContain("output/people/manifest.csv");
    expect(await printedQrCodes(join(home, "output", "people"))).toEqual([
      [expectedResume("0001"), expectedResume("0002")],
    ]);
  });
});

describe("a survey label the letters cannot print", () => {
  it("stops before fetching codes (exit 2), naming the instrument and what to change in REDCap", async () => {
    const demo = JSON.parse(await readFile(packagePath("fixtures", "demo-project.json"), "utf8")) as {
      instruments: { instrument_name: string; instrument_label: string }[];
    };
    for (const i of demo.instruments)
      if (i.instrument_name === "baseline_survey") i.instrument_label = "แบบสอบถาม";
    const thai = await startSimulator({ project: parseProject(demo, "thai label"), port: 0 });
    try {
      const out = join(await tempDir("label"), "run");
      const args = [
        "generate",
        "--roster",
        DEMO_ROSTER,
        "--api-url",
        thai.apiUrl,
        "--instrument",
        "baseline_survey",
      ];
      const result = await runBuiltCli([...args, "--out", out], { env: { REDCAP_API_TOKEN: token } });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'The label of instrument "baseline_survey" is written in Thai script, which the letters cannot print correctly',
      );
      expect(result.stderr).toContain("rename the instrument in REDCap (Online Designer)");
      expect(result.stderr).not.toContain("แบบสอบถาม");
      expect(thai.stats.count("surveyAccessCode") + thai.stats.count("surveyLink")).toBe(0);
    } finally {
      await thai.close();
    }
  });
});

describe("generate --dry-run", () => {
  it("checks everything, fetches no participant's code and writes nothing", async () => {
    const out = join(await tempDir("dry"), "run");
    const surveyCalls = () =>
      sim.stats.count("surveyAccessCode") +
      sim.stats.count("surveyLink") +
      sim.stats.count("surveyReturnCode");
    const before = surveyCalls();
    const result = await generate(out, ["--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Would make 14 letter(s)");
    expect(result.stderr).not.toContain("A dry run does not check");
    // The one probe of the survey's settings, as in a real run.
    expect(surveyCalls()).toBe(before + 1);
    await expect(stat(out)).rejects.toThrow();
  });
});

describe("a server that bans", () => {
  it("stops at the first 429 with exit 3, sends nothing after it, and lists what finished", async () => {
    const project = await loadProjectFile(packagePath("fixtures", "demo-project.json"));
    const strict = await startSimulator({
      project,
      port: 0,
      seed: "e2e",
      // Threshold 19: the 20th request crosses it and is still answered; the 21st is refused.
      ban: { count: 19, windowMs: 60_000 },
    });
    try {
      const out = join(await tempDir("ban"), "run");
      const args = [
        "generate",
        "--roster",
        DEMO_ROSTER,
        "--api-url",
        strict.apiUrl,
        "--instrument",
        "baseline_survey",
      ];
      const result = await runBuiltCli(
        // A limit far above the ban so that the 21 requests go out quickly: the client paces (at
        // most 10 at once, then 10 per 500 ms at 1200/60s), and at 100/60s it would take ~12 s.
        [...args, "--out", out, "--rate-limit", "1200/60s", "--concurrency", "1"],
        {
          env: { REDCAP_API_TOKEN: token },
        },
      );
      expect(result.code).toBe(3);
      // (Not just "administrator": the rate warning this --rate-limit prints names one too.)
      expect(result.stderr).toContain("The ban is permanent until a REDCap administrator lifts it");
      // 20 answered, the 21st banned, and not one more.
      expect(strict.stats.total).toBe(21);
      const rows = await manifest(out);
      expect(rows).toHaveLength(14);
      const ok = rows.filter((r) => r.status === "ok");
      expect(ok.length).toBeGreaterThan(0);
      const okLinks: string[] = [];
      for (const row of ok) {
        const pdf = await readFile(join(out, row.file ?? ""));
        const codes = strict.codesFor({
          recordId: row.record_id ?? "",
          instrument: "baseline_survey",
          event: undefined,
          repeatInstance: 1,
        });
        okLinks.push(resumeUrl(codes.surveyLink, codes.returnCode));
        expect((await pdfQrCodes(pdf, LETTER_QR_DPI)).flat()).toEqual([okLinks.at(-1)]);
      }
      // What finished before the ban is printed, in roster order; nothing of a banned row.
      expect(await printedQrCodes(out)).toEqual([okLinks]);
      expect(rows.filter((r) => r.status === "failed").every((r) => /banned/.test(r.error ?? ""))).toBe(true);
    } finally {
      await strict.close();
    }
  });
});
