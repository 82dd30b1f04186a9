import { describe, expect, it } from "vitest";
import type { RedcapPermissionError } from "../../../src/errors.js";
import { errorForStatus } from "../../../src/redcap/response-errors.js";

// Each of REDCap's 403s gets its own explanation: who can fix it and where. Exact texts: users see them.

const refused = (body: string) => errorForStatus("version", 403, body) as RedcapPermissionError;

describe("a 403 says which refusal it is and what to do", () => {
  it.each([
    [
      '{"error":"You do not have permissions to use the API"}',
      "unknown-token",
      'REDCap refused the API token (403): it is mistyped, belongs to another REDCap server, or was deleted or regenerated (REDCap said: "You do not have permissions to use the API"). ' +
        `Check REDCAP_API_TOKEN or the file given to --token-file; the project's "API" page shows the user's current token`,
    ],
    [
      '{"error":"You do not have API rights because your privileges have expired for this project as of 2024-06-30."}',
      "expired",
      `REDCap refused the API token (403): the token's user's rights in this project expired on 2024-06-30 (REDCap said: "You do not have API rights because your privileges have expired for this project as of 2024-06-30"). ` +
        "The token itself is fine: someone with User Rights access in the project can extend or clear that user's expiration date (User Rights)",
    ],
    [
      "ERROR: You do not have API Export privileges",
      "no-export",
      `REDCap refused the API token (403): the token's user lacks the API Export right in this project (REDCap said: "You do not have API Export privileges"). ` +
        'Someone with User Rights access in the project can grant it (User Rights, "API Export")',
    ],
    [
      '{"error":"The API request cannot complete because currently you do not have \\"Manage Survey Participants\\" privileges, which are required for this operation."}',
      "no-survey-rights",
      `REDCap refused the API token (403): the token's user lacks the "Manage Survey Participants" right that survey links and codes need ` +
        `(REDCap said: "The API request cannot complete because currently you do not have "Manage Survey Participants" privileges, which are required for this operation"). ` +
        'Someone with User Rights access in the project can grant it (User Rights, "Survey Distribution Tools")',
    ],
    [
      '<?xml version="1.0" encoding="UTF-8" ?><hash><error>Something new.</error></hash>',
      "other",
      `The server refused the request (403): REDCap said: "Something new". Check that --api-url is your REDCap's API address and the token (REDCAP_API_TOKEN or --token-file)`,
    ],
    [
      "<html><head><title>Access denied</title></head><body>blocked</body></html>",
      "other",
      "The server refused the request (403): it came with no REDCap message (an HTML page titled 'Access denied'): " +
        "something in front of REDCap (a firewall, a proxy, a sign-on page) may be refusing it. " +
        "Check that --api-url is your REDCap's API address and the token (REDCAP_API_TOKEN or --token-file); if both are right, ask REDCap's administrator",
    ],
  ])("%s", (body, kind, message) => {
    const error = refused(body);
    expect(error.refusal.kind).toBe(kind);
    expect(error.message).toBe(message);
    expect(error.message).not.toContain("..");
  });

  it("blames the API Export right only when REDCap does", () => {
    for (const body of [
      '{"error":"You do not have permissions to use the API"}',
      '{"error":"You do not have API rights because your privileges have expired for this project as of 2024-06-30."}',
    ]) {
      expect(refused(body).message).not.toContain("API Export");
    }
  });
});
