// How REDCap's survey link, return code and login page relate (see shared spec redcap-api.md).

/** The page where a participant types an access code: the survey link without its query string. */
export function loginUrl(surveyLink: string): string {
  const url = new URL(surveyLink);
  url.search = "";
  url.hash = "";
  return url.toString();
}

/** The link that reopens the survey where the participant left off. The link already has a `?`. */
export function resumeUrl(surveyLink: string, returnCode: string): string {
  return `${surveyLink}&rc=${returnCode}`;
}

/**
 * The resume link, opening the survey in REDCap's multi-language translation `language` when one is
 * given (REDCap reads `__lang=<id>` from the survey URL).
 */
export function qrUrl(surveyLink: string, returnCode: string, language: string | undefined): string {
  const resume = resumeUrl(surveyLink, returnCode);
  return language === undefined ? resume : `${resume}&__lang=${encodeURIComponent(language)}`;
}
