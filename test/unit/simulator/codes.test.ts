import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deriveCodes, type ParticipantKey } from "../../../src/simulator/index.js";

const key = fc.record<ParticipantKey>({
  projectId: fc.integer({ min: 1, max: 99_999 }),
  recordId: fc.string({ minLength: 1, maxLength: 20 }),
  instrument: fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/),
  eventId: fc.integer({ min: 1, max: 99_999 }),
  instance: fc.integer({ min: 1, max: 500 }),
});

describe("derived codes", () => {
  it("always have REDCap's alphabet and lengths", () => {
    fc.assert(
      fc.property(fc.string(), key, (seed, k) => {
        const codes = deriveCodes(seed, k);
        expect(codes.accessCode).toMatch(/^[34789ACDEFHJKLMNPRTWXY]{9}$/);
        expect(codes.returnCode).toMatch(/^[34789ACDEFHJKLMNPRTWXY]{8}$/);
        expect(codes.hash).toMatch(/^[A-Za-z0-9]{16}$/);
      }),
    );
  });

  it("same inputs, same codes", () => {
    fc.assert(
      fc.property(fc.string(), key, (seed, k) => {
        expect(deriveCodes(seed, { ...k })).toEqual(deriveCodes(seed, k));
      }),
    );
  });

  it("different records get different codes", () => {
    fc.assert(
      fc.property(fc.string(), key, fc.string({ minLength: 1 }), (seed, k, other) => {
        fc.pre(other !== k.recordId);
        const a = deriveCodes(seed, k);
        const b = deriveCodes(seed, { ...k, recordId: other });
        expect(b.accessCode).not.toBe(a.accessCode);
        expect(b.returnCode).not.toBe(a.returnCode);
        expect(b.hash).not.toBe(a.hash);
      }),
    );
  });

  it("separating fields cannot be confused by concatenation", () => {
    const base = { projectId: 1, eventId: 1, instance: 1 };
    const a = deriveCodes("s", { ...base, recordId: "1", instrument: "2a" });
    const b = deriveCodes("s", { ...base, recordId: "12", instrument: "a" });
    expect(a.accessCode).not.toBe(b.accessCode);
  });

  it("is pinned for the default seed, so demo letters stay the same between versions", () => {
    const codes = deriveCodes("redcap-packets-simulator", {
      projectId: 1234,
      recordId: "0001",
      instrument: "baseline_survey",
      eventId: 12341,
      instance: 1,
    });
    expect(codes).toMatchInlineSnapshot(`
      {
        "accessCode": "X379AEFM9",
        "hash": "YjhljFgSJStOSyW1",
        "returnCode": "F8J4A898",
      }
    `);
  });
});
