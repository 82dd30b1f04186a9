// REDCap's error messages come in the envelope of `returnFormat` (we always ask for json, but a
// server may fall back to csv or xml): {"error":"…"}, `ERROR: …`, or <hash><error>…</error></hash>.
// Bodies without one of these are not REDCap messages (proxy pages, PHP fatals, login pages).

/** The server's message from an error envelope, or undefined when the body is not one. */
export function parseErrorEnvelope(body: string): string | undefined {
  const text = body.replace(/^\uFEFF/, "").trim();
  if (text.startsWith("{")) return fromJson(text);
  if (/^ERROR:/i.test(text)) return clean(text.slice("ERROR:".length));
  if (text.startsWith("<")) return fromXml(text);
  return undefined;
}

function fromJson(text: string): string | undefined {
  try {
    // JSON.parse undoes PHP json_encode's escapes (`\/`, `\uXXXX`) by itself.
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && "error" in value && typeof value.error === "string") {
      return clean(value.error);
    }
  } catch {
    // Not JSON after all: not an envelope.
  }
  return undefined;
}

function fromXml(text: string): string | undefined {
  if (!/^(<\?xml[^>]*\?>\s*)?<hash>/i.test(text)) return undefined;
  const match = /<error>([\s\S]*?)<\/error>/i.exec(text);
  if (match?.[1] === undefined) return undefined;
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(match[1].trim());
  return clean(cdata?.[1] ?? decodeXmlEntities(match[1]));
}

function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith("#x")) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[lower] ?? "";
  });
}

/** Server messages go into our own messages: one line, bounded. */
function clean(message: string): string {
  const oneLine = message.replace(/\s+/g, " ").trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}...` : oneLine;
}

/**
 * What a body looks like, in words, WITHOUT quoting it: a malformed answer to a survey method may
 * still hold a code or a link, which must not reach a log or the manifest.
 */
export function describeBody(body: string): string {
  const text = body.trim();
  if (text.length === 0) return body.length === 0 ? "empty" : "only blank space";
  if (/^(<!doctype html|<html|<head|<body)/i.test(text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
    const words =
      title === undefined ? "" : decodeXmlEntities(title).replace(/\s+/g, " ").trim().slice(0, 80);
    return words === "" ? "an HTML page without a title" : `an HTML page titled '${words}'`;
  }
  const json = describeJson(text);
  if (json !== undefined) return json;
  const lines = text.split(/\r?\n/).length;
  return `text of ${text.length} character${text.length === 1 ? "" : "s"}${lines > 1 ? ` on ${lines} lines` : ""}`;
}

function describeJson(text: string): string | undefined {
  if (!/^[[{]/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value)) return `a JSON list of ${value.length} item${value.length === 1 ? "" : "s"}`;
    if (typeof value === "object" && value !== null) {
      const keys = Object.keys(value).length;
      return `a JSON object with ${keys} key${keys === 1 ? "" : "s"}`;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
