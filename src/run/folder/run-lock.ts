import { randomBytes } from "node:crypto";
import { link, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { ConfigError } from "../../errors.js";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "./write.js";

// One run at a time per run folder: two runs writing the same letters and print files would race.
// A lock left by a run that was killed (its process is gone) is taken over, and so are the temp
// files it left half-written: they were never renamed into place, so no letter is lost with them.

const LOCK = ".redcap-packets.lock";
const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;
const STALE_MUTEX_MS = 10_000;

export interface RunLock {
  release(): Promise<void>;
}

/** Who is running: this process's id, and how to tell whether another process still exists. */
export interface LockOwner {
  readonly pid: number;
  readonly isAlive: (pid: number) => boolean;
}

export async function lockRunFolder(runFolder: string, owner: LockOwner): Promise<RunLock> {
  const path = join(runFolder, LOCK);
  const me: Holder = { pid: owner.pid, host: hostname() };
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await createLock(path, me)) {
      for (const folder of [runFolder, ...["letters", "print", "codes"].map((f) => join(runFolder, f))]) {
        await removeTempFiles(folder);
      }
      return { release: () => releaseIfMine(path, me) };
    }
    const holder = await readHolder(path);
    if (holder !== undefined && holder.host !== me.host) {
      throw new ConfigError(
        `${runFolder} is locked by a redcap-packets run on another computer (${holder.host}). ` +
          `If no run is going on there, delete ${path} and try again.`,
      );
    }
    if (holder !== undefined && holder.pid !== me.pid && owner.isAlive(holder.pid)) {
      throw new ConfigError(
        `Another redcap-packets run (process ${holder.pid}) is using ${runFolder}. Wait for it to finish, or choose another --out folder.`,
      );
    }
    await takeOver(path, holder);
  }
  throw new ConfigError(`Could not take the lock of ${runFolder}: another run keeps taking it. Try again.`);
}

interface Holder {
  readonly pid: number;
  readonly host: string;
}

/**
 * Removes a dead run's lock. Only the run holding the takeover mutex (a folder: mkdir either
 * creates it or fails, atomically) may remove the lock, and only after reading it again under the
 * mutex: so a lock a live run has just taken is never removed. A mutex left by a run that died
 * while taking over (a few milliseconds of work) is cleared after a while.
 */
async function takeOver(path: string, dead: Holder | undefined): Promise<void> {
  const mutex = `${path}.takeover`;
  try {
    await mkdir(mutex, { mode: PRIVATE_DIR_MODE });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const age = Date.now() - (await stat(mutex).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > STALE_MUTEX_MS) await rm(mutex, { recursive: true, force: true });
    await delay(20);
    return;
  }
  try {
    const now = await readHolder(path);
    if (now?.pid === dead?.pid && now?.host === dead?.host) await rm(path, { force: true });
  } finally {
    await rm(mutex, { recursive: true, force: true });
  }
}

/** A run removes the lock only while it still holds it. */
async function releaseIfMine(path: string, me: Holder): Promise<void> {
  const holder = await readHolder(path);
  if (holder?.pid === me.pid && holder.host === me.host) await rm(path, { force: true });
}

/**
 * Creates the lock with its content in one step: the pid goes into a temp file, which is then
 * hard-linked to the lock's name. A link fails when the name exists, so of two runs starting
 * together exactly one gets the lock, and no one ever reads a lock file that is still empty.
 */
async function createLock(path: string, me: Holder): Promise<boolean> {
  const temp = `${path}.${me.pid}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, `${me.pid}\n${me.host}\n`, { mode: PRIVATE_FILE_MODE });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    const [pidText = "", host = hostname()] = (await readFile(path, "utf8")).split("\n");
    const pid = Number.parseInt(pidText, 10);
    return Number.isSafeInteger(pid) && pid > 0 ? { pid, host } : undefined;
  } catch {
    return undefined;
  }
}

async function removeTempFiles(folder: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  await Promise.all(
    names
      .filter((n) => TEMP_FILE.test(n) && !n.startsWith(LOCK))
      .map((n) => rm(join(folder, n), { force: true })),
  );
}
