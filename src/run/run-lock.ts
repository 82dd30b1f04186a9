import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "../errors.js";
import { writeFileAtomic } from "./write.js";

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

export async function lockRunFolder(runFolder: string, { pid, isAlive }: LockOwner): Promise<RunLock> {
  const path = join(runFolder, LOCK);
  const holder = await readHolder(path);
  if (holder !== undefined && holder !== pid && isAlive(holder)) {
    throw new ConfigError(
      `Another redcap-packets run (process ${holder}) is using ${runFolder}. Wait for it to finish, or choose another --out folder.`,
    );
  }
  await writeFileAtomic(path, `${pid}\n`);
  for (const folder of [runFolder, join(runFolder, "letters"), join(runFolder, "print")]) {
    await removeTempFiles(folder);
  }
  return { release: () => rm(path, { force: true }) };
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
  await Promise.all(names.filter((n) => TEMP_FILE.test(n)).map((n) => rm(join(folder, n), { force: true })));
}
