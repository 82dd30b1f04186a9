import type { TemplateLayout } from "../letters/template/settings.js";

// What a run makes, in the words of its layout: a coordinator who asked for labels is told of labels.

/** "3 letter(s)", "3 hand-out(s)", "cards for 3 participant(s)" (a card per survey), "3 label(s)". */
export function madeCount(layout: TemplateLayout, count: number): string {
  switch (layout) {
    case "letter":
      return `${count} letter(s)`;
    case "handout":
      return `${count} hand-out(s)`;
    case "cards":
      return `cards for ${count} participant(s)`;
    case "labels":
      return `${count} label(s)`;
  }
}

/** What the progress bar counts: "letters", "hand-outs", "participants' cards", "labels". */
export function progressUnit(layout: TemplateLayout): string {
  return { letter: "letters", handout: "hand-outs", cards: "participants' cards", labels: "labels" }[layout];
}
