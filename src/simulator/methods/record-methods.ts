// Record export: the one-call existence check for a whole roster (unknown ids are silently dropped).
import { listParam } from "../api-params.js";
import { hasRepeating, type SimProject } from "../project.js";
import type { RecordDef } from "../project-schema.js";
import { type Method, table } from "../reply.js";
import { metadataRows } from "./project-methods.js";

type Row = Record<string, string>;

function selectRecords(p: SimProject, ids: readonly string[]): RecordDef[] {
  if (ids.length === 0) return [...p.records.values()];
  const unique = [...new Set(ids)];
  return unique.map((id) => p.records.get(id)).filter((r): r is RecordDef => r !== undefined);
}

function selectFields(p: SimProject, requested: readonly string[]): string[] {
  const known = metadataRows(p).map((m) => m.field_name);
  const idField = p.info.record_id_field;
  // Unknown field names are left out here; REDCap itself would answer a 400 for them.
  const chosen = requested.length === 0 ? known : known.filter((f) => requested.includes(f));
  return [idField, ...chosen.filter((f) => f !== idField)];
}

/** Longitudinal rows: the record's data sits in the first event of each arm it was created in. */
function rowEvents(p: SimProject, record: RecordDef): string[] {
  if (!p.longitudinal) return [""];
  return record.arms.flatMap((arm) => {
    const first = p.events.find((e) => e.arm_num === arm);
    return first === undefined ? [] : [first.unique_event_name];
  });
}

const record: Method = (call) => {
  const p = call.project;
  const fields = selectFields(p, listParam(call.params, "fields"));
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
    for (const eventName of rowEvents(p, rec)) {
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
