// The HTTP edge of the simulator: node:http (or node:https) on loopback. Behaviour lives in handleApi
// (pure); this file only counts, bans, injects faults, waits and writes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer, type Server as TlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { systemClock } from "../clock.js";
import type { Clock, RateLimit, SurveyCodes } from "../types.js";
import { contentOf, handleApi, MESSAGES } from "./api.js";
import { parseApiForm } from "./api-params.js";
import { BanList, banMessage, DEFAULT_BAN } from "./ban.js";
import { faultAnswer, type HttpAnswer } from "./fault-pages.js";
import {
  type FaultKind,
  type FaultProfile,
  FaultQueue,
  type FaultSpec,
  randomFault,
  resolveProfile,
  seededRandom,
} from "./faults.js";
import { clientIp, readBody, send } from "./http-io.js";
import { type CodesQuery, expectedCodes } from "./oracle.js";
import type { SimProject } from "./project.js";
import { failure } from "./reply.js";
import { SimulatorState } from "./state.js";
import { SimulatorStats } from "./stats.js";
import { surveyPage } from "./survey-page.js";

export interface SimulatorOptions {
  readonly project: SimProject;
  readonly host?: string;
  readonly port?: number;
  /** Same seed, same codes (default: a fixed seed, so demos are reproducible). */
  readonly seed?: string;
  /** Added before every API answer (overrides the profile's latency). */
  readonly latencyMs?: number;
  readonly latencyJitterMs?: number;
  /** REDCap's IP ban; default 600 requests per trailing 60 s; false: never ban. */
  readonly ban?: RateLimit | false;
  /** Queued at start; more can be added with `faults.add`. */
  readonly faults?: readonly FaultSpec[];
  /** A profile name ("none", "flaky") or a profile of one's own. */
  readonly profile?: string | FaultProfile;
  readonly clock?: Clock;
  /**
   * Serve HTTPS with this key and certificate (PEM): rehearses a server whose certificate the client
   * must be told to trust (`--ca-file`), as behind an institution's TLS inspection.
   */
  readonly tls?: { readonly key: string; readonly cert: string };
}

export interface RunningSimulator {
  /** e.g. `http://127.0.0.1:PORT/api/` (`https://` with `tls`) */
  readonly apiUrl: string;
  /** e.g. `http://127.0.0.1:PORT` (`https://` with `tls`) */
  readonly origin: string;
  /** What survey links start with: the project's survey_base_url, or origin + "/". */
  readonly surveyBase: string;
  readonly project: SimProject;
  readonly stats: SimulatorStats;
  readonly faults: FaultQueue;
  readonly bans: BanList;
  readonly state: SimulatorState;
  /** The oracle: what the server answers for this survey (creates no participant row). */
  codesFor(query: CodesQuery): SurveyCodes;
  /** What an administrator deleting a user's token does: every later request with it gets a 403. */
  revokeToken(token: string): void;
  /** Stops listening and cuts every connection, hung and keep-alive ones included. */
  close(): Promise<void>;
}

export const DEFAULT_SEED = "redcap-packets-simulator";

interface Runtime {
  readonly options: SimulatorOptions;
  readonly clock: Clock;
  readonly profile: FaultProfile;
  readonly random: () => number;
  readonly stats: SimulatorStats;
  readonly faults: FaultQueue;
  readonly bans: BanList;
  readonly closing: AbortController;
  origin: string;
  state: SimulatorState;
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? DEFAULT_SEED;
  const faults = new FaultQueue();
  if (options.faults !== undefined) faults.add(...options.faults);
  const rt: Runtime = {
    options,
    clock,
    profile: resolveProfile(options.profile),
    random: seededRandom(seed),
    stats: new SimulatorStats(),
    faults,
    bans: new BanList(options.ban ?? DEFAULT_BAN, clock),
    closing: new AbortController(),
    origin: "",
    state: new SimulatorState(seed, ""),
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(rt, req, res).catch(() => res.destroy());
  };
  const server =
    options.tls === undefined
      ? createServer(onRequest)
      : createTlsServer({ key: options.tls.key, cert: options.tls.cert }, onRequest);
  await listen(server, options.host ?? "127.0.0.1", options.port ?? 0);
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  rt.origin = `${options.tls === undefined ? "http" : "https"}://${host}:${address.port}`;
  const surveyBase = options.project.info.survey_base_url ?? `${rt.origin}/`;
  rt.state = new SimulatorState(seed, surveyBase);
  return {
    apiUrl: `${rt.origin}/api/`,
    origin: rt.origin,
    surveyBase,
    project: options.project,
    stats: rt.stats,
    faults,
    bans: rt.bans,
    state: rt.state,
    codesFor: (query) => expectedCodes(options.project, rt.state, query),
    revokeToken: (token) => rt.state.revokedTokens.add(token),
    close: () => shutDown(rt, server),
  };
}

function listen(server: Server | TlsServer, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function shutDown(rt: Runtime, server: Server | TlsServer): Promise<void> {
  rt.closing.abort(new Error("simulator closed"));
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const html = "text/html; charset=UTF-8";

async function handle(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const ip = clientIp(req);
  const url = new URL(req.url ?? "/", rt.origin);
  const isApi = url.pathname === "/api/" || url.pathname === "/api";
  const isPost = req.method === "POST";
  const params = parseApiForm(isApi && isPost ? body : "");
  const content = contentOf(params);
  const record = (params.values.get("record") ?? "").trim();
  rt.stats.record({ at: rt.clock.now(), ip, method: req.method ?? "", path: url.pathname, content, record });
  // The ban sits in front of everything REDCap serves, API or not.
  if (!rt.bans.admit(ip)) return send(res, { status: 429, body: banMessage(ip), contentType: html });
  if (!isApi) return send(res, pageFor(rt, req.method ?? "", url));
  // REDCap reads only POST fields, so a GET's error has no format to honour: its default, xml.
  if (!isPost) return send(res, failure("xml", 501, MESSAGES.notImplemented));
  const fault = rt.faults.take({ content, record }) ?? randomFault(rt.profile, rt.random);
  await delay(rt);
  if (fault !== undefined) return injectFault(rt, fault, res);
  send(res, handleApi(params, { project: rt.options.project, state: rt.state }));
}

function pageFor(rt: Runtime, method: string, url: URL): HttpAnswer {
  if (method === "GET" && (url.pathname === "/surveys/" || url.pathname === "/surveys")) {
    return surveyPage(url.searchParams, rt.options.project, rt.state);
  }
  return { status: 404, body: "Not Found", contentType: html };
}

async function delay(rt: Runtime): Promise<void> {
  const base = rt.options.latencyMs ?? rt.profile.latencyMs ?? 0;
  const jitter =
    rt.options.latencyJitterMs ?? (rt.options.latencyMs === undefined ? rt.profile.jitterMs : 0) ?? 0;
  const ms = base + (jitter > 0 ? Math.floor(rt.random() * jitter) : 0);
  if (ms > 0) await rt.clock.sleep(ms, rt.closing.signal);
}

function injectFault(rt: Runtime, kind: FaultKind, res: ServerResponse): void {
  if (kind === "hang") return; // never answer: the client's timeout, or close(), ends it
  if (kind === "reset") {
    res.socket?.resetAndDestroy();
    return;
  }
  const answer = faultAnswer(kind, rt.origin);
  if (answer !== undefined) send(res, answer);
}
