import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packagePath } from "../../src/paths.js";
import { LETTER_QR_DPI } from "../helpers/demo.js";
import { pdfPageSizes, pdfQrCodes, pdfText } from "../helpers/pdf.js";

// `npm run demo` (after its build step) is one of the two commands a new machine must run.

describe("npm run demo", () => {
  it("makes the 14 demo letters in output/demo (US Letter) and output/demo-a4 (A4), each with one decodable QR", async () => {
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
    const pdf = await readFile(join(folder, "0004--baseline_survey.pdf"));
    expect((await pdfQrCodes(pdf, LETTER_QR_DPI)).flat()).toEqual([
      expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/surveys\/\?s=\w+&rc=\w{8}$/),
    ]);
    expect((await pdfText(pdf)).join(" ")).toContain("Παπαδόπουλος");
    expect(stdout).toContain(packagePath("output", "demo-a4"));
    const a4 = await readFile(join(packagePath("output", "demo-a4", "letters"), "0001--baseline_survey.pdf"));
    const [size] = await pdfPageSizes(a4);
    expect(size?.width).toBeCloseTo((210 * 72) / 25.4, 0);
    expect(size?.height).toBeCloseTo((297 * 72) / 25.4, 0);
    expect((await pdfText(a4)).join(" ")).toContain("Estimado/a Maria Hernández López:");
  });
});
