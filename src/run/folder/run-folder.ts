import { constants } from "node:fs";
import { access, readdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ConfigValues } from "../../config/index.js";
import { ConfigError } from "../../errors.js";
import type { LetterKit } from "../../letters/index.js";
import type { Clock, RowOutcome, SurveyCodes, SurveyRef } from "../../types.js";
import { type Packet, surveyRefs } from "../packet.js";
import { CODES_DIR, type CodeSource, letterFileOfCodes, readCodes, writeCodes } from "./code-cache.js";
import { appendHistory, ensureHistory, type History, readHistory } from "./history.js";
import { readManifest } from "./manifest.js";
import { ManifestWriter, type PendingLetters } from "./manifest-writer.js";
import { type PrintLetters, type PrintOptions, writePrintFile } from "./print-file.js";
import { type LockOwner, lockRunFolder } from "./run-lock.js";
import { type ProjectFacts, RUN_FILE, readProjectFacts, saveRun } from "./run-record.js";
import { ensurePrivateDir, fileExists, writeFileAtomic } from "./write.js";

// The run folder, and the only code that knows its layout:
//   letters/   one PDF per packet            codes/    the codes each packet was made with
//   print/     one merged file per run       manifest.csv, history.csv, run.json, .redcap-packets.lock
// Everything in it is private (0700/0600) and appears whole or not at all (write.ts). A dry run
// reads it (history, kept codes) without the lock; making letters takes the lock first.

export type { CodeSource } from "./code-cache.js";
export { codeSourceOf } from "./code-cache.js";
export type { History } from "./history.js";
export { manifestKey } from "./manifest.js";
export { type PrintLetters, type PrintOptions, printOrder } from "./print-file.js";
export type { LockOwner } from "./run-lock.js";
export type { ProjectFacts } from "./run-record.js";

export const MANIFEST_FILE = "manifest.csv";
const LETTERS_DIR = "letters";

export class RunFolder {
  constructor(readonly path: string) {}

  get manifestPath(): string {
    return join(this.path, MANIFEST_FILE);
  }

  /** Whether a file of the folder (a letter, a print file: relative path) is there. */
  has(file: string): Promise<boolean> {
    return fileExists(join(this.path, file));
  }

  /**
   * The letter files in the folder (`letters/<name>.pdf`), read in one listing: a 50,000-row run asks
   * about every letter, and one question each would be 50,000 file-system calls.
   */
  async letterFiles(): Promise<ReadonlySet<string>> {
    const names = await this.#filesIn(LETTERS_DIR);
    return new Set(names.map((name) => `${LETTERS_DIR}/${name}`));
  }

  /** The letter files whose codes the folder may keep (a codes file is there; its content is read later). */
  async lettersWithCodes(): Promise<ReadonlySet<string>> {
    const names = await this.#filesIn(CODES_DIR);
    return new Set(names.map(letterFileOfCodes));
  }

  async #filesIn(dir: string): Promise<string[]> {
    const entries = await readdir(join(this.path, dir), { withFileTypes: true }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return [];
        throw error;
      },
    );
    return entries.filter((e) => e.isFile()).map((e) => e.name);
  }

  history(): Promise<History> {
    return readHistory(this.path, fileExists);
  }

  /** The kept codes of a packet's surveys, each undefined when not kept (or kept from another source). */
  keptCodes(packet: Packet, source: CodeSource): Promise<(SurveyCodes | undefined)[]> {
    return readCodes(this.path, packet.file, source, surveyRefs(packet));
  }

  /** Whether every code of these packets is kept, from `source`. */
  async keepsAllCodes(packets: readonly Packet[], source: CodeSource): Promise<boolean> {
    for (const packet of packets) {
      if ((await this.keptCodes(packet, source)).some((c) => c === undefined)) return false;
    }
    return true;
  }

  /** Takes the folder for this process (one run at a time) and readies it for letters. */
  /**
   * Stops before anything is asked of REDCap, in a dry run too, when the run folder cannot be made
   * where --out says: the nearest folder that exists on the way must be a folder this user may write.
   */
  async checkWritable(): Promise<void> {
    let path = this.path;
    for (;;) {
      const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
      if (info instanceof Error) {
        if (info.code !== "ENOENT" || dirname(path) === path) throw this.#cannotWrite(info);
        path = dirname(path);
        continue;
      }
      if (!info.isDirectory()) {
        throw new ConfigError(
          `the run folder ${this.path} cannot be made: ${path} is a file, not a folder. Give --out a folder`,
        );
      }
      await access(path, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
        throw this.#cannotWrite(error);
      });
      return;
    }
  }

  #cannotWrite(error: NodeJS.ErrnoException): ConfigError {
    return new ConfigError(
      `the run folder ${this.path} cannot be made or written (${error.code ?? error.name}). ` +
        "Give --out a folder you can write to",
    );
  }

  async lock(owner: LockOwner): Promise<{ release(): Promise<void> }> {
    // checkWritable looked before the check; the file system may still refuse (a read-only mount).
    await ensurePrivateDir(join(this.path, LETTERS_DIR)).catch((error: NodeJS.ErrnoException) => {
      throw this.#cannotWrite(error);
    });
    const lock = await lockRunFolder(this.path, owner);
    try {
      await ensureHistory(this.path);
    } catch (error) {
      await lock.release();
      throw error;
    }
    return lock;
  }

  /** Keeps the codes a packet was made with (replacing what was kept for it). */
  keepCodes(file: string, source: CodeSource, surveys: readonly (SurveyRef & SurveyCodes)[]): Promise<void> {
    return writeCodes(this.path, file, source, surveys);
  }

  /**
   * Writes a letter; the history learns of it before it takes its name, so none is ever unaccounted
   * for. A `firstLetter` (a rerender) is never a replacement later, whatever was printed before.
   */
  writeLetter(file: string, pdf: Uint8Array, at: Date, firstLetter = false): Promise<void> {
    const event = firstLetter ? "remade" : "made";
    return writeFileAtomic(join(this.path, file), pdf, () =>
      appendHistory(this.path, [{ event, letter: file }], at),
    );
  }

  /** The settings of this run and what REDCap said of its project, for `reprint`. */
  saveRun(settings: ConfigValues, project: ProjectFacts): Promise<void> {
    return saveRun(this.path, settings, project);
  }

  get runFile(): string {
    return join(this.path, RUN_FILE);
  }

  /** What REDCap said of the project when the folder's codes were fetched, if the folder keeps it. */
  projectFacts(): Promise<ProjectFacts | undefined> {
    return readProjectFacts(this.path);
  }

  /** What the folder's manifest said of each row before this run, by manifestKey; empty when there is none. */
  earlierManifest(): Promise<ReadonlyMap<string, RowOutcome>> {
    return readManifest(this.manifestPath);
  }

  /** The manifest, on disk from now on and rewritten as rows finish. */
  manifest(initial: readonly RowOutcome[], clock: Clock, pending?: PendingLetters): ManifestWriter {
    return new ManifestWriter(this.manifestPath, initial, clock, undefined, pending);
  }

  /** Writes this run's print file from letters produced one at a time; returns its path in the folder. */
  print(kit: LetterKit, letters: PrintLetters, clock: Clock, options: PrintOptions): Promise<string> {
    return writePrintFile(this.path, kit, letters, clock, options);
  }
}
