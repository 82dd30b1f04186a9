import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { packagePath } from "../../src/paths.js";
import { loadProjectFile, pickDisplayToken, startSimulator } from "../../src/simulator/index.js";
import { pdfQrCodes } from "../helpers/pdf.js";
import { runBuiltCli, tempDir } from "../helpers/run-cli.js";

// Ctrl-C in the middle of a mailing: the letters in progress finish, the manifest says what was
// made and what was not, nothing is left half-written, and the same command then makes the rest.

describe("Ctrl-C during a run", () => {
  it("stops cleanly, writes the manifest, and a second run finishes the job", async () => {
    const project = await loadProjectFile(packagePath("fixtures", "demo-project.json"));
    const sim = await startSimulator({ project, port: 0, latencyMs: 150 });
    try {
      const out = join(await tempDir("interrupt"), "run");
      const args = [
        "generate",
        "--roster",
        packagePath("fixtures", "demo-roster.csv"),
        "--api-url",
        sim.apiUrl,
      ];
      const run = () =>
        runBuiltCli([...args, "--instrument", "baseline_survey", "--out", out, "--concurrency", "1"], {
          env: { REDCAP_API_TOKEN: pickDisplayToken(project) },
          onStart: (child) => {
            void (async () => {
              // Interrupt once the first letter is on disk.
              for (let i = 0; i < 200; i++) {
                const made = await readdir(join(out, "letters")).catch(() => []);
                if (made.some((f) => f.endsWith(".pdf"))) break;
                await delay(50);
              }
              child.kill("SIGINT");
            })();
          },
        });
      const first = await run();
      expect(first.stderr).toContain("Stopping after the letters in progress");
      expect(first.code).toBe(1);
      const rows = parse(await readFile(join(out, "manifest.csv")), { columns: true }) as Record<
        string,
        string
      >[];
      expect(rows).toHaveLength(14);
      const ok = rows.filter((r) => r.status === "ok").length;
      expect(ok).toBeGreaterThan(0);
      expect(ok).toBeLessThan(14);
      const notMade = rows.filter((r) => r.status === "failed");
      expect(notMade.every((r) => r.error === "not made: the run was interrupted before this row")).toBe(
        true,
      );
      const letters = await readdir(join(out, "letters"));
      expect(letters.filter((f) => f.endsWith(".tmp"))).toEqual([]);
      expect(letters).toHaveLength(ok);
      expect(await readdir(out)).not.toContain(".redcap-packets.lock");

      const second = await runBuiltCli(
        [...args, "--instrument", "baseline_survey", "--out", out, "--concurrency", "4"],
        { env: { REDCAP_API_TOKEN: pickDisplayToken(project) } },
      );
      expect(second.code).toBe(0);
      const after = parse(await readFile(join(out, "manifest.csv")), { columns: true }) as Record<
        string,
        string
      >[];
      expect(after.filter((r) => r.status === "ok")).toHaveLength(14 - ok);
      expect(after.filter((r) => r.status === "skipped")).toHaveLength(ok);
    } finally {
      await sim.close();
    }
  });

  it("after a hard kill, a second run prints the letters that were made but never printed", async () => {
    const project = await loadProjectFile(packagePath("fixtures", "demo-project.json"));
    const sim = await startSimulator({ project, port: 0, latencyMs: 150 });
    const token = pickDisplayToken(project);
    try {
      const out = join(await tempDir("killed"), "run");
      const args = [
        "generate",
        "--roster",
        packagePath("fixtures", "demo-roster.csv"),
        "--api-url",
        sim.apiUrl,
      ];
      const flags = ["--instrument", "baseline_survey", "--out", out];
      const killed = await runBuiltCli([...args, ...flags, "--concurrency", "1"], {
        env: { REDCAP_API_TOKEN: token },
        onStart: (child) => {
          void (async () => {
            for (let i = 0; i < 300; i++) {
              const made = await readdir(join(out, "letters")).catch(() => []);
              if (made.filter((f) => f.endsWith(".pdf")).length >= 2) break;
              await delay(30);
            }
            child.kill("SIGKILL");
          })();
        },
      });
      expect(killed.code).toBeNull();
      // The manifest was on disk from the start: it accounts for the letters made so far.
      const during = parse(await readFile(join(out, "manifest.csv")), { columns: true }) as Record<
        string,
        string
      >[];
      expect(during).toHaveLength(14);
      const madeBefore = (await readdir(join(out, "letters"))).filter((f) => f.endsWith(".pdf"));
      expect(madeBefore.length).toBeGreaterThanOrEqual(2);
      expect(await readdir(join(out, "print")).catch(() => [])).toEqual([]);

      const second = await runBuiltCli([...args, ...flags], { env: { REDCAP_API_TOKEN: token } });
      expect(second.code).toBe(0);
      const rows = parse(await readFile(join(out, "manifest.csv")), { columns: true }) as Record<
        string,
        string
      >[];
      // Every letter is in a print file now, the ones made before the kill included.
      expect(rows.every((r) => r.status === "ok" && r.print_file !== "")).toBe(true);
      const [printFile] = await readdir(join(out, "print"));
      const printed = (await pdfQrCodes(await readFile(join(out, "print", printFile ?? "")))).flat();
      expect(printed).toHaveLength(14);
    } finally {
      await sim.close();
    }
  });
});
