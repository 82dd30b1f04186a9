import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRoster } from "../../../src/roster/read-roster.js";

describe("readRoster", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "roster-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads and parses a file", async () => {
    const file = join(dir, "r.csv");
    await writeFile(file, "record_id\n0042\n");
    const roster = await readRoster(file);
    expect(roster.file).toBe(file);
    expect(roster.rows[0]?.recordId).toBe("0042");
  });

  it.each([
    ["missing.csv", "the file does not exist; expected a roster CSV file"],
    ["", "this is a folder, not a roster file; expected a roster CSV file"],
  ])("refuses %j", async (name, problem) => {
    const file = join(dir, name);
    await expect(readRoster(file)).rejects.toMatchObject({ code: "ROSTER", message: `${file}: ${problem}` });
  });
});
