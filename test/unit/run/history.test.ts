import { appendFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  appendHistory,
  ensureHistory,
  type HistoryEntry,
  readHistory,
} from "../../../src/run/folder/history.js";
import { fileExists } from "../../../src/run/folder/write.js";

const at = new Date("2026-11-22T10:00:00Z");
const made = (letter: string): HistoryEntry => ({ event: "made", letter });
const printed = (letter: string, printFile: string): HistoryEntry => ({
  event: "printed",
  letter,
  printFile,
});
const done = (printFile: string): HistoryEntry => ({ event: "print_done", printFile });

async function folder(...batches: HistoryEntry[][]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "rp-history-"));
  await ensureHistory(dir);
  for (const batch of batches) await appendHistory(dir, batch, at);
  return dir;
}

const read = (dir: string) => readHistory(dir, fileExists);

describe("the run folder's history", () => {
  it("counts a letter as printed once its print file is done, even after the file is moved away", async () => {
    const dir = await folder([made("l/a.pdf")], [printed("l/a.pdf", "p/1.pdf")], [done("p/1.pdf")]);
    const history = await read(dir);
    expect([...history.printed]).toEqual([["l/a.pdf", "p/1.pdf"]]);
    expect([...history.unprinted]).toEqual([]);
    expect([...history.printedEver]).toEqual(["l/a.pdf"]);
  });

  it("does not count printed lines of a print file that was never put in place", async () => {
    const history = await read(await folder([made("l/a.pdf")], [printed("l/a.pdf", "p/1.pdf")]));
    expect([...history.printed]).toEqual([]);
    expect([...history.unprinted]).toEqual(["l/a.pdf"]);
  });

  it("counts them when the print file exists though its done line was lost (a crash right after the rename)", async () => {
    const dir = await folder([made("l/a.pdf")], [printed("l/a.pdf", "p/1.pdf")]);
    await writeFile(join(dir, "p-1.pdf"), "");
    await appendHistory(dir, [printed("l/a.pdf", "p-1.pdf")], at);
    expect([...(await read(dir)).printed]).toEqual([["l/a.pdf", "p-1.pdf"]]);
  });

  it("a letter made again after it was printed is unprinted until printed again, and a replacement", async () => {
    const dir = await folder(
      [made("l/a.pdf")],
      [printed("l/a.pdf", "p/1.pdf")],
      [done("p/1.pdf")],
      [made("l/a.pdf")],
    );
    const history = await read(dir);
    expect([...history.printed]).toEqual([]);
    expect([...history.unprinted]).toEqual(["l/a.pdf"]);
    expect([...history.printedEver]).toEqual(["l/a.pdf"]);
  });

  it("a letter remade by a rerender is a first letter again: not a replacement, even if that run died unprinted", async () => {
    const dir = await folder(
      [made("l/a.pdf")],
      [printed("l/a.pdf", "p/1.pdf")],
      [done("p/1.pdf")],
      [{ event: "remade", letter: "l/a.pdf" }],
    );
    const history = await read(dir);
    expect([...history.unprinted]).toEqual(["l/a.pdf"]);
    expect([...history.printedEver]).toEqual([]);
    // Once its new print file is done, a later replacement says so again.
    await appendHistory(dir, [printed("l/a.pdf", "p/2.pdf"), done("p/2.pdf")], at);
    expect([...(await read(dir)).printedEver]).toEqual(["l/a.pdf"]);
  });

  it("passes over a line a crash cut short, and the next line is not swallowed by it", async () => {
    const dir = await folder([made("l/a.pdf")]);
    await appendFile(join(dir, "history.csv"), "printed,l/a.pdf,p/1");
    await appendHistory(dir, [made("l/b.pdf")], at);
    const history = await read(dir);
    expect([...history.unprinted].sort()).toEqual(["l/a.pdf", "l/b.pdf"]);
    expect([...history.printed]).toEqual([]);
  });

  it("is empty when there is none, and stops the run when it cannot be read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rp-history-"));
    expect([...(await read(dir)).unprinted]).toEqual([]);
    const broken = await mkdtemp(join(tmpdir(), "rp-history-"));
    await mkdir(join(broken, "history.csv"));
    await expect(read(broken)).rejects.toThrow(/history\.csv could not be read \(EISDIR\)/);
  });

  it("appends a print file's thousands of lines whole, each on its own line", async () => {
    const letters = Array.from({ length: 4_500 }, (_, i) => `l/${i}.pdf`);
    const dir = await folder(
      letters.map(made),
      letters.map((letter) => printed(letter, "p/1.pdf")),
      [done("p/1.pdf")],
    );
    const history = await read(dir);
    expect(history.printed.size).toBe(4_500);
    expect(history.printed.get("l/4499.pdf")).toBe("p/1.pdf");
    expect([...history.unprinted]).toEqual([]);
  });
});
