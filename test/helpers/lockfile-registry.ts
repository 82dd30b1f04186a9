import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { packagePath } from "../../src/paths.js";

// An npm registry on loopback that knows only the versions package-lock.json pins, so that
// `npm install -g <tarball>` needs no network. `npm ci` leaves the tarballs in the npm cache, but
// not the version lists (packuments) that `npm install` of a tarball asks for to resolve the
// package's version ranges: at most abbreviated ones, which that request does not match, and only
// for tarballs that were not cached yet. So `--offline` fails, and the public registry would resolve
// the ranges to newer versions than the lock file's, whose tarballs the cache lacks. This registry
// answers the version lists from the lock file, with each version's integrity: npm then takes every
// tarball from its cache by that integrity. It serves no tarball: one missing from the cache is a
// 404, never a download.

interface LockEntry {
  readonly name?: string;
  readonly version?: string;
  readonly integrity?: string;
  readonly link?: boolean;
  readonly [field: string]: unknown;
}

/** The manifest fields npm reads when it resolves and places a version (the "corgi" document). */
const MANIFEST_FIELDS = [
  "dependencies",
  "optionalDependencies",
  "peerDependencies",
  "peerDependenciesMeta",
  "bin",
  "engines",
  "os",
  "cpu",
] as const;

export interface LockfileRegistry {
  readonly url: string;
  close(): Promise<void>;
}

/** Each package's version list, as the registry at `url` would answer it. */
async function packuments(url: string): Promise<Map<string, string>> {
  const lock = JSON.parse(await readFile(packagePath("package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const versions = new Map<string, Record<string, Record<string, unknown>>>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === "" || entry.link || !entry.version || !entry.integrity) continue;
    const name = entry.name ?? path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    const manifest: Record<string, unknown> = { name, version: entry.version };
    for (const field of MANIFEST_FIELDS) if (entry[field] !== undefined) manifest[field] = entry[field];
    const tarball = `${url}${name}/-/${name.split("/").pop()}-${entry.version}.tgz`;
    manifest.dist = { integrity: entry.integrity, tarball };
    versions.set(name, { ...versions.get(name), [entry.version]: manifest });
  }
  return new Map(
    [...versions].map(([name, byVersion]) => [name, JSON.stringify({ name, versions: byVersion })]),
  );
}

export async function startLockfileRegistry(): Promise<LockfileRegistry> {
  let documents = new Map<string, string>();
  const server = createServer((request, response) => {
    const name = decodeURIComponent((request.url ?? "/").slice(1));
    const document = documents.get(name);
    if (document === undefined) {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end(`neither in the npm cache (run npm ci) nor in package-lock.json: ${name}\n`);
      return;
    }
    // no-store: these answers stay out of the user's npm cache.
    response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    response.end(document);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  documents = await packuments(url);
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
