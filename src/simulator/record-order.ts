// The order a record export lists records in, whatever order `records[]` named them in. REDCap
// 5.2.3's export query sorts `ORDER BY abs(record), record`: by the id's numeric value, then by the id
// itself. That is the only version this was seen in (no 15.x source or capture shows the order), so
// 15.x is assumed to keep it.

/** MySQL's abs() of a string: the number its leading characters spell (0 when none), made positive. */
function mysqlAbs(id: string): number {
  const prefix = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(id)?.[0];
  const value = prefix === undefined ? 0 : Number(prefix.trim());
  return Number.isFinite(value) ? Math.abs(value) : Number.MAX_VALUE;
}

/**
 * Compares two record ids as that query does: "2" before "10", "0015" with "15", and ids with no
 * leading number ("abc", value 0) first. Ties fall back to the ids compared code unit by code unit
 * (MySQL's collation may fold case there; no project here tells the difference).
 */
export function compareRecordIds(a: string, b: string): number {
  const byValue = mysqlAbs(a) - mysqlAbs(b);
  if (byValue !== 0) return byValue;
  return a < b ? -1 : a > b ? 1 : 0;
}
