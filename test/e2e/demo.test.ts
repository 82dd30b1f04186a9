import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packagePath } from "../../src/paths.js";
import { baselineResume, DEMO_ROSTER, LETTER_QR_DPI, startDemo } from "../helpers/demo.js";
import { pdfPageSizes, pdfQrCodes, pdfText } from "../helpers/pdf.js";
import { printedQrCodes } from "../helpers/printed.js";

// `npm run demo` (after its build step) is one of the two commands a new machine must run.

describe("npm run demo", () => {
  it("makes the 14 demo letters in output/demo (US Letter) and output/demo-a4 (A4), each QR its participant's resume link", async () => {
    const child = spawn(process.execPath, [packagePath("dist", "demo.js")], {
      cwd: packagePath(),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(stdout).toContain("Made 14 letter(s), skipped 0, failed 0");
    const folder = packagePath("output", "demo", "letters");
    const letters = (await readdir(folder)).filter((f) => f.endsWith(".pdf"));
    expect(letters).toHaveLength(14);
    // The demo serves the bundled project with the simulator's fixed seed on a port of its own: the
    // same codes as a simulator started here, under the demo's origin (its API URL, which the run
    // folder's settings keep).
    const demo = await startDemo();
    const settings = JSON.parse(await readFile(packagePath("output", "demo", "run.json"), "utf8"));
    const origin = new URL(String(settings.apiUrl)).origin;
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const records = (await readFile(DEMO_ROSTER, "utf8"))
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split(",")[0] ?? "");
    const expectedUrl = (recordId: string) => baselineResume(demo, recordId).replace(demo.sim.origin, origin);
    try {
      for (const recordId of records) {
        const file = join(folder, `${recordId}--baseline_survey.pdf`);
        const [qrs] = await pdfQrCodes(await readFile(file), LETTER_QR_DPI);
        expect(qrs, file).toEqual([expectedUrl(recordId)]);
      }
      // Each run's print file, the one that goes to the printer (drawn again from the letters'
      // data): every participant's link once, in roster order.
      for (const run of ["demo", "demo-a4"]) {
        const printed = await printedQrCodes(packagePath("output", run));
        expect(printed, run).toEqual([records.map(expectedUrl)]);
      }
    } finally {
      await demo.sim.close();
    }
    const pdf = await readFile(join(folder, "0004--baseline_survey.pdf"));
    expect((await pdfText(pdf)).join(" ")).toContain("Παπαδόπουλος");
    expect(stdout).toContain(packagePath("output", "demo-a4"));
    const a4 = await readFile(join(packagePath("output", "demo-a4", "letters"), "0001--baseline_survey.pdf"));
    const [size] = await pdfPageSizes(a4);
    expect(size?.width).toBeCloseTo((210 * 72) / 25.4, 0);
    expect(size?.height).toBeCloseTo((297 * 72) / 25.4, 0);
    expect((await pdfText(a4)).join(" ")).toContain("Estimado/a Maria Hernández López:");
  });
});
