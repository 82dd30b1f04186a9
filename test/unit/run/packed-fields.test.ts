import { describe, expect, it } from "vitest";
import { checkedLetters, fieldOf, fieldsOf } from "../../../src/run/check.js";
import { packedField, packFields, unpackFields } from "../../../src/run/packed-fields.js";
import { surveyRefs } from "../../../src/run/packet.js";
import { buildPlan } from "../../../src/run/plan.js";
import type { Roster } from "../../../src/types.js";
import { rosterRow } from "../../helpers/roster-row.js";

describe("a letter's roster values packed in one string", () => {
  const names = ["record_id", "first_name", "note", "__proto__", "city", "empty"];
  // fromEntries: "__proto__" is an ordinary column here, as the roster reader makes it.
  const fields: Record<string, string> = Object.fromEntries([
    ["record_id", "0042"],
    ["first_name", "李小龍 Łukasz 🙂"],
    // Lengths that take one, two and three base-128 digits, and characters a separator could be.
    ["note", `${"x".repeat(127)}\u0000${"\u0080".repeat(200)}\u00ff${"y".repeat(20_000)}`],
    ["__proto__", "an ordinary column"],
    ["city", "São Paulo"],
    ["empty", ""],
  ]);

  it("gives back every value exactly, by name, whatever characters or lengths it holds", () => {
    const packed = packFields(names, fields);
    const back = unpackFields(names, packed);
    expect(back).toEqual(fields);
    expect(Object.keys(back)).toEqual(names);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    for (const name of names) expect(packedField(names, packed, name)).toBe(fields[name]);
  });

  it("says a column it does not hold is not there, and a missing value is empty", () => {
    const packed = packFields(["a", "b"], { a: "1" });
    expect(unpackFields(["a", "b"], packed)).toEqual({ a: "1", b: "" });
    expect(packedField(["a", "b"], packed, "c")).toBeUndefined();
  });

  it("refuses a packed string cut short, in a length or in a value, rather than give a shorter value", () => {
    const packed = packFields(["a"], { a: "x".repeat(300) });
    expect(() => unpackFields(["a"], packed.slice(0, 1))).toThrow(RangeError);
    expect(() => unpackFields(["a"], packed.slice(0, 100))).toThrow(RangeError);
    expect(() => packedField(["a"], packed.slice(0, 100), "a")).toThrow(RangeError);
  });
});

describe("checked letters, held compactly", () => {
  const roster: Roster = {
    file: "r.csv",
    columns: ["record_id", "postal_code"],
    rows: ["a", "b", "c"].map((id, i) =>
      rosterRow(i + 1, id, { fields: { record_id: id, postal_code: `0212${i}` } }),
    ),
  };
  const plan = buildPlan(roster, {
    instruments: ["baseline", "followup"],
    event: undefined,
    records: undefined,
    sortBy: undefined,
  });
  const letters = checkedLetters(
    plan.letters,
    (instrument) => instrument.toUpperCase(),
    (letter) => (letter.recordId === "b" ? "not in the project" : undefined),
  );

  it("share one list of surveys, and ask REDCap about each survey for the letter's own record", () => {
    const [a, b, c] = letters;
    expect(a?.surveys).toBe(b?.surveys);
    expect(b?.surveys).toBe(c?.surveys);
    expect(a?.surveys.map((s) => s.label)).toEqual(["BASELINE", "FOLLOWUP"]);
    expect(c && surveyRefs(c)).toEqual([
      { recordId: "c", instrument: "baseline", event: undefined, repeatInstance: 1 },
      { recordId: "c", instrument: "followup", event: undefined, repeatInstance: 1 },
    ]);
  });

  it("share a list only between letters that open the same surveys", () => {
    const rows = roster.rows.map((r, i) => (i === 2 ? { ...r, event: "month_6_arm_1" } : r));
    const more = [
      ...rows,
      rosterRow(4, "a", { repeatInstance: 2, fields: { record_id: "a", postal_code: "1" } }),
    ];
    const [a, b, c, d] = checkedLetters(
      buildPlan(
        { ...roster, rows: more },
        { instruments: ["baseline"], event: undefined, records: undefined, sortBy: undefined },
      ).letters,
      (instrument) => instrument,
      () => undefined,
    );
    expect(a?.surveys).toBe(b?.surveys);
    expect(c?.surveys).not.toBe(a?.surveys);
    expect(c?.surveys[0]?.event).toBe("month_6_arm_1");
    expect(d?.surveys).not.toBe(a?.surveys);
    expect(d?.surveys[0]?.repeatInstance).toBe(2);
    expect(Object.isFrozen(a?.surveys) && Object.isFrozen(a?.surveys[0])).toBe(true);
  });

  it("give each letter its own values and verdict", () => {
    expect(letters.map((l) => fieldsOf(l))).toEqual(roster.rows.map((r) => r.fields));
    expect(letters.map((l) => fieldOf(l, "postal_code"))).toEqual(["02120", "02121", "02122"]);
    expect(letters.map((l) => l.problem)).toEqual([undefined, "not in the project", undefined]);
  });
});
