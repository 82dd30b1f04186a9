// One card of a card sheet: one participant's one survey. The name and survey title on top; the
// address to type, the access code and the return code on the left; the resume QR on the right.
// Text shrinks to a floor when it does not fit; below that the card is not made (the row fails, with
// the reason): nothing may run over the card's edge onto a neighbour, which is someone else's card.

import { RowError } from "../../errors.js";
import { loginUrl, qrUrl } from "../../links.js";
import type { LetterSurvey } from "../../types.js";
import { type DocFonts, drawLines } from "../draw.js";
import type { FontLibrary, FontStyle } from "../fonts.js";
import { PT_PER_MM } from "../geometry.js";
import { type Line, layoutText, linesHeight } from "../layout.js";
import { MIN_ACCESS_CODE_SIZE, type PanelOptions } from "../panel.js";
import { drawQr, QUIET_ZONE, qrSymbol } from "../qr.js";

/** Kept clear inside the card's edge: sheets are cut (or perforated) within about a millimetre. */
const CARD_PAD = 3.5 * PT_PER_MM;
/**
 * The QR with its quiet zone is always 30 mm: above the 25 mm a card's QR needs (letters.md), with
 * modules of 0.5 mm at least up to version 9 (far longer than a resume link).
 */
const QR_MM = 30;
const MIN_MODULE_MM = 0.5;
const GAP = 0.15;
/** The access code stays as large as on a letter (REDCap takes exactly 9 characters, typed from the card). */
const CODE_SIZE = MIN_ACCESS_CODE_SIZE;
const RETURN_CODE_SIZE = 12;

/**
 * What a card prints of the template: the same choices as a letter's survey panel, and on a card
 * made again, the template's mark that says so (REDCap cannot revoke a code: both cards work).
 */
export interface CardOptions extends PanelOptions {
  readonly replacement?: string | undefined;
}

/** The replacement mark under the QR's caption: bold, shrinking to a floor, two lines at most. */
const MARK_SIZE = 8;
const MARK_FLOOR = 6;
const MARK_SPACE = 2;

export interface Card {
  draw(fonts: DocFonts, x: number, y: number): void;
}

/** One text of the card: its size as designed, the floor it may shrink to, and its most lines. */
interface Part {
  readonly text: string;
  readonly style: FontStyle;
  readonly size: number;
  readonly floor: number;
  readonly maxLines: number;
  readonly space: number;
  readonly breakAfter?: string;
  /** Why the card cannot be made when this part does not fit even at its floor. */
  readonly tooLong: string;
}

export function layoutCard(
  lib: FontLibrary,
  survey: LetterSurvey,
  name: string,
  size: { readonly width: number; readonly height: number },
  opts: CardOptions,
): Card {
  const url = qrUrl(survey.surveyLink, survey.returnCode, opts.redcapLanguage);
  const symbol = qrSymbol(url);
  const total = symbol.size + 2 * QUIET_ZONE;
  const moduleMm = QR_MM / total;
  if (moduleMm < MIN_MODULE_MM) {
    throw new RowError(
      `The card cannot be printed: the survey's resume link is too long for a QR code on a card (its modules would be under ${MIN_MODULE_MM} mm)`,
    );
  }
  const module = moduleMm * PT_PER_MM;
  const qrSide = total * module;
  const caption = layoutText(lib, opts.labels.scan, { style: "regular", size: 6.5, width: qrSide });
  // Room under the caption, down to the card's padding (the QR sits half its quiet zone above it).
  const captionBottom = CARD_PAD - (QUIET_ZONE * module) / 2 + qrSide + 1 + linesHeight(caption, GAP);
  const mark =
    opts.replacement === undefined
      ? undefined
      : fitMark(lib, opts.replacement, qrSide, size.height - CARD_PAD - captionBottom - MARK_SPACE);
  const textWidth = cardTextWidth(size);
  const textHeight = size.height - 2 * CARD_PAD;
  const parts = cardParts(survey, name, opts);
  const laid = fitParts(lib, parts, textWidth, textHeight);
  return {
    draw(fonts, x, y) {
      const doc = fonts.doc;
      // Belt and braces: whatever happens, nothing of this card prints outside it.
      doc.save().rect(x, y, size.width, size.height).clip();
      let top = y + CARD_PAD;
      for (const { part, lines } of laid) {
        top = drawLines(fonts, lines, x + CARD_PAD, top + part.space, { gap: GAP });
      }
      // The quiet zone is white paper: the symbol itself lines up with the text's top.
      const qrX = x + size.width - CARD_PAD - qrSide + QUIET_ZONE * module * 0.5;
      const qrY = y + CARD_PAD - QUIET_ZONE * module * 0.5;
      drawQr(doc, symbol, qrX, qrY, module);
      const below = drawLines(fonts, caption, qrX, qrY + qrSide + 1, {
        gap: GAP,
        width: qrSide,
        align: "center",
      });
      if (mark !== undefined)
        drawLines(fonts, mark, qrX, below + MARK_SPACE, { gap: GAP, width: qrSide, align: "center" });
      doc.restore();
    },
  };
}

