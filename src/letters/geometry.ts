// Page and envelope geometry in PDF points (1/72 in), origin at the top-left of the page.
// Where a window envelope's window falls on a folded letter, for every position the letter can slide to.

export const PT_PER_IN = 72;
export const PT_PER_MM = 72 / 25.4;

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PaperSize {
  readonly width: number;
  readonly height: number;
}

export const PAPER: Readonly<Record<"letter" | "a4", PaperSize>> = {
  letter: { width: 8.5 * PT_PER_IN, height: 11 * PT_PER_IN },
  a4: { width: 210 * PT_PER_MM, height: 297 * PT_PER_MM },
};

/**
 * "always": the address shows in full wherever the folded letter moves in the envelope (USPS Publication 25
 * §3-9: ⅛″ clear "when the insert is moved to its full limits in each direction").
 * "when-resting": sideways anywhere, but up and down only with the letter settled on the envelope's bottom
 * edge, as letters stand in sorting machines. For envelopes whose play up and down eats the window: a US #10
 * holding a letter folded in thirds moves 0.46″, which leaves 0.42″ of a 1⅛″ window at every position.
 */
export type AddressVisibility = "always" | "when-resting";

/** An envelope and the folding of the sheet in it, in points: what every preset and unit is turned into. */
export interface EnvelopeModel {
  readonly width: number;
  readonly height: number;
  /** The window on the envelope's front (flap at the top), from the envelope's top-left corner. */
  readonly window: Rect;
  /** Fold lines from the top of the sheet, top first; the panel above the first fold faces the window. */
  readonly folds: readonly number[];
  readonly clearance: number;
  readonly addressVisible: AddressVisibility;
}

export interface WindowGeometry {
  /** Where the window falls on the page with the folded letter centred and resting on the envelope bottom. */
  readonly window: Rect;
  /** Where the address text may go: inside the window, less the clearance, at every position allowed for. */
  readonly address: Rect;
  /** Everything that can show through the window however the letter slides: only the address may print here. */
  readonly exposed: Rect;
  /** Fold lines on the page (y in points). */
  readonly folds: readonly number[];
  /** How far the folded letter can move in the envelope: sideways (x), and up from the envelope bottom (y). */
  readonly play: { readonly x: number; readonly y: number };
}

/** The folded sheet: how tall it is, and how far the page's top edge sits below the packet's top edge. */
export interface FoldedPacket {
  readonly height: number;
  readonly topInset: number;
}

/**
 * Panels alternate up and down from the first fold (a zigzag or a wrap fold stack the same way). The top
 * panel faces the window with the first fold at its foot; a shorter top panel leaves the page's top edge
 * below the packet's top, as DIN 5008 form A does (87 mm panel in a 105 mm packet).
 */
export function foldedPacket(pageHeight: number, folds: readonly number[]): FoldedPacket {
  const edges = [0, ...folds, pageHeight];
  const top = folds[0] ?? pageHeight;
  let level = 0;
  let low = 0;
  let high = top;
  for (let i = 2; i < edges.length; i++) {
    const panel = (edges[i] ?? 0) - (edges[i - 1] ?? 0);
    level += i % 2 === 0 ? panel : -panel;
    low = Math.min(low, level);
    high = Math.max(high, level);
  }
  return { height: high - low, topInset: high - top };
}

/**
 * The window on the page for every position of the letter: it moves sideways by the width the envelope has
 * to spare, and up from resting on the envelope bottom by the height it has to spare. The window's page
 * position moves the other way. The address must show at every position allowed for (see
 * AddressVisibility); nothing else may print anywhere the window can be.
 */
export function placeWindow(paper: PaperSize, env: EnvelopeModel): WindowGeometry {
  const packet = foldedPacket(paper.height, env.folds);
  const play = { x: Math.max(0, env.width - paper.width), y: Math.max(0, env.height - packet.height) };
  const win = env.window;
  const clear = env.clearance;
  // Window top on the page with the letter resting on the bottom, and pushed up as far as it goes.
  const yResting = win.y - play.y - packet.topInset;
  const yRaised = win.y - packet.topInset;
  const addressTop = env.addressVisible === "always" ? yRaised : yResting;
  const window = { x: win.x - play.x / 2, y: yResting, width: win.width, height: win.height };
  const address = {
    x: win.x + clear,
    y: addressTop + clear,
    width: win.width - play.x - 2 * clear,
    height: yResting + win.height - clear - (addressTop + clear),
  };
  // Hand folding is off by 2–3 mm: whatever clearance the address keeps, nothing else comes nearer
  // the window than ⅛ in.
  const guard = Math.max(clear, PT_PER_IN / 8);
  const exposed = {
    x: win.x - play.x - guard,
    y: yResting - guard,
    width: win.width + play.x + 2 * guard,
    height: win.height + play.y + 2 * guard,
  };
  return { window, address, exposed, folds: env.folds, play };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function contains(outer: Rect, inner: Rect, tolerance = 0.01): boolean {
  return (
    inner.x >= outer.x - tolerance &&
    inner.y >= outer.y - tolerance &&
    inner.x + inner.width <= outer.x + outer.width + tolerance &&
    inner.y + inner.height <= outer.y + outer.height + tolerance
  );
}
