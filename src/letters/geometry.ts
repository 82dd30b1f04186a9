// Page and envelope geometry in PDF points (1/72 in), origin at the top-left of the page.

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

/** Envelope and folding, in inches as printed on envelope data sheets. */
export interface EnvelopeSpec {
  readonly width: number;
  readonly height: number;
  /** Fold lines, measured from the top of the page; the top panel faces the window. */
  readonly folds: readonly number[];
  readonly window: {
    readonly left: number;
    readonly bottom: number;
    readonly width: number;
    readonly height: number;
  };
  /** Space kept free around the address text inside the window. */
  readonly clearance: number;
}

/** US #10 window envelope, letter paper tri-folded at 3⅔″ and 7⅓″. */
export const US_10: EnvelopeSpec = {
  width: 9.5,
  height: 4.125,
  folds: [11 / 3, 22 / 3],
  window: { left: 0.875, bottom: 0.5, width: 4.5, height: 1.125 },
  clearance: 0.125,
};

export interface WindowGeometry {
  /** Where the window falls on the page with the folded letter centred and resting on the envelope bottom. */
  readonly window: Rect;
  /** Where the address text may go: inside the window for every sideways slide of the letter, less the clearance. */
  readonly address: Rect;
  /** Everything that can show through the window however the letter slides: only the address may print here. */
  readonly exposed: Rect;
  /** Fold lines on the page (y in points). */
  readonly folds: readonly number[];
}

/**
 * The folded top panel sits in the envelope upright; it usually rests on the envelope's bottom edge but can
 * slide up by the height difference, and sideways by the width difference. The address goes where the window
 * is in the resting position (vertically) and in every sideways position (horizontally); nothing else may print
 * anywhere the window can be.
 */
export function windowGeometry(paper: PaperSize, env: EnvelopeSpec): WindowGeometry {
  const firstFold = (env.folds[0] ?? env.height) * PT_PER_IN;
  const envW = env.width * PT_PER_IN;
  const envH = env.height * PT_PER_IN;
  const winLeft = env.window.left * PT_PER_IN;
  const winW = env.window.width * PT_PER_IN;
  const winH = env.window.height * PT_PER_IN;
  const winTopInEnv = envH - env.window.bottom * PT_PER_IN - winH;
  const slideX = Math.max(0, envW - paper.width);
  const slideY = Math.max(0, envH - firstFold);
  const clear = env.clearance * PT_PER_IN;

  const window = { x: winLeft - slideX / 2, y: winTopInEnv - slideY, width: winW, height: winH };
  const address = {
    x: winLeft + clear,
    y: window.y + clear,
    width: winW - slideX - 2 * clear,
    height: winH - 2 * clear,
  };
  const exposed = {
    x: winLeft - slideX - clear,
    y: winTopInEnv - slideY - clear,
    width: winW + slideX + 2 * clear,
    height: winH + slideY + 2 * clear,
  };
  return { window, address, exposed, folds: env.folds.map((f) => f * PT_PER_IN) };
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
