// Record export: the one-call existence check for a whole roster (unknown ids are silently dropped,
// unknown event, field or form names are not: REDCap 15.x API/record/export.php answers 400 for them,
// in that order). Flat rows only: no eav, no labels.
import { flagParam, listParam } from "../api-params.js";
import { cellValue, type ExportColumn, exportColumns, fieldNames, projectFields } from "../field-model.js";
import { hasRepeating, type SimProject } from "../project.js";
import type { EventDef, RecordDef } from "../project-schema.js";
import { compareRecordIds } from "../record-order.js";
import { type ApiResponse, fail, type Method, type MethodCall, recordTable } from "../reply.js";
import { isDesignated } from "./survey-target.js";

type Row = Record<string, string>;

/** The records asked for (all when none are named), in REDCap's order, not the order asked. */
function selectRecords(p: SimProject, ids: readonly string[]): RecordDef[] {
  const chosen =
    ids.length === 0
      ? [...p.records.values()]
      : [...new Set(ids)].map((id) => p.records.get(id)).filter((r): r is RecordDef => r !== undefined);
  return chosen.sort((a, b) => compareRecordIds(a.id, b.id));
}

export const RECORD_MESSAGES = {
  invalid: (param: "fields" | "events" | "forms", names: readonly string[]) =>
    `The following values in the parameter "${param}" are not valid: ${phpQuotedList(names)}`,
  onlyDescriptive:
    'The variables provided in the parameter "fields" are not valid fields that contain data. This might happen if you only provided variables for Descriptive fields.',
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

/**
 * The columns asked for: every field when neither `fields` nor `forms` is given; else the named fields
 * and every field of the named forms (each form with its `_complete`). The record id field is added
 * only when no `fields` are named (API help: "by default, all fields are pulled").
 */
function selectColumns(p: SimProject, fields: readonly string[], forms: readonly string[]): ExportColumn[] {
  const all = exportColumns(p);
  if (fields.length === 0 && forms.length === 0) return all;
  const idField = p.info.record_id_field;
  return all.filter(
    (c) =>
      fields.includes(c.original) ||
      forms.includes(c.form) ||
      (fields.length === 0 && c.original === idField),
  );
}

/**
 * Longitudinal rows: the record's data sits in the first event of each arm it was created in, and a
 * survey response (`responses` keyed by event) puts it in that event too.
 */
function rowEvents(p: SimProject, record: RecordDef, events: readonly string[]): EventDef[] {
  const answered = Object.keys(record.responses).map((key) => key.split("/")[0]);
  return p.events.filter((e) => {
    if (!record.arms.includes(e.arm_num)) return false;
    if (events.length > 0 && !events.includes(e.unique_event_name)) return false;
    const first = p.events.find((f) => f.arm_num === e.arm_num) === e;
    return !p.longitudinal || first || answered.includes(e.unique_event_name);
  });
}

interface Selection {
  readonly events: readonly string[];
  readonly columns: readonly ExportColumn[];
}

/** The names asked for, checked in REDCap's order: events (longitudinal only), fields, forms. */
function checkNames(call: MethodCall): ApiResponse | Selection {
  const p = call.project;
  // REDCap validates `events` only on longitudinal projects (a classic project ignores them).
  const events = p.longitudinal ? listParam(call.params, "events") : [];
  const badEvents = events.filter((e) => !p.eventsByName.has(e));
  if (badEvents.length > 0) return fail(call, 400, RECORD_MESSAGES.invalid("events", badEvents));
  const fields = listParam(call.params, "fields");
  const known = fieldNames(p);
  const badFields = fields.filter((f) => !known.has(f));
  if (badFields.length > 0) return fail(call, 400, RECORD_MESSAGES.invalid("fields", badFields));
  // REDCap drops descriptive fields from fields[] first; none left is an error, whatever forms[] says.
  const descriptive = new Set(
    projectFields(p)
      .filter((f) => f.field_type === "descriptive")
      .map((f) => f.field_name),
  );
  if (fields.length > 0 && fields.every((f) => descriptive.has(f))) {
    return fail(call, 400, RECORD_MESSAGES.onlyDescriptive);
  }
  const forms = listParam(call.params, "forms");
  const badForms = forms.filter((f) => !p.instruments.has(f));
  if (badForms.length > 0) return fail(call, 400, RECORD_MESSAGES.invalid("forms", badForms));
  return { events, columns: selectColumns(p, fields, forms) };
}

const record: Method = (call) => {
  const checked = checkNames(call);
  if ("status" in checked) return checked;
  const { events, columns } = checked;
  const p = call.project;
  const idField = p.info.record_id_field;
  // redcap_event_name and the repeat columns follow the record id field: without it they are not
  // sent either (PyCap's pinned export of named fields from a longitudinal project has neither).
  const withId = columns[0]?.original === idField;
  const repeating = hasRepeating(p);
  const extra = withId
    ? [...(p.longitudinal ? ["redcap_event_name"] : []), ...(repeating ? REPEAT_COLUMNS : [])]
    : [];
  const names = columns.map((c) => c.name);
  const header = withId ? [idField, ...extra, ...names.slice(1)] : names;
  const grayBlank = flagParam(call.params, "exportBlankForGrayFormStatus");
  const rows: Row[] = [];
  for (const rec of selectRecords(p, listParam(call.params, "records"))) {
    for (const event of rowEvents(p, rec, events)) {
      const row: Row = {};
      for (const c of columns) {
        const designated = !p.longitudinal || c.original === idField || isDesignated(p, c.form, event);
        const value = designated ? cellValue(p, rec, c, event, grayBlank) : "";
        row[c.name] = c.original === idField ? rec.id : value;
      }
      if (withId && p.longitudinal) row.redcap_event_name = event.unique_event_name;
      if (withId && repeating)
        Object.assign(row, { redcap_repeat_instrument: "", redcap_repeat_instance: "" });
      // json keeps the keys in the header's order: redcap_event_name right after the record id.
      rows.push(Object.fromEntries(header.map((name) => [name, row[name] ?? ""])));
    }
  }
  return recordTable(call, rows, header);
};

const REPEAT_COLUMNS = ["redcap_repeat_instrument", "redcap_repeat_instance"];

export const recordMethods: Readonly<Record<string, Method>> = { record };