/** The mark on one line at the largest size down to its floor that fits under the caption, else on two. */
function fitMark(lib: FontLibrary, text: string, width: number, height: number): readonly Line[] {
  for (const most of [1, 2]) {
    for (let size = MARK_SIZE; size >= MARK_FLOOR; size -= 0.5) {
      const lines = layoutText(lib, text, { style: "bold", size, width });
      if (lines.length <= most && widest(lines) <= width && linesHeight(lines, GAP) <= height) return lines;
    }
  }
  throw new RowError(
    "The card cannot be printed: the template's replacement card label is too long for a card, even in small type",
  );
}

/** The width of the text column beside the QR. */
export function cardTextWidth(size: { readonly width: number }): number {
  return size.width - 2 * CARD_PAD - QR_MM * PT_PER_MM - 6;
}

function cardParts(survey: LetterSurvey, name: string, opts: CardOptions): Part[] {
  const { labels } = opts;
  const label = (text: string, space: number): Part => ({
    text,
    style: "regular",
    size: 7.5,
    floor: 6,
    maxLines: 1,
    space,
    tooLong: "a label of the template is too long for a card",
  });
  const parts: Part[] = [
    {
      text: name,
      style: "bold",
      size: 11,
      floor: 8,
      maxLines: 2,
      space: 0,
      tooLong: "the name is too long for a card, even in small type",
    },
    {
      text: survey.label,
      style: "regular",
      size: 9,
      floor: 7,
      maxLines: 2,
      space: 1,
      tooLong: "the survey's title is too long for a card, even in small type",
    },
    label(labels.goTo, 5),
    {
      text: loginUrl(survey.surveyLink),
      style: "code",
      size: 9,
      floor: 7,
      maxLines: 2,
      space: 1,
      breakAfter: "/.?&=-",
      tooLong: "the survey's login address is too long for a card, even in small type",
    },
    label(labels.accessCode, 4),
    code(survey.accessCode, CODE_SIZE),
  ];
  if (opts.showReturnCode) parts.push(label(labels.returnCode, 3), code(survey.returnCode, RETURN_CODE_SIZE));
  return parts;
}

function code(text: string, size: number): Part {
  return {
    text,
    style: "code",
    size,
    floor: size,
    maxLines: 1,
    space: 1,
    tooLong: `a ${text.length}-character code does not fit on a card`,
  };
}

interface LaidPart {
  readonly part: Part;
  readonly lines: readonly Line[];
}

/**
 * Every part on one line at the largest common scale (down to each part's floor) at which all fit;
 * failing that, at the floor with each part wrapped to its most lines (a name, a title, an address
 * to type may take two). A RowError naming the part that cannot fit, or the card as a whole.
 */
function fitParts(lib: FontLibrary, parts: readonly Part[], width: number, height: number): LaidPart[] {
  for (let scale = 1; ; scale -= 0.05) {
    const atFloor = parts.every((p) => p.size * scale <= p.floor);
    const laid = layoutParts(lib, parts, width, scale, false);
    if (fits(laid, width, height, false)) return laid;
    if (!atFloor) continue;
    const wrapped = layoutParts(lib, parts, width, scale, true);
    if (fits(wrapped, width, height, true)) return wrapped;
    const tooLong = wrapped.find(({ part, lines }) => lines.length > part.maxLines || widest(lines) > width);
    throw new RowError(
      `The card cannot be printed: ${tooLong?.part.tooLong ?? "its text does not fit on a card, even in small type"}`,
    );
  }
}

function layoutParts(
  lib: FontLibrary,
  parts: readonly Part[],
  width: number,
  scale: number,
  wrap: boolean,
): LaidPart[] {
  return parts.map((part) => {
    const size = Math.max(part.floor, part.size * scale);
    const breakAfter = part.breakAfter ?? "";
    const lineWidth = wrap ? width : Number.POSITIVE_INFINITY;
    return {
      part,
      lines: layoutText(lib, part.text, { style: part.style, size, width: lineWidth, breakAfter }),
    };
  });
}

function fits(laid: readonly LaidPart[], width: number, height: number, wrap: boolean): boolean {
  const total = laid.reduce((h, { part, lines }) => h + part.space + linesHeight(lines, GAP), 0);
  const kept = laid.every(
    ({ part, lines }) => lines.length <= (wrap ? part.maxLines : 1) && widest(lines) <= width,
  );
  return kept && total <= height;
}

function widest(lines: readonly Line[]): number {
  return Math.max(0, ...lines.map((l) => l.width));
}
