import type { Parsed } from "./duration.js";
import { echo, hideTokens } from "./problems.js";

const EXAMPLE = "https://redcap.example.edu/api/";

/**
 * REDCap's API is always `<base>/api/` (`<base>/api` is read as that); http only to this computer (the
 * token travels in the body).
 */
export function checkApiUrl(text: string): Parsed<string> {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return {
      ok: false,
      message: `${echo(text, 120)} is not a URL; expected the REDCap API address, e.g. ${EXAMPLE}`,
    };
  }
  if (url.username !== "" || url.password !== "") {
    return {
      ok: false,
      message: `the URL must not contain a user name or password (REDCap's API takes only the token); expected e.g. ${EXAMPLE}`,
    };
  }
  const shown = echo(url.toString(), 120);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, message: `${shown} is not a web address; expected https://…, e.g. ${EXAMPLE}` };
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    url.protocol = "https:";
    return {
      ok: false,
      message:
        `${shown} uses http://, which would send the API token unencrypted; use ${hideTokens(url.toString())} ` +
        "(http:// is accepted only for this computer: localhost, 127.x.x.x, [::1])",
    };
  }
  // `…/api` is what people copy from REDCap's API page without its slash; the server would redirect
  // it (a POST turned into a GET), so it is understood as `…/api/` rather than refused.
  if (url.pathname.endsWith("/api") && url.search === "" && url.hash === "") url.pathname += "/";
  if (!url.pathname.endsWith("/api/") || url.search !== "" || url.hash !== "") {
    return {
      ok: false,
      message: `${shown} is not a REDCap API address; REDCap's API is always <base>/api/ — did you mean ${hideTokens(suggest(url))}?`,
    };
  }
  return { ok: true, value: url.toString() };
}

export function isLoopback(hostname: string): boolean {
  // URL has already normalized 127.1, 0x7f.1 … to dotted decimal and IPv6 to its short form.
  return hostname === "localhost" || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === "[::1]";
}

function suggest(url: URL): string {
  const atApi = /^(.*?\/api)(\/|$)/.exec(url.pathname);
  let path: string;
  if (atApi?.[1] !== undefined) path = `${atApi[1]}/`;
  else {
    // Drop a page name and REDCap's versioned folder (redcap_v15.7.6/): the API sits beside them.
    const folders = url.pathname.split("/").slice(0, -1);
    path = `${folders.filter((part) => !/^redcap_v[\d.]+$/.test(part)).join("/")}/api/`;
  }
  return `${url.origin}${path}`;
}
