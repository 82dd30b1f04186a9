import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { packagePath } from "../../src/paths.js";
import { loadProjectFile, pickDisplayToken, startSimulator } from "../../src/simulator/index.js";
import { runBuiltCli, tempDir } from "../helpers/run-cli.js";

// An administrator deletes the token in the middle of a mailing: the run stops at the first 403
// (exit 3), sends nothing more with the dead token, and the manifest shows what was made.

describe("a token revoked mid-run", () => {
  it("stops the run at the first 403 and lists what finished", async () => {
    const project = await loadProjectFile(packagePath("fixtures", "demo-project.json"));
    const sim = await startSimulator({ project, port: 0, latencyMs: 60 });
    const token = pickDisplayToken(project);
    try {
      const out = join(await tempDir("revoked"), "run");
      let revokedAt = Number.POSITIVE_INFINITY;
      const args = [
        "generate",
        "--roster",
        packagePath("fixtures", "demo-roster.csv"),
        "--api-url",
        sim.apiUrl,
      ];
      const result = await runBuiltCli(
        [...args, "--instrument", "baseline_survey", "--out", out, "--concurrency", "2"],
        {
          env: { REDCAP_API_TOKEN: token },
          onStart: () => {
            void (async () => {
              for (let i = 0; i < 300; i++) {
                const made = await readdir(join(out, "letters")).catch(() => []);
                if (made.some((f) => f.endsWith(".pdf"))) break;
                await delay(20);
              }
              revokedAt = sim.stats.total;
              sim.revokeToken(token);
            })();
          },
        },
      );
      expect(result.code).toBe(3);
      expect(result.stderr).toContain("REDCap refused the API token (403)");
      // Only what was already in flight (concurrency 2) may follow the revocation.
      expect(sim.stats.total - revokedAt).toBeLessThanOrEqual(4);
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
      expect(
        failed.filter((r) => r.error?.startsWith("not made: the server stopped accepting the API token"))
          .length,
      ).toBeGreaterThan(5);
      expect(JSON.stringify(rows) + result.stderr + result.stdout).not.toContain(token);
    } finally {
      await sim.close();
    }
  });
});
