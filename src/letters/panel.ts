// One survey's panel: label, login URL to type, access code, return code, and the resume QR on the right.

import { loginUrl, qrUrl } from "../links.js";
import type { LetterSurvey } from "../types.js";
import { type DocFonts, drawLines } from "./draw.js";
import type { FontLibrary, FontStyle } from "./fonts.js";
import { LaidVersions } from "./laid-versions.js";
import { type Line, layoutText, linesHeight } from "./layout.js";
import { type QrSymbol, qrSymbol, qrWidth } from "./qr.js";
import type { Labels } from "./template/settings.js";

const PAD = 10;
const LINE_GAP = 0.15;
/** REDCap accepts exactly the 9 characters; a smaller code is hard to read, a split one is mistyped. */
export const ACCESS_CODE_SIZE = 22;
export const MIN_ACCESS_CODE_SIZE = 16;

export interface PanelOptions {
  readonly labels: Labels;
  readonly showReturnCode: boolean;
  /** REDCap's multi-language id: the QR opens the survey in that language. */
  readonly redcapLanguage: string | undefined;
}

/** Draws the QR of `url` with its top-left corner at (x, y). */
export type QrPainter = (fonts: DocFonts, symbol: QrSymbol, url: string, x: number, y: number) => void;

export interface Panel {
  readonly height: number;
  /** The part that must stay off a fold (offset from the panel's top, height): the codes and the QR. */
  readonly keep: { readonly offset: number; readonly height: number };
  draw(fonts: DocFonts, x: number, y: number, paintQr: QrPainter): void;
}

interface Block {
  readonly lines: readonly Line[];
  readonly space: number;
}

export function layoutPanel(
  lib: FontLibrary,
  survey: LetterSurvey,
  width: number,
  opts: PanelOptions,
): Panel {
  const url = qrUrl(survey.surveyLink, survey.returnCode, opts.redcapLanguage);
  const symbol = qrSymbol(url);
  const qrW = qrWidth(symbol);
  const textW = width - 3 * PAD - qrW;
  const fixed = panelTexts(lib, survey, textW, qrW, opts);

  const left: Block[] = [
    fixed.survey,
    fixed.goTo,
    { lines: fixed.loginUrl, space: 2 },
    fixed.accessCode,
    {
      lines: fitOneLine(lib, survey.accessCode, textW, [ACCESS_CODE_SIZE, 19, MIN_ACCESS_CODE_SIZE], true),
      space: 2,
    },
  ];
  if (fixed.returnCode !== undefined) {
    left.push(fixed.returnCode);
    left.push({ lines: fitOneLine(lib, survey.returnCode, textW, [16, 14], true), space: 2 });
  }
  const codesEnd = left.length;
  if (fixed.returnCodeHint !== undefined) left.push(fixed.returnCodeHint);
  const caption = fixed.scan;
  const leftH = blocksHeight(left);
  const rightH = qrW + 4 + linesHeight(caption, LINE_GAP);
  const height = 2 * PAD + Math.max(leftH, rightH);

  return {
    height,
    keep: { offset: PAD, height: Math.max(rightH, blocksHeight(left.slice(0, codesEnd))) },
    draw(fonts, x, y, paintQr) {
      const doc = fonts.doc;
      doc.save().lineWidth(0.75).strokeColor("#808080").rect(x, y, width, height).stroke().restore();
      let top = y + PAD;
      for (const b of left) top = drawLines(fonts, b.lines, x + PAD, top + b.space, { gap: LINE_GAP });
      const qrX = x + width - PAD - qrW;
      paintQr(fonts, symbol, url, qrX, y + PAD);
      drawLines(fonts, caption, qrX, y + PAD + qrW + 4, { gap: LINE_GAP, width: qrW, align: "center" });
    },
  };
}

/** What a panel prints that is the same for every participant of a survey: its labels and login URL. */
interface PanelTexts {
  readonly survey: Block;
  readonly goTo: Block;
  readonly loginUrl: readonly Line[];
  readonly accessCode: Block;
  readonly returnCode: Block | undefined;
  readonly returnCodeHint: Block | undefined;
  readonly scan: readonly Line[];
}

/** Surveys × QR sizes a print file meets: a handful; the bound only keeps odd input from growing it. */
const fixedTexts = new LaidVersions<Labels, PanelTexts>(64);

/** The panel's fixed texts, laid out once per survey, width and template rather than once a letter. */
function panelTexts(
  lib: FontLibrary,
  survey: LetterSurvey,
  textW: number,
  qrW: number,
  opts: PanelOptions,
): PanelTexts {
  // The login URL is the survey link without its query: the part before "?" decides it.
  const site = survey.surveyLink.split(/[?#]/, 1)[0] ?? "";
  const key = `${opts.showReturnCode}\u0000${textW}\u0000${qrW}\u0000${survey.label}\u0000${site}`;
  return fixedTexts.get(lib, opts.labels, key, () => {
    const { labels } = opts;
    const text = (t: string, style: FontStyle, size: number, space = 0) =>
      ({ lines: layoutText(lib, t, { style, size, width: textW }), space }) satisfies Block;
    return {
      survey: text(`${labels.survey}: ${survey.label}`, "bold", 13),
      goTo: text(labels.goTo, "regular", 10, 7),
      loginUrl: fitOneLine(lib, loginUrl(survey.surveyLink), textW, [15, 13, 11]),
      accessCode: text(labels.accessCode, "regular", 10, 7),
      returnCode: opts.showReturnCode ? text(labels.returnCode, "regular", 10, 7) : undefined,
      returnCodeHint: opts.showReturnCode ? text(labels.returnCodeHint, "regular", 9, 4) : undefined,
      scan: layoutText(lib, labels.scan, { style: "regular", size: 9, width: qrW }),
    };
  });
}

/** One unbroken line at the largest size that fits; codes must never wrap, URLs wrap at `/` as a last resort. */
function fitOneLine(lib: FontLibrary, value: string, width: number, sizes: number[], code = false): Line[] {
  for (const size of sizes) {
    const lines = layoutText(lib, value, { style: "code", size, width: Infinity });
    if ((lines[0]?.width ?? 0) <= width) return lines;
  }
  const size = sizes[sizes.length - 1] ?? 11;
  if (code) throw new Error(`a ${value.length}-character code does not fit the panel at ${size} pt`);
  return layoutText(lib, value, { style: "code", size, width, breakAfter: "/.?&=-" });
}

function blocksHeight(blocks: readonly Block[]): number {
  return blocks.reduce((h, b) => h + b.space + linesHeight(b.lines, LINE_GAP), 0);
}
