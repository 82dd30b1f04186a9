// The few raw node:http chores of the server.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpAnswer } from "./fault-pages.js";

export function clientIp(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? "unknown").replace(/^::ffff:/, "");
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function send(res: ServerResponse, answer: HttpAnswer): void {
  if (res.destroyed) return;
  res.writeHead(answer.status, {
    "content-type": answer.contentType,
    "content-length": Buffer.byteLength(answer.body),
    ...answer.headers,
  });
  res.end(answer.body);
}
