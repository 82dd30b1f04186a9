// The page and envelope a letter is laid out for, chosen on the command line instead of by editing a
// copy of the template (a study mailing from the US and from Germany can share one template).

export const PAPER_SIZES = ["letter", "a4"] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

/**
 * Where the envelope window is: a US #10 envelope, a German DIN 5008 letter (form A: address field
 * higher, form B: lower), a DL envelope (110 × 220 mm), or no window at all.
 */
export const ENVELOPES = ["us10", "din5008a", "din5008b", "dl", "none"] as const;
export type Envelope = (typeof ENVELOPES)[number];

/**
 * What each participant gets: a mailing letter (address in the window), the same packet with no
 * address for handing over in person, N-up cards for a card sheet, or address labels.
 */
export const LAYOUTS = ["letter", "handout", "cards", "labels"] as const;
export type Layout = (typeof LAYOUTS)[number];

/** The most positions any sheet preset has (Avery 5160: 3 × 10); each preset checks its own. */
export const MOST_SHEET_POSITIONS = 30;

/** What `loadLetterKit` takes from the settings: only the keys given (its options are optional, not undefined). */
export interface KitChoices {
  readonly templateFile?: string;
  readonly paper?: PaperSize;
  readonly envelope?: Envelope;
  readonly layout?: Layout;
  /** First position used on the first card or label sheet (1-based). */
  readonly startAt?: number;
}

export function kitChoices(settings: {
  readonly templateFile: string | undefined;
  readonly paper: PaperSize | undefined;
  readonly envelope: Envelope | undefined;
  readonly layout?: Layout | undefined;
  readonly startAt?: number | undefined;
}): KitChoices {
  const { templateFile, paper, envelope, layout, startAt } = settings;
  return {
    ...(templateFile === undefined ? {} : { templateFile }),
    ...(paper === undefined ? {} : { paper }),
    ...(envelope === undefined ? {} : { envelope }),
    ...(layout === undefined ? {} : { layout }),
    ...(startAt === undefined ? {} : { startAt }),
  };
}
