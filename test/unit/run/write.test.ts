import { mkdtemp, readdir, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensurePrivateDir, writeFileAtomic, writeStreamAtomic } from "../../../src/run/folder/write.js";

describe("private atomic writes", () => {
  it("creates private folders and files", async () => {
    const dir = join(await mkdtemp(join(tmpdir(), "rp-write-")), "run", "letters");
    await ensurePrivateDir(dir);
    await writeFileAtomic(join(dir, "a.pdf"), "content");
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, "a.pdf"))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, "a.pdf"), "utf8")).toBe("content");
  });

  it("leaves neither the file nor a temp file when producing fails", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rp-write-"));
    const failing = writeStreamAtomic(join(dir, "print.pdf"), async (out) => {
      out.write("half a file");
      throw new Error("renderer crashed");
    });
    await expect(failing).rejects.toThrow("renderer crashed");
    expect(await readdir(dir)).toEqual([]);
  });

  it("replaces an existing file whole", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rp-write-"));
    await writeFileAtomic(join(dir, "m.csv"), "old");
    await writeFileAtomic(join(dir, "m.csv"), "new");
    expect(await readdir(dir)).toEqual(["m.csv"]);
    expect(await readFile(join(dir, "m.csv"), "utf8")).toBe("new");
  });
});
