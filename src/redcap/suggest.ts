// "Did you mean …?" for instrument and event names typed by a coordinator: REDCap wants the unique
// name (baseline_survey), people type what they see on screen (Baseline Survey).

export interface Named {
  readonly name: string;
  readonly label: string;
}

export type Suggestion =
  | { readonly kind: "label"; readonly name: string }
  | { readonly kind: "near"; readonly name: string }
  | undefined;

export function suggestName(typed: string, known: readonly Named[]): Suggestion {
  const wanted = squash(typed);
  const byLabel = known.find((k) => squash(k.label) === wanted && k.label.trim() !== "");
  if (byLabel !== undefined) return { kind: "label", name: byLabel.name };
  const slug = slugify(typed);
  const bySlug = known.find((k) => k.name.toLowerCase() === slug || slugify(k.label) === slug);
  if (bySlug !== undefined) return { kind: "near", name: bySlug.name };
  let best: { name: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(slug, k.name.toLowerCase());
    if (best === undefined || distance < best.distance) best = { name: k.name, distance };
  }
  // A couple of typos in a long name, one in a short one; beyond that it is a guess, not a hint.
  const allowed = Math.max(1, Math.floor(slug.length / 5));
  return best !== undefined && best.distance <= allowed ? { kind: "near", name: best.name } : undefined;
}

function squash(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}

function slugify(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** At most `max` names for a message, then "and N more". */
export function listNames(names: readonly string[], max = 8): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
