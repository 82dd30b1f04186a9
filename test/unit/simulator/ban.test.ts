import { describe, expect, it } from "vitest";
import { BanList, banMessage } from "../../../src/simulator/index.js";

function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("REDCap's IP ban", () => {
  it("lets N requests through in the window, still answers the N+1th but bans from the next, for good", () => {
    const clock = manualClock();
    const bans = new BanList({ count: 5, windowMs: 60_000 }, clock);
    for (let i = 0; i < 5; i++) expect(bans.admit("10.0.0.1")).toBe(true);
    expect(bans.isBanned("10.0.0.1")).toBe(false);
    expect(bans.admit("10.0.0.1")).toBe(true);
    expect(bans.isBanned("10.0.0.1")).toBe(true);
    expect(bans.admit("10.0.0.1")).toBe(false);
    clock.advance(24 * 3600_000);
    expect(bans.admit("10.0.0.1")).toBe(false);
    expect(bans.isBanned("10.0.0.1")).toBe(true);
  });

  it("counts per IP", () => {
    const bans = new BanList({ count: 2, windowMs: 60_000 }, manualClock());
    // a's third request crosses the threshold (answered, then banned); b stays under it.
    const answers = [bans.admit("a"), bans.admit("a"), bans.admit("b"), bans.admit("b"), bans.admit("a")];
    expect([...answers, bans.admit("a")]).toEqual([true, true, true, true, true, false]);
    expect(bans.bannedIps).toEqual(["a"]);
  });

  it("slides: a request exactly windowMs old no longer counts", () => {
    const clock = manualClock();
    const bans = new BanList({ count: 3, windowMs: 60_000 }, clock);
    for (let i = 0; i < 3; i++) {
      expect(bans.admit("ip")).toBe(true);
      clock.advance(10_000);
    }
    clock.advance(30_000); // the first request is now exactly 60 s old
    expect(bans.admit("ip")).toBe(true);
    clock.advance(9_999); // the second is 59.999 s old: still counted, with the third and fourth
    expect(bans.admit("ip")).toBe(true); // the crossing request is answered …
    expect(bans.admit("ip")).toBe(false); // … the next one is not
  });

  it("count per window, steadily, never bans", () => {
    const clock = manualClock();
    const bans = new BanList({ count: 600, windowMs: 60_000 }, clock);
    for (let i = 0; i < 1800; i++) {
      expect(bans.admit("ip")).toBe(true);
      clock.advance(100);
    }
  });

  it("can be switched off, and lifted by hand", () => {
    const off = new BanList(false, manualClock());
    for (let i = 0; i < 1000; i++) off.admit("ip");
    expect(off.admit("ip")).toBe(true);
    const bans = new BanList({ count: 1, windowMs: 1000 }, manualClock());
    bans.admit("ip");
    bans.admit("ip");
    expect(bans.admit("ip")).toBe(false);
    bans.lift("ip");
    expect(bans.isBanned("ip")).toBe(false);
  });

  it("says what REDCap says", () => {
    expect(banMessage("127.0.0.1")).toBe(
      "Your IP address (127.0.0.1) has been banned due to suspected abuse.",
    );
  });
});
