import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import { RunFolder } from "../../../src/run/folder/run-folder.js";

// A run folder --out cannot make is a set-up finding (exit 2) before anything is asked of REDCap, in a
// dry run too, not an "unexpected error" once the codes are about to be fetched.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rp-writable-"));
  await writeFile(join(dir, "a-file"), "");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("RunFolder.checkWritable", () => {
  it("passes a folder that does not exist yet below one that does", async () => {
    await expect(new RunFolder(join(dir, "new", "run")).checkWritable()).resolves.toBeUndefined();
  });

  it("refuses a folder below a file, naming --out", async () => {
    const check = new RunFolder(join(dir, "a-file", "run")).checkWritable();
    await expect(check).rejects.toBeInstanceOf(ConfigError);
    await expect(check).rejects.toThrow(/cannot be made.*Give --out a folder/);
  });

  it("refuses a file given as the run folder", async () => {
    await expect(new RunFolder(join(dir, "a-file")).checkWritable()).rejects.toThrow(
      `${join(dir, "a-file")} is a file, not a folder`,
    );
  });
});
