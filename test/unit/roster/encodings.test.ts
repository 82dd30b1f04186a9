import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RosterError } from "../../../src/errors.js";
import { parseRoster } from "../../../src/roster/parse-roster.js";
import { windows1252Char } from "../../../src/roster/windows-1252.js";

function rosterError(run: () => unknown): RosterError {
  try {
    run();
  } catch (error) {
    if (error instanceof RosterError) return error;
    throw error;
  }
  throw new Error("expected a RosterError");
}

/** Text as Windows-1252 bytes (every character must be in the code page). */
function cp1252(text: string): Buffer {
  const byChar = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) {
    const char = windows1252Char(byte);
    if (char !== undefined) byChar.set(char, byte);
  }
  return Buffer.from(
    [...text].map((char) => {
      const byte = byChar.get(char);
      if (byte === undefined) throw new Error(`${char} is not in Windows-1252`);
      return byte;
    }),
  );
}

const HEADER = "record_id,first_name,last_name,city\r\n";
const names = (input: Buffer) => parseRoster(input, "r.csv").rows.map((row) => row.fields);

const SAVE_AS = 'Save it from your spreadsheet as "CSV UTF-8 (Comma delimited) (*.csv)" and try again.';
const notUtf8 = (where: string, byte: string) =>
  `r.csv, ${where}: the file is not UTF-8 text: byte 0x${byte} cannot be read as UTF-8 (the file was probably saved as "CSV (Comma delimited)", which uses a Windows code page; which one cannot be told for sure, and a wrong guess would print wrong letters). ${SAVE_AS}`;

describe("UTF-8 and UTF-16", () => {
  const text = `${HEADER}0001,José,Núñez,Málaga\r\n0002,小明,王,北京\r\n0003,Minh 🌸,Khai,Huế\r\n`;
  const expected = names(Buffer.from(text, "utf8"));

  it("reads UTF-8 with a byte order mark the same as without", () => {
    expect(names(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]))).toEqual(
      expected,
    );
    expect(expected[2]?.first_name).toBe("Minh 🌸");
  });

  it("reads UTF-16 little-endian with its byte order mark (Excel's Unicode Text)", () => {
    expect(names(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]))).toEqual(expected);
  });

  it("reads UTF-16 big-endian with its byte order mark", () => {
    const bytes = Buffer.from(text, "utf16le").swap16();
    expect(names(Buffer.concat([Buffer.from([0xfe, 0xff]), bytes]))).toEqual(expected);
  });

  it("reads a tab-separated UTF-16 file (Excel's Unicode Text is tab-separated)", () => {
    const tsv = "record_id\tname\r\n7\tHélène\r\n";
    const roster = parseRoster(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, "utf16le")]),
      "r.csv",
    );
    expect(roster.rows[0]?.fields).toEqual({ record_id: "7", name: "Hélène" });
    expect(roster.warnings).toBeUndefined();
  });

  it("says where a UTF-16 file has half a character", () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("record_id\n1,ab", "utf16le"),
      Buffer.from([0x3d, 0xd8]), // a high surrogate with no low one after it
      Buffer.from("c\n", "utf16le"),
    ]);
    expect(rosterError(() => parseRoster(bytes, "r.csv")).message).toBe(
      `r.csv, line 2, column 5: the file is UTF-16 text with a broken character (half of a surrogate pair). ${SAVE_AS}`,
    );
  });

  it("says a UTF-16 file with an odd number of bytes was cut short", () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("record_id\n12", "utf16le"),
      Buffer.from([0x33]),
    ]);
    expect(rosterError(() => parseRoster(bytes, "r.csv")).message).toBe(
      "r.csv, line 2, column 3: the file ends in the middle of a character (UTF-16 text with an odd number of bytes). " +
        "The file was probably cut short while it was copied or downloaded; copy or export it again",
    );
  });

  it.each([
    [
      "after other UTF-8 text, one byte of a two-byte character",
      "record_id,name\n1,José\n2,Ren",
      [0xc3],
      "line 3, column 6",
      "byte begins",
      2,
    ],
    [
      "two bytes of a three-byte character",
      "record_id,name\n1,ab",
      [0xe2, 0x82],
      "line 2, column 5",
      "2 bytes begin",
      3,
    ],
    [
      "three bytes of an emoji",
      "record_id,name\r\n1,Minh ",
      [0xf0, 0x9f, 0x8c],
      "line 2, column 8",
      "3 bytes begin",
      4,
    ],
  ])(
    "says where a file cut short in the middle of a UTF-8 character ends: %s",
    (_, before, tail, where, begin, need) => {
      const bytes = Buffer.concat([Buffer.from(before, "utf8"), Buffer.from(tail)]);
      expect(rosterError(() => parseRoster(bytes, "r.csv")).message).toBe(
        `r.csv, ${where}: the file ends in the middle of a character: its last ${begin} a UTF-8 character of ${need} bytes. ` +
          "The file was probably cut short while it was copied or downloaded; copy or export it again",
      );
    },
  );
});

