import { describe, expect, it } from "vitest";
import { describeBody, parseErrorEnvelope } from "../../../src/redcap/envelope.js";

describe("parseErrorEnvelope", () => {
  it.each([
    [
      "json",
      '{"error":"You do not have permissions to use the API"}',
      "You do not have permissions to use the API",
    ],
    [
      "json, PHP-escaped slash and non-ASCII",
      '{"error":"The record \\"0042\\/b\\" does not exist \\u00e9"}',
      'The record "0042/b" does not exist é',
    ],
    ["json with blank space around", '\n  {"error":"Invalid event"}  \n', "Invalid event"],
    ["json with a byte-order mark", '\uFEFF{"error":"Invalid instrument"}', "Invalid instrument"],
    [
      "csv",
      'ERROR: The value of the parameter "content" is not valid',
      'The value of the parameter "content" is not valid',
    ],
    ["csv with newline", "ERROR: Invalid event\n", "Invalid event"],
    [
      "xml",
      '<?xml version="1.0" encoding="UTF-8" ?><hash><error>The \'Save &amp; Return Later\' feature has not been enabled for this survey</error></hash>',
      "The 'Save & Return Later' feature has not been enabled for this survey",
    ],
    [
      "xml without declaration, entities",
      "<hash><error>The record &quot;a&lt;b&quot; does not exist &#233;</error></hash>",
      'The record "a<b" does not exist é',
    ],
    ["xml CDATA", "<hash><error><![CDATA[Invalid <event>]]></error></hash>", "Invalid <event>"],
    ["multi-line message is made one line", '{"error":"line one\\nline two"}', "line one line two"],
  ])("reads the %s envelope", (_kind, body, message) => {
    expect(parseErrorEnvelope(body)).toBe(message);
  });

  it.each([
    ["an HTML page", "<html><head><title>502 Bad Gateway</title></head></html>"],
    ["JSON without error", '{"message":"nope"}'],
    ["JSON whose error is not text", '{"error":{"code":1}}'],
    ["broken JSON", '{"error":"unterminated'],
    ["a list", '[{"error":"x"}]'],
    ["plain text", "Your IP address (127.0.0.1) has been banned due to suspected abuse."],
    ["empty", ""],
    ["xml that is not REDCap's", "<?xml version='1.0'?><other><error>x</error></other>"],
  ])("finds no envelope in %s", (_kind, body) => {
    expect(parseErrorEnvelope(body)).toBeUndefined();
  });

  it("keeps a long message bounded", () => {
    const message = parseErrorEnvelope(`{"error":"${"x".repeat(1000)}"}`);
    expect(message).toHaveLength(300);
  });
});

describe("describeBody", () => {
  it.each([
    ["", "empty"],
    [" \n ", "only blank space"],
    [
      "<!DOCTYPE html><html><head><title>Database error</title></head><body>…</body></html>",
      "an HTML page titled 'Database error'",
    ],
    [
      "<html>\r\n<head><title>502  Bad\nGateway</title></head></html>",
      "an HTML page titled '502 Bad Gateway'",
    ],
    ["<html><body>no title</body></html>", "an HTML page without a title"],
    ["x".repeat(1234), "text of 1234 characters"],
    ["ABC\nDEF", "text of 7 characters on 2 lines"],
    ["[1,2,3]", "a JSON list of 3 items"],
    ['{"a":1}', "a JSON object with 1 key"],
  ])("describes %j as %j", (body, words) => {
    expect(describeBody(body)).toBe(words);
  });

  it("never quotes the body itself", () => {
    const code = "CDEFHJKLM";
    expect(describeBody(`Warning: something ${code}`)).not.toContain(code);
    expect(describeBody(`{"code":"${code}"}`)).not.toContain(code);
  });
});
