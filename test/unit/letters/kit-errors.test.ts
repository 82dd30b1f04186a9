import { beforeAll, describe, expect, it, vi } from "vitest";
import { RowError } from "../../../src/errors.js";
import { type LetterKit, loadLetterKit } from "../../../src/letters/index.js";
import { demoRows, letterFor } from "./letter-fixtures.js";

// An error from pdfkit, fontkit or qrcode may quote text (even a code): only its class may reach the
// manifest. `failWith` makes the next letter's layout throw it; the kit's own sample letters render as usual.
const state = vi.hoisted(() => ({ failWith: undefined as unknown }));
vi.mock("../../../src/letters/render.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../../src/letters/render.js")>();
  return {
    ...original,
    drawLetter: (...args: Parameters<typeof original.drawLetter>) => {
      if (state.failWith !== undefined) throw state.failWith;
      return original.drawLetter(...args);
    },
  };
});

let kit: LetterKit;
beforeAll(async () => {
  kit = await loadLetterKit();
});

async function failure(thrown: unknown): Promise<RowError> {
  state.failWith = thrown;
  try {
    const error = await kit.renderLetter(letterFor(demoRows()[1] ?? {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RowError);
    return error as RowError;
  } finally {
    state.failWith = undefined;
  }
}

describe("an unknown error while laying out a letter", () => {
  it("names only the error's class, keeps it as the cause, and never quotes its message", async () => {
    const secret = "Cannot encode 4ACDEFH7 for Maria Lopez";
    const thrown = new RangeError(secret);
    const error = await failure(thrown);
    expect(error.message).toBe("The letter could not be laid out (unexpected RangeError); please report it");
    expect(error.message).not.toContain("Maria");
    expect(error.message).not.toContain("4ACDEFH7");
    expect(error.cause).toBe(thrown);
  });

  it("names the kind of a thrown non-error", async () => {
    const error = await failure("Maria Lopez");
    expect(error.message).toBe("The letter could not be laid out (unexpected string); please report it");
    expect(error.cause).toBe("Maria Lopez");
  });

  it("passes a RowError through unchanged", async () => {
    const thrown = new RowError("The letter cannot be printed: something known");
    expect(await failure(thrown)).toBe(thrown);
  });
});