describe("Windows-1252 (Excel's plain CSV in the Americas and Western Europe)", () => {
  it.each([
    ["Spanish", "0001,José,Núñez,Málaga\r\n0002,María,Peña,León\r\n"],
    ["French", "1,Hélène,Lefèvre,Besançon\r\n2,François,Dubœuf,Orléans\r\n3,Zoë,d’Arc,L’Haÿ-les-Roses\r\n"],
    ["German", "1,Jürgen,Müller,München\r\n2,Grete,Weiß,KÖLN\r\n"],
    ["Portuguese", "1,João,Simões,São Paulo\r\n2,Conceição,Gonçalves,Brasília\r\n"],
    ["Nordic", "1,Søren,Kierkegaard,Århus\r\n2,Åsa,Öberg,Göteborg\r\n"],
    ["Italian and Catalan", "1,Niccolò,Sarrià,Forlì\r\n2,Pau,Bernat i Ferrà,Lleida\r\n"],
    [
      "addresses with º, ª, € and typographic quotes",
      "1,Ana,O’Brien,“Calle 5” 3º 2ª\r\n2,Luis,Ruiz,€ 5 – Piso\r\n",
    ],
    ["a last é with no line break", "1,Ana,Lee,Cupertino\r\n2,José,Ruiz,Jos"],
  ])("reads %s correctly, with a warning", (_, body) => {
    const text = HEADER + body;
    const roster = parseRoster(cp1252(text), "r.csv");
    expect(roster.rows.map((row) => row.fields)).toEqual(names(Buffer.from(text, "utf8")));
    expect(roster.warnings).toEqual([
      'r.csv is not UTF-8 text; it was read as Windows-1252 (Excel\'s "CSV (Comma delimited)" in the Americas and Western Europe). ' +
        'Check a few names on the letters, or save it as "CSV UTF-8 (Comma delimited) (*.csv)"',
    ]);
  });

  // Bytes other code pages wrote: read as Windows-1252 they would print wrong names, so they are refused.
  it.each([
    ["Czech in Windows-1250 (Dvořák Němcová)", "44766ff8e16b204eec6d636f76e1", "line 2, column 6", "F8"],
    ["Polish in Windows-1250 (Łódź Wiśniewski)", "a3f3649f2057699c6e696577736b69", "line 2, column 3", "A3"],
    ["Romanian in Windows-1250 (Bălan)", "42e36c616e", "line 2, column 4", "E3"],
    ["Hungarian in Windows-1250 (Győr)", "4779f572", "line 2, column 5", "F5"],
    ["Mac Roman (José Núñez García)", "4a6f738e204e9c96657a20476172639261", "line 2, column 6", "8E"],
    ["Chinese in GBK (小明 王)", "d0a1c3f720cdf5", "line 2, column 4", "C3"],
    ["Japanese in Shift_JIS (田中 太郎)", "936392862091be9859", "line 2, column 3", "93"],
    ["Korean in CP949 (김민수)", "b1e8b9cebcf6", "line 2, column 3", "B1"],
    ["Russian in Windows-1251 (Иван Петров)", "c8e2e0ed20cfe5f2f0eee2", "line 2, column 3", "C8"],
    ["Greek in Windows-1253 (Σοφία)", "d3eff6dfe1", "line 2, column 3", "D3"],
  ])("refuses %s, saying where", (_, hex, where, byte) => {
    const bytes = Buffer.concat([
      Buffer.from("record_id,name\n1,"),
      Buffer.from(hex, "hex"),
      Buffer.from("\n"),
    ]);
    expect(rosterError(() => parseRoster(bytes, "r.csv")).message).toBe(notUtf8(where, byte));
  });

  it("refuses a file that mixes UTF-8 and Windows-1252", () => {
    const bytes = Buffer.concat([Buffer.from("record_id,name\n1,José\n2,"), cp1252("Peña\n")]);
    expect(rosterError(() => parseRoster(bytes, "r.csv")).message).toBe(notUtf8("line 3, column 5", "F1"));
  });
});

