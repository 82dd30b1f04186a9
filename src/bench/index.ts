// `npm run bench`: how much the rendering choices of performance-notes.md buy, measured in one run.
// Prints absolute numbers and ratios; asserts nothing (machines differ, ratios should hold).

import { Writable } from "node:stream";
import { type LetterKit, type LetterKitOptions, loadLetterKit } from "../letters/index.js";
import type { LetterData } from "../types.js";
import { measureRequests } from "./requests.js";

const ALPHABET = "34789ACDEFHJKLMNPRTWXY";
const NAMES = [
  ["Maria", "Hernández López"],
  ["Nguyễn Thị", "Minh Khai"],
  ["Γιώργος", "Παπαδόπουλος"],
  ["Анна", "Иванова"],
  ["James", "O'Connor"],
] as const;

function code(n: number, length: number): string {
  let s = n * 2654435761;
  let out = "";
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out += ALPHABET[s % ALPHABET.length];
  }
  return out;
}

function letter(i: number): LetterData {
  const [first, last] = NAMES[i % NAMES.length] ?? NAMES[0];
  const recordId = String(i).padStart(4, "0");
  return {
    recordId,
    language: undefined,
    fields: {
      first_name: first,
      last_name: last,
      address_1: `${100 + i} Main Street`,
      address_2: "",
      city: "Springfield",
      state: "IL",
      postal_code: "62701",
    },
    surveys: [
      {
        recordId,
        instrument: "baseline",
        event: undefined,
        repeatInstance: 1,
        label: "Baseline Survey",
        surveyLink: `https://redcap.example.edu/surveys/?s=${code(i, 10)}`,
        accessCode: code(i + 1e6, 9),
        returnCode: code(i + 2e6, 8),
      },
    ],
  };
}

interface Result {
  readonly lettersPerSecond: number;
  readonly bytesPerLetter: number;
}

async function separate(kit: LetterKit, count: number): Promise<Result> {
  let bytes = 0;
  const start = performance.now();
  for (let i = 0; i < count; i++) bytes += (await kit.renderLetter(letter(i))).length;
  return { lettersPerSecond: count / ((performance.now() - start) / 1000), bytesPerLetter: bytes / count };
}

async function merged(kit: LetterKit, count: number): Promise<Result> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const start = performance.now();
  await kit.renderPrintFile(
    Array.from({ length: count }, (_, i) => letter(i)),
    sink,
    { duplex: false },
  );
  return { lettersPerSecond: count / ((performance.now() - start) / 1000), bytesPerLetter: bytes / count };
}

async function kitWith(options: LetterKitOptions): Promise<LetterKit> {
  const kit = await loadLetterKit(options);
  await separate(kit, 30); // warm up JIT and caches
  return kit;
}

function row(name: string, r: Result): string {
  return `${name.padEnd(44)} ${r.lettersPerSecond.toFixed(1).padStart(8)} letters/s ${(r.bytesPerLetter / 1024).toFixed(1).padStart(7)} KB/letter`;
}

function ratio(name: string, a: Result, b: Result): string {
  return `${name.padEnd(44)} ${(a.lettersPerSecond / b.lettersPerSecond).toFixed(2).padStart(8)} ×`;
}

/** The trial with the median rate: one slow or fast round (JIT, GC, the other core) does not decide. */
function median(results: readonly Result[]): Result {
  const sorted = [...results].sort((a, b) => a.lettersPerSecond - b.lettersPerSecond);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (middle === undefined) throw new Error("no trial ran");
  return middle;
}

async function main(): Promise<void> {
  const n = Number(process.env.BENCH_LETTERS ?? 60);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const parsed = await kitWith({});
  const reparsed = await kitWith({ fontMode: "bytes" });
  const png = await kitWith({ qrMode: "png" });

  // Rounds interleave the variants, so drift over the run (warm-up, heat) touches each alike.
  const trials = {
    once: [] as Result[],
    perDoc: [] as Result[],
    pngQr: [] as Result[],
    merged: [] as Result[],
  };
  for (let round = 0; round < rounds; round++) {
    trials.once.push(await separate(parsed, n));
    trials.perDoc.push(await separate(reparsed, n));
    trials.pngQr.push(await separate(png, n));
    trials.merged.push(await merged(parsed, n * 5));
  }
  const once = median(trials.once);
  const perDoc = median(trials.perDoc);
  const pngQr = median(trials.pngQr);
  const mergedFile = median(trials.merged);

  const lines = [
    `redcap-packets render benchmark (Node ${process.version}; median of ${rounds} interleaved rounds, ${n} letters per separate-file trial)`,
    "",
    row("separate files, fonts parsed once, vector QR", once),
    row("separate files, fonts re-parsed per document", perDoc),
    row("separate files, PNG QR", pngQr),
    row(`one merged file (${n * 5} letters)`, mergedFile),
    "",
    ratio("fonts parsed once vs re-parsed per document", once, perDoc),
    ratio("vector QR vs PNG QR", once, pngQr),
    ratio("merged file vs separate files", mergedFile, once),
  ];
  const requests = await measureRequests(Number(process.env.BENCH_REQUEST_LETTERS ?? 100));
  lines.push(
    "",
    `survey requests per letter (${requests.letters} letters, whole generate run, counted by the simulator)`,
    `${"  first run, every participant listed".padEnd(44)} ${requests.mapped.toFixed(2).padStart(8)}`,
    `${"  first run, no participant listed".padEnd(44)} ${requests.unmapped.toFixed(2).padStart(8)}`,
    `${"  --rerender of the listed run folder".padEnd(44)} ${requests.rerender.toFixed(2).padStart(8)}`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
