// The POST body as REDCap's PHP sees it: scalars, plus arrays sent as `records[0]=..` or `records[]=..`.

export interface ApiParams {
  readonly values: ReadonlyMap<string, string>;
  readonly lists: ReadonlyMap<string, readonly string[]>;
}

export function parseApiForm(body: string): ApiParams {
  const values = new Map<string, string>();
  const lists = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(body)) {
    const array = /^([^[\]]+)\[[^\]]*\]$/.exec(key);
    if (array?.[1] !== undefined) {
      const list = lists.get(array[1]) ?? [];
      list.push(value);
      lists.set(array[1], list);
    } else {
      values.set(key, value);
    }
  }
  return { values, lists };
}

/** Build params from a plain object (tests, the in-process API). Arrays become `name[n]` lists. */
export function apiParams(
  input: Readonly<Record<string, string | readonly string[] | undefined>>,
): ApiParams {
  const values = new Map<string, string>();
  const lists = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (typeof value === "string") values.set(key, value);
    else lists.set(key, value);
  }
  return { values, lists };
}

/** A scalar, trimmed like REDCap does for record/instrument/event; empty counts as missing. */
export function param(params: ApiParams, name: string): string {
  return (params.values.get(name) ?? "").trim();
}

/** An array parameter; REDCap also accepts one comma-separated string. */
export function listParam(params: ApiParams, name: string): string[] {
  const list = params.lists.get(name);
  if (list !== undefined) return list.filter((v) => v !== "");
  const text = params.values.get(name) ?? "";
  return text === "" ? [] : text.split(",").map((v) => v.trim());
}

/** A boolean option as REDCap's API reads one: "1" or "true" (any case) is on, anything else off. */
export function flagParam(params: ApiParams, name: string): boolean {
  const value = params.values.get(name) ?? "";
  return value === "1" || value.toLowerCase() === "true";
}
