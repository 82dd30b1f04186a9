// Record export: the one-call existence check for a whole roster (unknown ids are silently dropped,
// unknown field or event names are not: REDCap 15.x API/record/export.php answers 400 for them,
// events first, then fields).
import { listParam } from "../api-params.js";
import { hasRepeating, type SimProject } from "../project.js";
import type { RecordDef } from "../project-schema.js";
import { fail, type Method, table } from "../reply.js";
import { metadataRows } from "./project-methods.js";

type Row = Record<string, string>;

function selectRecords(p: SimProject, ids: readonly string[]): RecordDef[] {
  if (ids.length === 0) return [...p.records.values()];
  const unique = [...new Set(ids)];
  return unique.map((id) => p.records.get(id)).filter((r): r is RecordDef => r !== undefined);
}

export const RECORD_MESSAGES = {
  invalid: (param: "fields" | "events", names: readonly string[]) =>
    `The following values in the parameter "${param}" are not valid: ${phpQuotedList(names)}`,
} as const;

/** PHP's prep_implode: each value MySQL-escaped in single quotes, joined by ", ", duplicates once. */
function phpQuotedList(names: readonly string[]): string {
  const mysqlEscape = (v: string) => [...v].map((c) => MYSQL_ESCAPES[c] ?? c).join("");
  return [...new Set(names)].map((n) => `'${mysqlEscape(n)}'`).join(", ");
}

/** What mysqli_real_escape_string escapes. */
const MYSQL_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "'": "\\'",
  '"': '\\"',
  "\u0000": "\\0",
  "\n": "\\n",
  "\r": "\\r",
  "\u001a": "\\Z",
};

function selectFields(p: SimProject, requested: readonly string[]): string[] {
  const known = metadataRows(p).map((m) => m.field_name);
  const idField = p.info.record_id_field;
  const chosen = requested.length === 0 ? known : known.filter((f) => requested.includes(f));
  return [idField, ...chosen.filter((f) => f !== idField)];
}

/** Longitudinal rows: the record's data sits in the first event of each arm it was created in. */
function rowEvents(p: SimProject, record: RecordDef, events: readonly string[]): string[] {
  if (!p.longitudinal) return [""];
  return record.arms.flatMap((arm) => {
    const first = p.events.find((e) => e.arm_num === arm);
    if (first === undefined) return [];
    return events.length === 0 || events.includes(first.unique_event_name) ? [first.unique_event_name] : [];
  });
}

const record: Method = (call) => {
  const p = call.project;
  // REDCap validates `events` only on longitudinal projects (a classic project ignores them).
  const events = p.longitudinal ? listParam(call.params, "events") : [];
  const badEvents = events.filter((e) => !p.eventsByName.has(e));
  if (badEvents.length > 0) return fail(call, 400, RECORD_MESSAGES.invalid("events", badEvents));
  const requested = listParam(call.params, "fields");
  const known = new Set(metadataRows(p).map((m) => m.field_name));
  const badFields = requested.filter((f) => !known.has(f));
  if (badFields.length > 0) return fail(call, 400, RECORD_MESSAGES.invalid("fields", badFields));
  const fields = selectFields(p, requested);
  const idField = p.info.record_id_field;
  const repeating = hasRepeating(p);
  const columns = [
    idField,
    ...(p.longitudinal ? ["redcap_event_name"] : []),
    ...(repeating ? ["redcap_repeat_instrument", "redcap_repeat_instance"] : []),
    ...fields.slice(1),
  ];
  const rows: Row[] = [];
  for (const rec of selectRecords(p, listParam(call.params, "records"))) {
    for (const eventName of rowEvents(p, rec, events)) {
      const row: Row = { [idField]: rec.id };
      if (p.longitudinal) row.redcap_event_name = eventName;
      if (repeating) Object.assign(row, { redcap_repeat_instrument: "", redcap_repeat_instance: "" });
      for (const f of fields.slice(1)) row[f] = rec.data[f] ?? "";
      rows.push(row);
    }
  }
  return table(call, rows, columns, "records");
};

export const recordMethods: Readonly<Record<string, Method>> = { record };