describe("Windows-1252 is never a guess that prints a wrong letter", () => {
  const WESTERN = (
    "Lefèvre Hélène Genève Agnès Mosè Forlì Niccolò Zoë Loïc Anaïs Noël Dubœuf Sæther Jørgensen Ødegaard " +
    "Åsa Björk Guðrún Þór Ólafsdóttir São Simões Conceição João Magalhães Peña Muñoz Núñez Ibáñez Françoise " +
    "Müller Weiß Hernández Iñaki Begoña Ferrà Sarrià Châtelet Jérôme Benoît Raphaël Brûlé Août Québec " +
    "Trois-Rivières GARCÍA MÜLLER Irmã O’Brien d’Orléans"
  ).split(" ");
  // Names in Windows-1250 (Central European) with a letter that Windows-1252 reads as another one.
  const CENTRAL: readonly (readonly [string, string])[] = [
    ["Dvořák", "44766ff8e16b"],
    ["Němcová", "4eec6d636f76e1"],
    ["Čech", "c8656368"],
    ["Vlček", "566ce8656b"],
    ["Růžička", "52f99e69e86b61"],
    ["Šťastný", "8a9d6173746efd"],
    ["Ďurica", "cf7572696361"],
    ["Kučera", "4b75e8657261"],
    ["Łódź", "a3f3649f"],
    ["Wiśniewski", "57699c6e696577736b69"],
    ["Gdańsk", "476461f1736b"],
    ["Poznań", "506f7a6e61f1"],
    ["Wrocław", "57726f63b36177"],
    ["Zieliński", "5a69656c69f1736b69"],
    ["Woźniak", "576f9f6e69616b"],
    ["Győr", "4779f572"],
    ["Erdős", "457264f573"],
    ["Szűcs", "537afb6373"],
    ["Bălan", "42e36c616e"],
    ["Kovačević", "4b6f7661e8657669e6"],
    ["Jurić", "4a757269e6"],
    ["Đurić", "d0757269e6"],
    ["Knežević", "4b6e659e657669e6"],
  ];
  const line = (k: number, name: Buffer) =>
    Buffer.concat([Buffer.from(`${k + 1},`), name, Buffer.from("\r\n")]);

  it("reads any roster of Western names exactly", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WESTERN), { minLength: 1, maxLength: 12 }), (picked) => {
        const bytes = Buffer.concat([
          Buffer.from("record_id,name\r\n"),
          ...picked.map((n, k) => line(k, cp1252(n))),
        ]);
        expect(parseRoster(bytes, "r.csv").rows.map((row) => row.fields.name)).toEqual(picked);
      }),
    );
  });

  it("refuses any roster with a Central European name among Western ones", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...WESTERN), { maxLength: 8 }),
        fc.constantFrom(...CENTRAL),
        fc.nat(8),
        (western, [_, hex], at) => {
          const names = western.map((n) => cp1252(n));
          names.splice(Math.min(at, names.length), 0, Buffer.from(hex, "hex"));
          const bytes = Buffer.concat([
            Buffer.from("record_id,name\r\n"),
            ...names.map((n, k) => line(k, n)),
          ]);
          expect(rosterError(() => parseRoster(bytes, "r.csv")).message).toMatch(
            /the file is not UTF-8 text/,
          );
        },
      ),
    );
  });

  it("stops any bytes at all with a RosterError or reads them, never another error", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => {
        const bytes = Buffer.concat([Buffer.from("record_id,name\n"), tail]);
        try {
          parseRoster(bytes, "r.csv");
        } catch (error) {
          expect(error).toBeInstanceOf(RosterError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
