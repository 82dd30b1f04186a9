import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { chmod, mkdir, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { finished } from "node:stream/promises";

// Letters are bearer credentials plus health information: folders 0700, files 0600, and every file
// appears whole or not at all (written beside its final name, flushed, then renamed).

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export async function ensurePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  // mkdir's mode does not apply to a folder that already existed.
  await chmod(path, PRIVATE_DIR_MODE);
}

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
}

/** Makes a rename in `dir` durable (a power cut after it cannot bring the old name back). */
export async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms cannot open or sync a folder; the rename itself is still atomic there.
  }
}

/**
 * Writes `data` to `path` atomically with private permissions; `beforeRename` (a record of what
 * the file will be) runs once the data is on disk and before the file takes its name.
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  beforeRename: () => Promise<void> = async () => {},
): Promise<void> {
  const temp = tempPathFor(path);
  try {
    const handle = await open(temp, "wx", PRIVATE_FILE_MODE);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await beforeRename();
    await rename(temp, path);
    await syncDir(dirname(path));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Streams into a temp file beside `path` and renames it into place only when `produce` succeeds,
 * the data is on disk, and `beforeRename` (a record of what the file will hold) has run.
 */
export async function writeStreamAtomic<T>(
  path: string,
  produce: (out: NodeJS.WritableStream) => Promise<T>,
  beforeRename: () => Promise<void> = async () => {},
): Promise<T> {
  const temp = tempPathFor(path);
  // flush: the file descriptor is synced before it is closed, so the rename never exposes a file
  // whose data a power cut could still lose.
  const out = createWriteStream(temp, { flags: "wx", mode: PRIVATE_FILE_MODE, flush: true });
  try {
    const result = await produce(out);
    out.end();
    await finished(out);
    await beforeRename();
    await rename(temp, path);
    await syncDir(dirname(path));
    return result;
  } catch (error) {
    out.destroy();
    // Wait for the stream to let go of the file, or it could be created after the removal.
    if (!out.closed) await once(out, "close");
    await rm(temp, { force: true });
    throw error;
  }
}

export async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
