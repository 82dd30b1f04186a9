// Writes fixtures/bad-templates/: one letter template per case, as pasting from Word, a web page or an
// e-mail leaves them, or as a template made to mislead would be. Most of these characters are
// invisible in an editor, so they are written here by code point. Run it again after changing a case
// (`node scripts/make-bad-templates.mjs`); the expected message of each file is in
// fixtures/bad-templates/cases.json, written by hand.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "bad-templates");
mkdirSync(dir, { recursive: true });

/** A template that loads, but for what a case puts in its settings (line 3 on) and body (line 5 on). */
const template = ({ settings = [], body = ["Dear {{first_name}},", "", "Please take our survey."] }) =>
  ["---", "layout: handout", ...settings, "---", ...body, "", "{{survey_panels}}", ""].join("\n");

const paragraph = (lines, width) =>
  Array.from({ length: lines }, (_, i) => `Sentence ${i} of a paragraph that never ends `.padEnd(width, "."));

const cases = {
  // Placeholders
  "unclosed-placeholder.md": template({ body: ["Dear {{first_name,", "", "Please take our survey."] }),
  "unclosed-placeholder-after-emoji.md": template({ body: ["Olá 👋 {{first_name", "", "Obrigado."] }),
  "unclosed-placeholder-in-setting.md": template({ settings: ['returnAddress: ["Study office", "{{city"]'] }),
  "closing-braces-only.md": template({ body: ["Dear first_name}},", "", "Please take our survey."] }),
  "placeholder-bad-name.md": template({ body: ["Dear {{first name!}},", "", "Please take our survey."] }),
  // Sizes
  "long-setting-value.md": template({ settings: [`returnAddress: ["${"A".repeat(10_001)}"]`] }),
  "long-paragraph.md": template({ body: ["Dear {{first_name}},", "", ...paragraph(120, 100)] }),
  // Control characters
  "bell-character.md": template({ body: ["Dear {{first_name}},\u0007", "", "Please take our survey."] }),
  "form-feed-in-setting.md": template({ settings: ['returnAddress: ["Study office\f", "Main Street 1"]'] }),
  "terminal-escape.md": template({
    body: ["Dear {{first_name}},", "", "\u001b[2J\u001b[31mPlease take our survey."],
  }),
  "c1-control.md": template({ body: ["Dear {{first_name}},", "", "Please take\u0085 our survey."] }),
  "binary-nul.md": Buffer.concat([Buffer.from(template({}).slice(0, 40)), Buffer.from([0, 0, 1, 2, 0xff])]),
  "many-control-characters.md": template({
    body: ["Dear {{first_name}},", "", ...Array.from({ length: 12 }, (_, i) => `Line ${i}\u0008 of text.`)],
  }),
  // Direction controls ("Trojan Source") and private-use characters
  "right-to-left-override.md": template({
    body: ["Dear {{first_name}},", "", "Your visit is on \u202E21/03\u202C, at the clinic."],
  }),
  "isolate-in-setting.md": template({ settings: ['returnAddress: ["Study \u2067office\u2069"]'] }),
  "override-inside-placeholder.md": template({ body: ["Dear {{first\u202E_name}},", "", "Thank you."] }),
  "private-use-placeholder-spoof.md": template({ body: ["Dear \uE0000\uE001,", "", "Thank you."] }),
  // Several at once: all reported together
  "several-problems.md": template({
    settings: ["paper: legal"],
    body: ["Dear {{first_name,", "", "Call \u202Eus\u202C today.\u0007"],
  }),
  // A translation beside a clean base template is checked as closely
  "translated.md": template({}),
  "translated.es.md": template({
    settings: ["language: es"],
    body: ["Estimado/a {{first_name}},", "", "Su cita es el \u202E21/03\u202C."],
  }),
};

for (const [name, content] of Object.entries(cases)) writeFileSync(join(dir, name), content);
