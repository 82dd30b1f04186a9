import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import selfsigned from "selfsigned";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resumeUrl } from "../../src/links.js";
import {
  DEMO_ROSTER,
  type Demo,
  generateDemo,
  generateRoster,
  LETTER_QR_DPI,
  startDemo,
} from "../helpers/demo.js";
import { pdfQrCodes } from "../helpers/pdf.js";
import { printedQrCodes } from "../helpers/printed.js";
import { tempDir } from "../helpers/run-cli.js";

// The built command against the simulator over HTTPS with a certificate no system trusts, as behind
// an institution's TLS inspection: --ca-file makes the run work, its absence stops it before any
// letter. The key and certificate are made for this run in a temp folder.

type ManifestRow = Record<string, string>;

let demo: Demo;
let sim: Demo["sim"];
let dir: string;
let caFile: string;

beforeAll(async () => {
  dir = await tempDir("e2e-tls");
  const pems = await selfsigned.generate([{ name: "commonName", value: "127.0.0.1" }], {
    notAfterDate: new Date(Date.now() + 86_400_000),
    keySize: 2048,
    extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
  });
  caFile = join(dir, "institution-ca.pem");
  await writeFile(caFile, pems.cert, { mode: 0o600 });
  demo = await startDemo({ seed: "e2e-tls", tls: { key: pems.private, cert: pems.cert } });
  sim = demo.sim;
});
afterAll(async () => {
  await sim.close();
});

function generate(out: string, extra: string[] = []) {
  return generateDemo(demo, out, extra);
}

/** The demo roster's first four rows: letters enough to fetch codes over several connections at once. */
async function fourRows(): Promise<string> {
  const lines = (await readFile(DEMO_ROSTER, "utf8")).trim().split("\n");
  const file = join(dir, "four.csv");
  await writeFile(file, lines.slice(0, 5).join("\n"));
  return file;
}

describe("generate over HTTPS, end to end", () => {
  it("with --ca-file: exits 0 and every QR decodes to the participant's https resume URL", async () => {
    expect(sim.apiUrl).toMatch(/^https:\/\//);
    const out = join(dir, "trusted");
    const result = await generateRoster(demo, await fourRows(), out, ["--ca-file", caFile]);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const rows = parse(await readFile(join(out, "manifest.csv")), { columns: true }) as ManifestRow[];
    expect(rows.map((r) => r.record_id)).toEqual(["0001", "0002", "0003", "0004"]);
    const links: string[] = [];
    for (const row of rows) {
      expect(row.status).toBe("ok");
      const codes = sim.codesFor({
        recordId: row.record_id ?? "",
        instrument: "baseline_survey",
        event: undefined,
        repeatInstance: 1,
      });
      const expected = resumeUrl(codes.surveyLink, codes.returnCode);
      expect(expected.startsWith(`${sim.origin}/surveys/?s=`)).toBe(true);
      expect(expected.startsWith("https://")).toBe(true);
      const pdf = await readFile(join(out, row.file ?? ""));
      expect((await pdfQrCodes(pdf, LETTER_QR_DPI)).flat()).toEqual([expected]);
      links.push(expected);
    }
    // And the print file, drawn again from the letters' data, in roster order.
    expect(await printedQrCodes(out)).toEqual([links]);
  });

  it("without --ca-file: stops in preflight with the untrusted-certificate message and writes nothing", async () => {
    const before = sim.stats.total;
    const out = join(dir, "untrusted");
    const result = await generate(out);
    // Nothing was fetched: exit 2 (cli.md).
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "error: Could not check the project before fetching codes. REDCap's server presented a TLS certificate that is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT). " +
        "If your institution inspects TLS traffic, give its CA bundle (PEM) with --ca-file; " +
        "verification is never turned off\n",
    );
    expect(result.stderr).not.toMatch(/rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED|insecure/i);
    expect(result.stdout).toBe("");
    // No handshake succeeded, so no request reached the server, and no run folder was made.
    expect(sim.stats.total).toBe(before);
    expect(existsSync(out)).toBe(false);
  });
});
