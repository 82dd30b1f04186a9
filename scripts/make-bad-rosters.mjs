// Writes fixtures/bad-rosters/: one roster per case, as Excel, a text editor or a damaged copy leaves
// them. Run it again after changing a case (`node scripts/make-bad-rosters.mjs`); the expected outcome
// of each file is in fixtures/bad-rosters/cases.json, written by hand.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "bad-rosters");
mkdirSync(dir, { recursive: true });

const utf8 = (text) => Buffer.from(text, "utf8");
const hex = (text) => Buffer.from(text.replaceAll(" ", ""), "hex");
const cat = (...parts) => Buffer.concat(parts.map((p) => (typeof p === "string" ? utf8(p) : p)));
const BOM = hex("ef bb bf");
const HEADER = "record_id,first_name,last_name,city";

const cases = {
  // Encodings
  "utf8-bom-crlf.csv": cat(BOM, `${HEADER}\r\n0001,José,Núñez,Málaga\r\n0002,小明,王,北京\r\n`),
  "utf16le-bom-tab.txt": cat(
    hex("ff fe"),
    Buffer.from("record_id\tfirst_name\tcity\r\n0001\tHélène\tOrléans\r\n0002\tSøren\tÅrhus\r\n", "utf16le"),
  ),
  "utf16be-bom.csv": cat(hex("fe ff"), Buffer.from("record_id,first_name\n0001,Zoë\n", "utf16le").swap16()),
  "utf16le-no-bom.csv": Buffer.from("record_id,first_name\n0001,Ana\n", "utf16le"),
  "utf16le-odd-length.csv": cat(hex("ff fe"), Buffer.from("record_id\n0001\n0002", "utf16le"), hex("33")),
  // "José Núñez, Málaga" and "Françoise Lefèvre, Besançon" in Windows-1252
  "windows-1252-western.csv": cat(
    `${HEADER}\r\n0001,Jos`,
    hex("e9"),
    ",N",
    hex("fa f1"),
    "ez,M",
    hex("e1"),
    "laga\r\n0002,Fran",
    hex("e7"),
    "oise,Lef",
    hex("e8"),
    "vre,Besan",
    hex("e7"),
    "on\r\n",
  ),
  // "Antonín Dvořák, Nelahozeves" in Windows-1250: ř is ø in Windows-1252
  "windows-1250-czech.csv": cat(
    `${HEADER}\r\n0001,Anton`,
    hex("ed"),
    "n,Dvo",
    hex("f8 e1"),
    "k,Nelahozeves\r\n",
  ),
  // "José García" in Mac Roman: é is Ž in Windows-1252
  "mac-roman.csv": cat(`${HEADER}\r\n0001,Jos`, hex("8e"), ",Garc", hex("92"), "a,Lyon\r\n"),
  // "田中 太郎" in Shift_JIS
  "shift-jis.csv": cat(`${HEADER}\r\n0001,`, hex("93 63 92 86"), ",", hex("91 be 98 59"), ",Tokyo\r\n"),
  "truncated-mid-character.csv": cat(`${HEADER}\n0001,José,Núñez,Málaga\n0002,Zoë,Ren`, hex("c3")),
  "xlsx-renamed.csv": hex("50 4b 03 04 14 00 06 00 08 00 00 00 21 00"),
  "bom-only.csv": BOM,

  // Delimiters
  "semicolon-excel-europe.csv": cat(
    BOM,
    'record_id;first_name;last_name;address_1\r\n0001;José;Núñez, hijo;Calle Mayor 5, 2º\r\n0002;Ana;Peña;"Plaza; 3"\r\n',
  ),
  "tab-separated.tsv": "record_id\tfirst_name\tcity\n0001\tAna, María\tLeón\n0002\t\tOslo\n",
  "excel-sep-line.csv": "sep=;\r\nrecord_id;first_name\r\n0001;Ana, B\r\n",
  "delimiter-tie.csv": "id;name,city\n1;a,b\n",
  "semicolon-ragged.csv": "record_id;first_name;city\n0001;Ana;Lyon\n0002;Ben;Oslo;extra\n0003;Cy;Rome\n",

  // Headers
  "record-id-label.csv": "Record ID,First Name\n0001,Ana\n",
  "record-id-uppercase-zero-width.csv": "\u200BRECORD_ID,first_name\n0001,Ana\n",
  "record-id-twice.csv": "record_id,first_name,Record ID\n0001,Ana,0001\n",
  "duplicate-column.csv": "record_id,city,name,city\n0001,Lyon,Ana,Lyon\n",
  "no-header.csv": "0001,Ana,Lee,12 Main St\n0002,Ben,Ng,4 Elm Rd\n",
  "unnamed-column-with-values.csv": "record_id,first_name,\n0001,Ana,note\n",
  "no-record-id.csv": "first_name,city\nAna,Lyon\n",

  // Rows
  "ragged-rows.csv": `${HEADER}\n0001,Ana,Lee,Lyon\n0002,Ben,Ng,Oslo,extra\n0003,Cy\n0004,Di,Ro,Rome\n`,
  "unbalanced-quotes.csv": `${HEADER}\n0001,"Ana,Lee,Lyon\n0002,Ben,Ng,Oslo\n0003,Cy"x,Ro,Rome\n0004,"Di"x,Ro,Pisa\n0005,Ed,Wu,Bonn\n`,
  "stray-quote-closed-later.csv": `${HEADER}\n0001,"Ana,Lee,Lyon\n0002,Ben,Ng,Oslo\n0003,Cy,Ro,"Rome" centre\n0004,Di,Ro,Pisa\n`,
  "stray-quote-closed-at-line-end.csv": `${HEADER}\n0001,"Ana,Lee,Lyon\n0002,Ben,Ng,Oslo\n0003,Cy,Ro,Rome"\n0004,Di,Ro,Pisa\n`,
  "control-and-zero-width.csv": `${HEADER}\n0001,An\u200Ba,Lee\u0007,Lyon\n0002,Ben,Ng,Oslo\u0000\n`,
  "record-id-invisible.csv": `${HEADER}\n00\u200B01,Ana,Lee,Lyon\n0002,Ben,Ng,Oslo\n`,
  "nfd-text.csv": `${HEADER}\n0001,Jose\u0301,Nu\u0301n\u0303ez,Ma\u0301laga\n`,
  "very-long-field.csv": `record_id,first_name,notes\n0001,Ana,${"x".repeat(10_001)}\n0002,Ben,short\n`,
  "empty-and-blank-ids.csv": `${HEADER}\n,Ana,Lee,Lyon\n   ,Ben,Ng,Oslo\n0003,Cy,Ro,Rome\n,,,\n\n`,
  "cr-only-line-breaks.csv": `${HEADER}\r0001,Ana,Lee,Lyon\r0002,Ben,Ng,Oslo\r`,

  // Ids that are path tricks, reserved Windows names or spreadsheet formulas
  "path-trick-ids.csv": `record_id,first_name\n../../etc/passwd,A\n..,B\n.,C\na/b,D\n"C:\\Windows\\x",E\n/abs,F\n~,G\n%2e%2e,H\n.hidden,I\n`,
  "windows-reserved-ids.csv":
    'record_id,first_name\nCON,A\nPRN,B\naux,C\nNUL,D\nCOM1,E\nLPT9,F\ncon.txt,G\ntrailing.,H\n"trailing ",I\n',
  "formula-ids.csv": `record_id,first_name\n"=HYPERLINK(""http://x.example"",""y"")",A\n+1,B\n-5,C\n@SUM(1),D\n`,
};

for (const [name, content] of Object.entries(cases)) writeFileSync(join(dir, name), content);
console.log(`${Object.keys(cases).length} rosters in ${dir}`);
