import { randomBytes } from "node:crypto";
import { link, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "../errors.js";
import { PRIVATE_FILE_MODE } from "./write.js";

// One run at a time per run folder: two runs writing the same letters and print files would race.
// A lock left by a run that was killed (its process is gone) is taken over, and so are the temp
// files it left half-written: they were never renamed into place, so no letter is lost with them.

const LOCK = ".redcap-packets.lock";
const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;

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
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (await createLock(path, owner.pid)) {
      for (const folder of [runFolder, join(runFolder, "letters"), join(runFolder, "print")]) {
        await removeTempFiles(folder);
      }
      return { release: () => rm(path, { force: true }) };
    }
    const holder = await readHolder(path);
    if (holder !== undefined && holder !== owner.pid && owner.isAlive(holder)) {
      throw new ConfigError(
        `Another redcap-packets run (process ${holder}) is using ${runFolder}. Wait for it to finish, or choose another --out folder.`,
      );
    }
    // Left by a run that is gone: take it over (and try again, in case another run is doing the same).
    await rm(path, { force: true });
  }
  throw new ConfigError(`Could not take the lock of ${runFolder}: another run keeps taking it. Try again.`);
}

/**
 * Creates the lock with its content in one step: the pid goes into a temp file, which is then
 * hard-linked to the lock's name. A link fails when the name exists, so of two runs starting
 * together exactly one gets the lock, and no one ever reads a lock file that is still empty.
 */
async function createLock(path: string, pid: number): Promise<boolean> {
  const temp = `${path}.${pid}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, `${pid}\n`, { mode: PRIVATE_FILE_MODE });
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

async function readHolder(path: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(path, "utf8"), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
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
