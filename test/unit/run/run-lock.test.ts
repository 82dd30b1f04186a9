import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import { lockRunFolder } from "../../../src/run/run-lock.js";

async function runFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "rp-lock-"));
  await mkdir(join(dir, "letters"));
  return dir;
}

describe("the run folder lock", () => {
  it("refuses a folder another live run holds", async () => {
    const dir = await runFolder();
    await lockRunFolder(dir, { pid: 111, isAlive: () => true });
    await expect(lockRunFolder(dir, { pid: 222, isAlive: () => true })).rejects.toThrow(ConfigError);
    await expect(lockRunFolder(dir, { pid: 222, isAlive: () => true })).rejects.toThrow(
      /process 111\) is using .*choose another --out folder/,
    );
  });

  it("takes over the lock of a run that died, and removes the temp files it left half-written", async () => {
    const dir = await runFolder();
    await lockRunFolder(dir, { pid: 111, isAlive: () => true });
    await writeFile(join(dir, "letters", ".0042--baseline_survey.pdf.0123456789ab.tmp"), "half");
    await writeFile(join(dir, "letters", "0042--baseline_survey.pdf"), "whole");
    const lock = await lockRunFolder(dir, { pid: 222, isAlive: (pid) => pid === 222 });
    expect(await readdir(join(dir, "letters"))).toEqual(["0042--baseline_survey.pdf"]);
    await lock.release();
    expect(await readdir(dir)).toEqual(["letters"]);
  });
});

describe("the run folder lock under a race", () => {
  it("lets exactly one of many runs starting together take it", async () => {
    const dir = await runFolder();
    const alive = () => true;
    const tries = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => lockRunFolder(dir, { pid: 1000 + i, isAlive: alive })),
    );
    expect(tries.filter((t) => t.status === "fulfilled")).toHaveLength(1);
    expect((await readdir(dir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
});
