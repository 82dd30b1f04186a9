import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { baselineResume, generateDemo, lettersMade, startDemo } from "../helpers/demo.js";
import { printFileQrCodes } from "../helpers/printed.js";
import { tempDir } from "../helpers/run-cli.js";

// An administrator deletes the token in the middle of a mailing: the run stops at the first 403
// (exit 3), sends nothing more with the dead token, and the manifest shows what was made.

describe("a token revoked mid-run", () => {
  it("stops the run at the first 403, lists what finished and prints it", async () => {
    const demo = await startDemo({ latencyMs: 150 });
    try {
      const out = join(await tempDir("revoked"), "run");
      let revokedAt = Number.POSITIVE_INFINITY;
      // The default pace, so the run is still going when the token is revoked.
      const result = await generateDemo(demo, out, ["--concurrency", "2", "--rate-limit", "300/60s"], {
        onStart: () =>
          void lettersMade(out).then(() => {
            revokedAt = demo.sim.stats.total;
            demo.sim.revokeToken(demo.token);
          }),
      });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain("REDCap refused the API token (403)");
      // Only what was already in flight (concurrency 2) may follow the revocation.
      expect(demo.sim.stats.total - revokedAt).toBeLessThanOrEqual(4);
      const rows = parse(await readFile(join(out, "manifest.csv")), { columns: true }) as Record<
        string,
        string
      >[];
      expect(rows).toHaveLength(14);
      const ok = rows.filter((r) => r.status === "ok");
      expect(ok.length).toBeGreaterThan(0);
      const failed = rows.filter((r) => r.status === "failed");
      expect(failed.length).toBe(14 - ok.length);
      expect(failed.some((r) => r.error?.startsWith("REDCap refused the API token (403)"))).toBe(true);
      const cut = failed.filter((r) =>
        r.error?.startsWith("not made: the server stopped accepting the API token"),
      );
      expect(cut.length).toBeGreaterThan(5);
      expect(JSON.stringify(rows) + result.stderr + result.stdout).not.toContain(demo.token);
      // The letters made before the 403 are printed, in roster order, each with its own link.
      const printFile = ok[0]?.print_file ?? "";
      expect(ok.every((r) => r.print_file === printFile)).toBe(true);
      expect(await printFileQrCodes(out)).toEqual(
        new Map([[printFile, ok.map((r) => baselineResume(demo, r.record_id ?? ""))]]),
      );
    } finally {
      await demo.sim.close();
    }
  });
});
