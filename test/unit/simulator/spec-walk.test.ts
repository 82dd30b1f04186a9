// redcap-api.md's validation list for the three survey methods, walked in order: each step fixes
// exactly the problem the previous answer named, so the answers must come out in the spec's order.
import { describe, expect, it } from "vitest";
import { callApi, LONG_TOKEN, longitudinal } from "./setup.js";

type Step = readonly [Record<string, string>, string];

const common: readonly Step[] = [
  [{}, "The parameter 'record' is missing"],
  [{ record: "nope" }, 'The record "nope" does not exist'],
  [{ record: "2001" }, "The parameter 'instrument' is missing"],
  [{ instrument: "Baseline Survey" }, "Invalid instrument"],
];

// The link and the access code are validated alike (redcap-api.md, steps 1–5 and 7).
const linkOrCode: readonly Step[] = [
  ...common,
  [{ instrument: "enrollment" }, "The instrument 'enrollment' has not been enabled as a survey"],
  [{ instrument: "baseline_survey" }, "The parameter 'event' is missing"],
  [{ event: "baseline" }, "Invalid event"],
  [
    { event: "month_6_arm_1" },
    'The instrument "baseline_survey" has not been designated for the event "month_6_arm_1"',
  ],
  [{ event: "baseline_arm_1" }, "An unknown error occurred"],
];

const walks: Readonly<Record<string, readonly Step[]>> = {
  surveyLink: linkOrCode,
  surveyAccessCode: linkOrCode,
  surveyReturnCode: [
    ...common,
    [{ instrument: "enrollment" }, 'The instrument "enrollment" has not been enabled as a survey'],
    [{ instrument: "followup_survey" }, "The parameter 'event' is missing"],
    [{ event: "baseline" }, "Invalid event"],
    // No designation check for return codes: Save & Return Later comes next, then the fallback.
    [{ event: "baseline_arm_1" }, "The 'Save & Return Later' feature has not been enabled for this survey"],
    [{ instrument: "baseline_survey" }, "An unknown error occurred"],
  ],
};

describe.each(Object.entries(walks))(
  "%s answers the spec's messages in the spec's order",
  (content, steps) => {
    it("one fix at a time, then success", () => {
      let params: Record<string, string> = {
        format: "json",
        returnFormat: "json",
        token: LONG_TOKEN,
        content,
      };
      for (const [fix, message] of steps) {
        params = { ...params, ...fix };
        expect(callApi(longitudinal, params), JSON.stringify(fix)).toEqual({
          status: 400,
          body: JSON.stringify({ error: message }),
          contentType: "application/json; charset=utf-8",
        });
      }
      // The record in the event's arm: success, bare text.
      const done = callApi(longitudinal, { ...params, record: "2001", event: "baseline_arm_2" });
      expect(done.status).toBe(200);
      expect(done.body).not.toContain("error");
    });
  },
);
