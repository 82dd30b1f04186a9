import { describe, expect, it } from "vitest";
import { RedcapApiError, RedcapPermissionError, RedcapResponseShapeError } from "../../../src/errors.js";
import type { ParticipantRow } from "../../../src/redcap/shapes.js";
import { ListedCodes, listParticipants } from "../../../src/run/participant-codes.js";
import type { SurveyRef } from "../../../src/types.js";

const LINK = (s: string) => `https://redcap.example.edu/surveys/?s=${s}`;
const row = (record: string, extra: Partial<ParticipantRow> = {}): ParticipantRow => ({
  record,
  response_status: 0,
  survey_access_code: "WXY3479MN",
  survey_link: LINK(`LINK${record}`),
  ...extra,
});
const ref = (recordId: string, instrument = "baseline", event?: string, repeatInstance = 1): SurveyRef => ({
  recordId,
  instrument,
  event,
  repeatInstance,
});

function client(lists: Record<string, ParticipantRow[] | Error>) {
  const asked: string[] = [];
  return {
    asked,
    participantList: async (instrument: string, event: string | undefined) => {
      const key = event === undefined ? instrument : `${instrument}@${event}`;
      asked.push(key);
      const list = lists[key];
      if (list === undefined || list instanceof Error) throw list ?? new Error("no list");
      return list;
    },
  };
}

describe("the participant list", () => {
  it("asks once per survey and event, and maps only rows tied to a record", async () => {
    const c = client({
      baseline: [
        row("0001"),
        row(""),
        row("0002", { response_status: 2, survey_access_code: "", survey_link: "" }),
      ],
      "followup@visit_2": [row("0001")],
    });
    const refs = [ref("0001"), ref("0002"), ref("0003"), ref("0001", "followup", "visit_2"), ref("0004")];
    const { listed, unavailable } = await listParticipants(c, refs);
    expect(c.asked).toEqual(["baseline", "followup@visit_2"]);
    expect(unavailable).toEqual([]);
    expect(listed.get(ref("0001"))).toEqual({
      accessCode: "WXY3479MN",
      surveyLink: LINK("LINK0001"),
      completed: false,
    });
    expect(listed.get(ref("0002"))).toEqual({ accessCode: "", surveyLink: "", completed: true });
    expect(listed.get(ref("0003"))).toBeUndefined();
    expect(listed.get(ref("0001", "followup", "visit_2"))).toBeDefined();
  });

  it("leaves a record listed twice for one instance to the per-record calls, and keeps instances apart", async () => {
    const c = client({
      baseline: [
        row("0001"),
        row("0001", { survey_link: LINK("OTHER") }),
        row("0001", { survey_link: LINK("THIRD") }),
        row("0005", { repeat_instance: 1 }),
        row("0005", { repeat_instance: 2, survey_link: LINK("SECOND") }),
      ],
    });
    const { listed } = await listParticipants(c, [
      ref("0001"),
      ref("0005"),
      ref("0005", "baseline", undefined, 2),
    ]);
    expect(listed.get(ref("0001"))).toBeUndefined();
    expect(listed.get(ref("0005", "baseline", undefined, 2))?.surveyLink).toBe(LINK("SECOND"));
    expect(listed.get(ref("0005"))?.surveyLink).toBe(LINK("LINK0005"));
  });

  it("names the surveys whose list could not be had, and maps nothing for them", async () => {
    const c = client({
      baseline: new RedcapApiError("participantList", 400, "The method is not available here"),
      "other@v1": new RedcapResponseShapeError(
        "participantList",
        "a JSON list of survey participants",
        "<html>",
      ),
    });
    const { listed, unavailable } = await listParticipants(c, [ref("0001"), ref("0002", "other", "v1")]);
    expect(unavailable).toEqual(["baseline", "other (v1)"]);
    expect(listed.get(ref("0001"))).toBeUndefined();
    expect(listed.get(ref("0002", "other", "v1"))).toBeUndefined();
  });

  it("lets a revoked token or a ban stop the run instead of falling back to per-record calls", async () => {
    const revoked = new RedcapPermissionError("participantList", "You do not have API rights");
    await expect(listParticipants(client({ baseline: revoked }), [ref("0001")])).rejects.toBe(revoked);
  });
});

describe("participant-list entries held during a run", () => {
  const entry = { accessCode: "WXY3479MN", surveyLink: LINK("A"), completed: true };
  const packet = (...surveys: SurveyRef[]) => ({ recordId: surveys[0]?.recordId ?? "", surveys });

  it("are let go when the one letter that reads them is done", () => {
    const listed = new ListedCodes();
    listed.set(ref("0001"), entry);
    listed.set(ref("0002"), entry);
    listed.countReaders([packet(ref("0001")), packet(ref("0002"))]);
    listed.forget(ref("0001"));
    expect(listed.get(ref("0001"))).toBeUndefined();
    expect(listed.get(ref("0002"))).toBe(entry);
  });

  it("are kept until every packet of the record that reads them is done, codes kept or not", () => {
    const listed = new ListedCodes();
    // Record 0001 has two packets: baseline alone (its codes kept from a run that died before
    // printing, so only the other packet asked for the list) and baseline with followup. Both read
    // the list's baseline entry: whether it was completed decides whether each packet is skipped.
    listed.set(ref("0001"), entry);
    listed.set(ref("0001", "followup"), entry);
    listed.countReaders([
      packet(ref("0001")),
      packet(ref("0002")),
      packet(ref("0001"), ref("0001", "followup")),
    ]);
    listed.forget(ref("0001"));
    expect(listed.get(ref("0001"))).toBe(entry);
    listed.forget(ref("0001"));
    listed.forget(ref("0001", "followup"));
    expect(listed.get(ref("0001"))).toBeUndefined();
    expect(listed.get(ref("0001", "followup"))).toBeUndefined();
  });

  it("are kept for three readers until the third is done", () => {
    const listed = new ListedCodes();
    listed.set(ref("0001"), entry);
    listed.countReaders([packet(ref("0001")), packet(ref("0001")), packet(ref("0001"))]);
    listed.forget(ref("0001"));
    listed.forget(ref("0001"));
    expect(listed.get(ref("0001"))).toBe(entry);
    listed.forget(ref("0001"));
    expect(listed.get(ref("0001"))).toBeUndefined();
  });
});
