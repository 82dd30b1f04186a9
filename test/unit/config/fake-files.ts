// In-memory stand-ins for readFile/statFile, keyed by absolute path.
export interface FakeFile {
  readonly content?: string;
  readonly mode?: number;
  readonly dir?: boolean;
}

function missing(path: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" });
}

export function fakeFiles(files: Readonly<Record<string, FakeFile>>) {
  return {
    readFile: async (path: string): Promise<Buffer> => {
      const file = files[path];
      if (file === undefined) throw missing(path);
      if (file.dir === true) throw Object.assign(new Error("EISDIR"), { code: "EISDIR" });
      return Buffer.from(file.content ?? "");
    },
    statFile: async (path: string) => {
      const file = files[path];
      if (file === undefined) throw missing(path);
      return { mode: file.mode ?? 0o100600, isFile: file.dir !== true };
    },
  };
}
