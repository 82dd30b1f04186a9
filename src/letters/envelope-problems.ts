// What is wrong with a template's envelope, in a coordinator's words: a preset on the wrong paper, custom
// numbers that contradict each other, a letter that does not go in, a window with no room for an address.

import {
  type CustomEnvelope,
  type EnvelopeChoice,
  type EnvelopePreset,
  envelopeModel,
  envelopeTitle,
  formatLength,
  type PaperName,
  paperTitle,
  presetPaper,
  unitPoints,
} from "./envelopes.js";
import { foldedPacket, PAPER, PT_PER_IN, placeWindow } from "./geometry.js";

/** Presets for each paper, the likeliest first. */
const SUGGESTED: Readonly<Record<PaperName, readonly EnvelopePreset[]>> = {
  letter: ["us10"],
  a4: ["din5008b", "dl", "din5008a"],
};

/** Why a preset does not suit the paper, in a coordinator's words; undefined when it does. */
export function paperProblem(paper: PaperName, envelope: EnvelopeChoice): string | undefined {
  if (typeof envelope !== "string") return undefined;
  const wants = presetPaper(envelope);
  if (wants === undefined || wants === paper) return undefined;
  const others = SUGGESTED[paper].map((p) => `"${p}"`);
  return (
    `envelope "${envelope}" (${envelopeTitle(envelope)}) is for ` +
    `${paperTitle(wants)} paper, but the letters are on ${paperTitle(paper)}: for ${paperTitle(paper)} use ` +
    `envelope ${orList(others)}, or use paper "${wants}"`
  );
}

function orList(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/** Three lines of 8 pt type (the address's floor size): the least an address needs. */
const MIN_ADDRESS_HEIGHT = 30;
/** About 30 characters at 8 pt. */
const MIN_ADDRESS_WIDTH = 2 * PT_PER_IN;

/** Every problem of the envelope on this paper, in a coordinator's words (none: an empty list). */
export function envelopeProblems(paper: PaperName, envelope: EnvelopeChoice): string[] {
  if (typeof envelope === "string") {
    const problem = paperProblem(paper, envelope);
    return problem === undefined ? [] : [problem];
  }
  const shape = shapeProblems(envelope, PAPER[paper].height / unitPoints(envelope.unit));
  return shape.length > 0 ? shape : fitProblems(paper, envelope);
}

/** Numbers that contradict each other, before any geometry is worked out. */
function shapeProblems(c: CustomEnvelope, pageHeight: number): string[] {
  const problems: string[] = [];
  const len = (v: number) => formatLength(v, c.unit);
  const w = c.window;
  if (w.top === undefined && w.bottom === undefined) {
    problems.push(
      'envelope "window" needs "bottom" (from the envelope\'s bottom edge to the window) or "top"',
    );
  }
  if (w.top !== undefined && w.bottom !== undefined) {
    problems.push('envelope "window" needs "bottom" or "top", not both');
  }
  if (w.left + w.width > c.width) {
    problems.push(
      `the envelope window (${len(w.left)} from the left, ${len(w.width)} wide) reaches past the envelope's ${len(c.width)} width`,
    );
  }
  if ((w.top ?? w.bottom ?? 0) + w.height > c.height) {
    problems.push(
      `the envelope window (${len(w.height)} tall) does not fit in the envelope's ${len(c.height)} height`,
    );
  }
  const ordered = c.folds.every((f, i) => f > 0 && f < pageHeight && f > (c.folds[i - 1] ?? 0));
  if (!ordered)
    problems.push(
      `envelope "folds" must go from top to bottom, each between 0 and ${len(pageHeight)} (the sheet's height)`,
    );
  return problems;
}

/** Whether the folded sheet goes in, faces the window, and leaves room for an address. */
function fitProblems(paper: PaperName, c: CustomEnvelope): string[] {
  const pt = unitPoints(c.unit);
  const len = (v: number) => formatLength(v / pt, c.unit);
  const size = PAPER[paper];
  const model = envelopeModel(c);
  const g = placeWindow(size, model);
  const problems: string[] = [];
  if (size.width > model.width) {
    problems.push(
      `${paperTitle(paper)} paper is ${len(size.width)} wide, but the envelope only ${len(model.width)}: it does not go in`,
    );
  }
  const packet = foldedPacket(size.height, model.folds).height;
  if (packet > model.height) {
    problems.push(
      `folded as given the letter is ${len(packet)} tall, but the envelope only ${len(model.height)}: check "folds"`,
    );
  }
  const firstFold = model.folds[0] ?? size.height;
  const windowBottom = g.exposed.y + g.exposed.height - model.clearance;
  if (g.window.y < 0 || windowBottom > firstFold) {
    problems.push(
      `the window reaches ${g.window.y < 0 ? "above the top edge of the letter" : `below the first fold (${len(firstFold)})`}: ` +
        'the panel with the address would not fill it; check "folds" and the window\'s position',
    );
  }
  if (g.address.height < MIN_ADDRESS_HEIGHT || g.address.width < MIN_ADDRESS_WIDTH) {
    const play = model.addressVisible === "always" ? g.play.y : 0;
    problems.push(addressRoomProblem(g.address.width, g.address.height, play, len));
  }
  return problems;
}

/** `play`: how far up and down the address must allow for the letter moving. */
function addressRoomProblem(width: number, height: number, play: number, len: (v: number) => string): string {
  const room = `the window leaves ${len(Math.max(0, width))} × ${len(Math.max(0, height))} for the address`;
  if (play > 0 && height < MIN_ADDRESS_HEIGHT) {
    return (
      `${room} wherever the letter moves in the envelope (it can move ${len(play)} up and down): fold the ` +
      'top panel about as tall as the envelope, use a taller window, or set addressVisible: "when-resting"'
    );
  }
  return `${room} (it needs at least ${len(MIN_ADDRESS_WIDTH)} × ${len(MIN_ADDRESS_HEIGHT)}): check the window's size`;
}
