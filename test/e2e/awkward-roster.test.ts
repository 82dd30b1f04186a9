import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resumeUrl } from "../../src/links.js";
import { packagePath } from "../../src/paths.js";
import {
  parseProject,
  pickDisplayToken,
  type RunningSimulator,
  startSimulator,
} from "../../src/simulator/index.js";
import { pdfQrCodes, pdfText } from "../helpers/pdf.js";
import { printedQrCodes } from "../helpers/printed.js";
import { runBuiltCli, tempDir } from "../helpers/run-cli.js";

// A roster as spreadsheets really save them: BOM, CRLF, an address with a line break inside quotes,
// ids that look like numbers (0042, 1e3) or carry spaces, NFD accents, an emoji, doubled quotes, a
// blank row, and a packet of two surveys. It has no state or postal code: a template of the
// study's own (beside which the Spanish sibling is looked up) leaves them out.

/** The bundled templates (and their pictures) with `address.required` cut to the columns this roster has. */
async function templatesWithout(dir: string, columns: string[]): Promise<string> {
  for (const name of ["letter.md", "letter.es.md", "sample-logo.png", "sample-signature.png"]) {
    const bytes = await readFile(packagePath("templates", name));
    if (!name.endsWith(".md")) {
      await writeFile(join(dir, name), bytes);
      continue;
    }
    const text = bytes.toString("utf8").replace(/required: \[([^\]]*)\]/, (_m, list: string) => {
      const kept = list
        .split(",")
        .map((c) => c.trim())
        .filter((c) => !columns.includes(c));
      return `required: [${kept.join(", ")}]`;
    });
    await writeFile(join(dir, name), text);
  }
  return join(dir, "letter.md");
}

const ROSTER = packagePath("fixtures", "rosters", "awkward-bom-crlf.csv");
let sim: RunningSimulator;
let token: string;

beforeAll(async () => {
  const demo = JSON.parse(await readFile(packagePath("fixtures", "demo-project.json"), "utf8")) as {
    records: { id: string }[];
  };
  const extra = ["0042", "1e3", "007"].map((id) => ({ id }));
  const project = parseProject({ ...demo, records: [...demo.records, ...extra] }, "awkward project");
  sim = await startSimulator({ project, port: 0 });
  token = pickDisplayToken(project);
});
afterAll(async () => {
  await sim.close();
});

function expectedQr(recordId: string, instrument: string): string {
  const codes = sim.codesFor({ recordId, instrument, event: undefined, repeatInstance: 1 });
  return resumeUrl(codes.surveyLink, codes.returnCode);
}

describe("an awkward but legal roster", () => {
  it("keeps ids as written, prints every name, and fails only the row it cannot print", async () => {
    const dir = await tempDir("awkward");
    const out = join(dir, "run");
    const template = await templatesWithout(dir, ["state", "postal_code"]);
    const args = ["generate", "--roster", ROSTER, "--api-url", sim.apiUrl, "--instrument", "baseline_survey"];
    const result = await runBuiltCli([...args, "--out", out, "--template", template], {
      env: { REDCAP_API_TOKEN: token },
    });
    const rows = parse(await readFile(join(out, "manifest.csv")), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.map((r) => [r.record_id, r.instrument, r.status])).toEqual([
      ["0042", "baseline_survey,followup_survey", "ok"],
      ["1e3", "baseline_survey", "ok"],
      ["007", "baseline_survey", "failed"],
      ["0008", "baseline_survey", "ok"],
    ]);
    expect(result.code).toBe(1);
    // The emoji has no glyph in any letter font: the row fails with the column, never the name.
    expect(rows[2]?.error).toMatch(/last_name/);
    expect(rows[2]?.error).not.toContain("Khai");

    const packet = await readFile(join(out, rows[0]?.file ?? ""));
    expect((await pdfQrCodes(packet)).flat()).toEqual([
      expectedQr("0042", "baseline_survey"),
      expectedQr("0042", "followup_survey"),
    ]);
    const text = (await pdfText(packet)).join("\n");
    expect(text).toContain("José Núñez".normalize("NFC"));
    expect(text).toContain("740 Mission St");
    expect(text).toContain("Unit 4");

    const cjk = await readFile(join(out, rows[1]?.file ?? ""));
    expect((await pdfText(cjk)).join("\n")).toContain("Dear 王小明,");
    expect((await pdfQrCodes(cjk)).flat()).toEqual([expectedQr("1e3", "baseline_survey")]);
    const quoted = await readFile(join(out, rows[3]?.file ?? ""));
    expect((await pdfText(quoted)).join("\n")).toContain('Aoife "Eefa" Ní Bhriain');

    // The print file (drawn again from the letters' data) holds every printed QR, 0008's too, in
    // roster order: the packet's two surveys, then 1e3 and 0008; nothing of the failed row.
    expect(await printedQrCodes(out)).toEqual([
      [
        expectedQr("0042", "baseline_survey"),
        expectedQr("0042", "followup_survey"),
        expectedQr("1e3", "baseline_survey"),
        expectedQr("0008", "baseline_survey"),
      ],
    ]);
  });
});
