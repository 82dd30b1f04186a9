import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import { lockRunFolder } from "../../../src/run/folder/run-lock.js";

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

describe("taking over a dead run's lock", () => {
  it("lets exactly one of many runs racing over a dead lock take it, every time", async () => {
    for (let trial = 0; trial < 25; trial++) {
      const dir = await runFolder();
      await lockRunFolder(dir, { pid: 999, isAlive: () => true });
      const racers = [101, 102, 103, 104];
      const alive = (pid: number) => racers.includes(pid);
      const tries = await Promise.allSettled(
        racers.map((pid) => lockRunFolder(dir, { pid, isAlive: alive })),
      );
      expect(tries.filter((t) => t.status === "fulfilled")).toHaveLength(1);
      expect((await readdir(dir)).filter((n) => n.includes(".takeover") || n.includes(".stale-"))).toEqual(
        [],
      );
    }
  });

  it("releases only a lock it still holds", async () => {
    const dir = await runFolder();
    const first = await lockRunFolder(dir, { pid: 111, isAlive: () => true });
    // 111 is presumed dead; 222 takes over; 111's late release must leave 222's lock alone.
    await lockRunFolder(dir, { pid: 222, isAlive: (pid) => pid === 222 });
    await first.release();
    await expect(lockRunFolder(dir, { pid: 333, isAlive: (pid) => pid === 222 })).rejects.toThrow(
      /process 222/,
    );
  });
});
