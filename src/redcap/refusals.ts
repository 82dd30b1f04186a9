// REDCap answers 403 for unrelated reasons, each fixed by a different person in a different place:
// a token it does not know (the user fixes REDCAP_API_TOKEN), expired rights, a missing API Export
// right, a missing Manage Survey Participants right (someone with User Rights access fixes those),
// or something in front of REDCap refusing the request. The messages are REDCap 15's (redcap-api.md).

export type RefusalKind = "unknown-token" | "expired" | "no-export" | "no-survey-rights" | "other";

export interface Refusal {
  readonly kind: RefusalKind;
  /** Why and what to do, without a final period (it is placed inside longer messages). */
  readonly explanation: string;
}

/** Who refused what, lower-case: every kind but "other" is about the token. */
export function refusalHeadline(refusal: Refusal): string {
  return refusal.kind === "other" ? "the server refused the request" : "REDCap refused the API token";
}

/** The refusal as one message: "REDCap refused the API token (403): the token's user lacks …". */
export function refusalSentence(refusal: Refusal, status?: number): string {
  const code = status === undefined ? "" : ` (${status})`;
  return `${capitalized(refusalHeadline(refusal))}${code}: ${refusal.explanation}`;
}

const USER_RIGHTS = "someone with User Rights access in the project can";

/** `serverMessage` is REDCap's own (already one bounded line), or our description of a body without one. */
export function describeRefusal(serverMessage: string): Refusal {
  const said = `REDCap said: "${withoutFinalPeriod(serverMessage)}"`;
  if (/permissions to use the API/i.test(serverMessage)) {
    return {
      kind: "unknown-token",
      explanation:
        "it is mistyped, belongs to another REDCap server, or was " +
        `deleted or regenerated (${said}). Check REDCAP_API_TOKEN or the file given to --token-file; ` +
        `the project's "API" page shows the user's current token`,
    };
  }
  const expired = /privileges have expired for this project(?: as of (.+?))?\.?$/i.exec(serverMessage);
  if (expired !== null) {
    const since = expired[1] === undefined ? "" : ` on ${expired[1]}`;
    return {
      kind: "expired",
      explanation:
        `the token's user's rights in this project expired${since} (${said}). ` +
        `The token itself is fine: ${USER_RIGHTS} extend or clear that user's expiration date (User Rights)`,
    };
  }
  if (/API Export privileges/i.test(serverMessage)) {
    return {
      kind: "no-export",
      explanation:
        `the token's user lacks the API Export right in this project (${said}). ` +
        `${capitalized(USER_RIGHTS)} grant it (User Rights, "API Export")`,
    };
  }
  if (/Manage Survey Participants/i.test(serverMessage)) {
    return {
      kind: "no-survey-rights",
      explanation:
        `the token's user lacks the "Manage Survey Participants" right that survey links and codes need (${said}). ` +
        `${capitalized(USER_RIGHTS)} grant it (User Rights, "Survey Distribution Tools")`,
    };
  }
  const check =
    "Check that --api-url is your REDCap's API address and the token (REDCAP_API_TOKEN or --token-file)";
  if (serverMessage.startsWith(NO_MESSAGE)) {
    return {
      kind: "other",
      explanation:
        `it came with ${serverMessage}: something in front of REDCap (a firewall, ` +
        `a proxy, a sign-on page) may be refusing it. ${check}; if both are right, ask REDCap's administrator`,
    };
  }
  return { kind: "other", explanation: `${said}. ${check}` };
}

/** How a 403 without REDCap's envelope is described (the body is described, never quoted). */
export const NO_MESSAGE = "no REDCap message";

function withoutFinalPeriod(text: string): string {
  return text.replace(/\.+$/, "");
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
