// Renders the README's pictures from the demo's own letters: `npm run demo && npm run pictures`.
// The demo's people and codes are made up by the simulator; nothing here is a real participant.

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as mupdf from "mupdf";

const root = new URL("..", import.meta.url).pathname;
const pictures = [
  { folder: "output/demo", out: "docs/letter-us.png" },
  { folder: "output/demo-a4", out: "docs/letter-a4.png" },
];

for (const { folder, out } of pictures) {
  const letters = join(root, folder, "letters");
  // The second participant's letter: English, one page, an address with an apostrophe.
  const file = readdirSync(letters)
    .sort()
    .find((name) => name.startsWith("0002"));
  if (file === undefined) throw new Error(`${letters} has no letter for 0002: run npm run demo first`);
  const doc = mupdf.Document.openDocument(readFileSync(join(letters, file)), "application/pdf");
  const scale = 80 / 72;
  const pixmap = doc
    .loadPage(0)
    .toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false);
  writeFileSync(join(root, out), pixmap.asPNG());
  process.stdout.write(`${out} from ${join(folder, "letters", file)}\n`);
}
