import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgressReporter } from "../../../src/cli/progress.js";

function logged(events: (reporter: ReturnType<typeof createProgressReporter>) => void): string {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  const reporter = createProgressReporter(stream);
  events(reporter);
  reporter.finish();
  return text;
}

describe("the progress lines of a run in a log", () => {
  it("counts the letters made and failed at each quarter", () => {
    const text = logged(({ report }) => {
      report({ type: "planned", layout: "letter", total: 40, toMake: 40, skipped: 0, failed: 0 });
      for (let row = 1; row <= 40; row++)
        report({ type: "row", row, status: row % 10 === 0 ? "failed" : "ok", begun: true });
    });
    expect(text).toContain("… 10/40 letters (1 failed)");
    expect(text).toContain("… 40/40 letters (4 failed)");
  });

  it("does not count as failed the letters a stop (Ctrl-C) left out before they began", () => {
    const text = logged(({ report }) => {
      report({ type: "planned", layout: "letter", total: 40, toMake: 40, skipped: 0, failed: 0 });
      for (let row = 1; row <= 12; row++) report({ type: "row", row, status: "ok", begun: true });
      for (let row = 13; row <= 40; row++) report({ type: "row", row, status: "failed", begun: false });
    });
    expect(text).toContain("… 10/40 letters (0 failed)");
    expect(text).not.toMatch(/\d+\/40 letters \([1-9]/);
    expect(text).not.toContain("20/40");
  });

  it.each([
    ["letter", "40 roster row(s): 38 letter(s) to make", "… 10/38 letters (0 failed)"],
    ["handout", "40 roster row(s): 38 hand-out(s) to make", "… 10/38 hand-outs (0 failed)"],
    [
      "cards",
      "40 roster row(s): cards for 38 participant(s) to make",
      "… 10/38 participants' cards (0 failed)",
    ],
    ["labels", "40 roster row(s): 38 label(s) to make", "… 10/38 labels (0 failed)"],
  ] as const)("says what a run of %s makes, in its words", (layout, planned, quarter) => {
    const text = logged(({ report }) => {
      report({ type: "planned", layout, total: 40, toMake: 38, skipped: 2, failed: 0 });
      for (let row = 1; row <= 10; row++) report({ type: "row", row, status: "ok", begun: true });
    });
    expect(text).toContain(`${planned}, 2 skipped, 0 failed before fetching.`);
    expect(text).toContain(quarter);
  });
});
