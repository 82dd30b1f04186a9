import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import selfsigned from "selfsigned";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, RedcapNetworkError } from "../../../src/errors.js";
import type { RunningSimulator } from "../../../src/simulator/index.js";
import type { SurveyRef } from "../../../src/types.js";
import { clientFor, startFixture } from "./helpers.js";

// The client over real HTTPS: a self-signed certificate stands in for an institution's TLS-inspecting
// proxy, whose CA the system does not trust until it is given with --ca-file. Keys are made per run
// in a temp folder and never committed.

const ref: SurveyRef = {
  recordId: "0001",
  instrument: "baseline_survey",
  event: undefined,
  repeatInstance: 1,
};

interface Pem {
  readonly key: string;
  readonly cert: string;
  /** The certificate alone, as a CA bundle file. */
  readonly caFile: string;
}

let dir: string;
let loopback: Pem;
let otherHost: Pem;
let sim: RunningSimulator | undefined;
const closers: (() => void)[] = [];

async function makePem(name: string, altName: { type: 2; value: string } | { type: 7; ip: string }) {
  const made = await selfsigned.generate([{ name: "commonName", value: name }], {
    notAfterDate: new Date(Date.now() + 86_400_000),
    keySize: 2048,
    extensions: [{ name: "subjectAltName", altNames: [altName] }],
  });
  const caFile = join(dir, `${name}.pem`);
  await writeFile(caFile, made.cert, { mode: 0o600 });
  return { key: made.private, cert: made.cert, caFile };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rp-tls-"));
  loopback = await makePem("127.0.0.1", { type: 7, ip: "127.0.0.1" });
  otherHost = await makePem("example.org", { type: 2, value: "example.org" });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await sim?.close();
  sim = undefined;
});

async function httpsSim(pem: Pem): Promise<RunningSimulator> {
  sim = await startFixture("demo-project.json", { tls: { key: pem.key, cert: pem.cert } });
  return sim;
}

function harness(s: RunningSimulator, options: Parameters<typeof clientFor>[1] = {}) {
  const h = clientFor(s, options);
  closers.push(() => h.client.close());
  return h;
}

async function failure(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error("expected the request to fail");
}

describe("REDCap client over HTTPS", () => {
  it("refuses a CA file that holds no PEM certificate, before any request", async () => {
    const der = join(dir, "ca.der");
    await writeFile(der, Buffer.from([0x30, 0x82, 0x01, 0x0a]));
    const s = await startFixture("demo-project.json");
    try {
      expect(() => clientFor(s, { caFile: der })).toThrow(ConfigError);
      expect(() => clientFor(s, { caFile: der })).toThrow(
        `The CA file ${der} holds no PEM certificate (text starting "-----BEGIN CERTIFICATE-----")`,
      );
      expect(s.stats.total).toBe(0);
    } finally {
      await s.close();
    }
  });

  it("serves https:// URLs and survey links when given a certificate", async () => {
    const s = await httpsSim(loopback);
    expect(s.apiUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/api\/$/);
    expect(s.surveyBase).toBe(`${s.origin}/`);
    expect(s.origin).toMatch(/^https:\/\//);
  });

  it("refuses a certificate it does not trust, once, pointing to --ca-file", async () => {
    const s = await httpsSim(loopback);
    const { client, events } = harness(s, { retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 } });
    const error = await failure(client.version());
    expect(error).toBeInstanceOf(RedcapNetworkError);
    expect((error as Error).message).toBe(
      "REDCap's server presented a TLS certificate that is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT). " +
        "If your institution inspects TLS traffic, give its CA bundle (PEM) with --ca-file; " +
        "verification is never turned off",
    );
    // Four tries were allowed: a certificate does not fix itself, so only one was made.
    expect(client.requestCount).toBe(1);
    expect(events.filter((e) => e.type === "retry")).toEqual([]);
    // The handshake failed: no HTTP request reached the server.
    expect(s.stats.total).toBe(0);
  });

  it("trusts the server once its certificate is given as the CA file", async () => {
    const s = await httpsSim(loopback);
    const { client } = harness(s, { caFile: loopback.caFile });
    expect(await client.version()).toBe("15.7.6");
    const codes = await client.surveyCodes(ref);
    expect(codes).toEqual(s.codesFor(ref));
    expect(codes.surveyLink.startsWith(`${s.origin}/surveys/?s=`)).toBe(true);
    expect(s.stats.byContent).toEqual({
      version: 1,
      surveyAccessCode: 1,
      surveyLink: 1,
      surveyReturnCode: 1,
    });
  });

  it("still checks the host name: a trusted certificate for another host is refused, once", async () => {
    const s = await httpsSim(otherHost);
    const { client } = harness(s, { caFile: otherHost.caFile });
    const error = await failure(client.version());
    expect(error).toBeInstanceOf(RedcapNetworkError);
    expect((error as Error).message).toBe(
      "REDCap's server presented a TLS certificate for another host name (ERR_TLS_CERT_ALTNAME_INVALID): " +
        "check the host name in --api-url; verification is never turned off",
    );
    expect(client.requestCount).toBe(1);
    expect(s.stats.total).toBe(0);
  });

  it("close() cuts a hung HTTPS request and a kept-alive TLS socket", async () => {
    const s = await httpsSim(loopback);
    const { client } = harness(s, { caFile: loopback.caFile, timeoutMs: 60_000, retry: { attempts: 1 } });
    await client.version(); // leaves a keep-alive socket open
    s.faults.add({ kind: "hang" });
    const hung = failure(client.project());
    await expect.poll(() => s.stats.total).toBe(2);
    const started = Date.now();
    await s.close();
    sim = undefined;
    expect(await hung).toBeInstanceOf(RedcapNetworkError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("https:// to a server that speaks only http: says so and suggests http://, once", async () => {
    sim = await startFixture("demo-project.json");
    const apiUrl = sim.apiUrl.replace(/^http:/, "https:");
    const { client, events } = harness(sim, {
      apiUrl,
      retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    });
    const error = await failure(client.version());
    expect(error).toBeInstanceOf(RedcapNetworkError);
    expect((error as Error).message).toBe(
      `The server at ${new URL(apiUrl).origin} does not speak https (it answered the TLS handshake in plain http: ` +
        `ERR_SSL_WRONG_VERSION_NUMBER); did you mean ${sim.apiUrl}? Change --api-url`,
    );
    // Permanent: four tries were allowed, one was made.
    expect(client.requestCount).toBe(1);
    expect(events.filter((e) => e.type === "retry")).toEqual([]);
  });

  it("does not trust one server's certificate for another: the CA file adds exactly what it holds", async () => {
    const s = await httpsSim(loopback);
    const { client } = harness(s, { caFile: otherHost.caFile });
    const error = await failure(client.version());
    expect((error as Error).message).toContain("(DEPTH_ZERO_SELF_SIGNED_CERT)");
    expect(client.requestCount).toBe(1);
  });
});
