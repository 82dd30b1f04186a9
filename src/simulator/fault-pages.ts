// The bodies the layers around REDCap send when they answer instead of it. None is a REDCap error
// envelope: a client must recognise them by status and by shape.
import type { FaultKind } from "./faults.js";

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const html = "text/html; charset=UTF-8";

function proxyPage(status: number, reason: string): HttpAnswer {
  const body =
    `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n` +
    `<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  return { status, body, contentType: "text/html" };
}

const databaseErrorPage =
  "<!DOCTYPE html><html><head><title>REDCap</title></head><body>" +
  "<div style='padding:20px;'><b>ERROR:</b> REDCap could not connect to its database server. " +
  "Please try again later or contact your REDCap administrator.</div></body></html>";

const ssoLoginPage =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Web Login Service</title></head><body>' +
  '<form method="post" action="/idp/profile/SAML2/Redirect/SSO?execution=e1s1">' +
  '<h1>Sign in with your institutional account</h1><label>Username <input name="j_username"></label>' +
  '<label>Password <input type="password" name="j_password"></label>' +
  '<button type="submit" name="_eventId_proceed">Login</button></form></body></html>';

/** The HTTP answer of a fault; undefined for the kinds that answer nothing (reset, hang). */
export function faultAnswer(kind: FaultKind, origin: string): HttpAnswer | undefined {
  switch (kind) {
    case "proxy-502":
      return proxyPage(502, "Bad Gateway");
    case "proxy-503":
      return proxyPage(503, "Service Temporarily Unavailable");
    case "proxy-504":
      return proxyPage(504, "Gateway Time-out");
    case "out-of-memory":
      return {
        status: 500,
        body: "ERROR: REDCap ran out of server memory. The request cannot be processed. Please try importing/exporting a smaller amount of data.",
        contentType: html,
      };
    case "database-error":
      return { status: 200, body: databaseErrorPage, contentType: html };
    case "sso-login":
      return { status: 200, body: ssoLoginPage, contentType: html };
    case "redirect":
      // An http→https style redirect: a client that follows it re-sends the POST as a GET and
      // gets REDCap's 501, exactly what happens on a real server.
      return {
        status: 301,
        body: `<html><head><title>301 Moved Permanently</title></head><body><h1>Moved Permanently</h1></body></html>`,
        contentType: "text/html; charset=iso-8859-1",
        headers: { location: `${origin}/api/` },
      };
    case "reset":
    case "hang":
      return undefined;
  }
}
