// Most of a letter is the same on every letter of a print file: the template's text, its pictures'
// lines, the panels' fixed words. They are laid out once per font library, template part and set of
// values they read, and kept here, rather than once a letter.

/**
 * Laid-out versions of template parts: by font library (weakly), by part (weakly), then by a key the
 * caller makes of what the layout reads. Each part keeps at most `most` versions, so a part that reads a
 * field few letters share (a name) does not grow without end.
 */
export class LaidVersions<Part extends object, Laid> {
  readonly #byLibrary = new WeakMap<object, WeakMap<Part, Map<string, Laid>>>();

  constructor(private readonly most: number) {}

  get(library: object, part: Part, key: string, lay: () => Laid): Laid {
    let byPart = this.#byLibrary.get(library);
    if (byPart === undefined) {
      byPart = new WeakMap();
      this.#byLibrary.set(library, byPart);
    }
    let versions = byPart.get(part);
    if (versions === undefined) {
      versions = new Map();
      byPart.set(part, versions);
    }
    if (versions.has(key)) return versions.get(key) as Laid;
    const laid = lay();
    if (versions.size >= this.most) versions.clear();
    versions.set(key, laid);
    return laid;
  }
}
