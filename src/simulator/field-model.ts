// The project's fields as REDCap's exports see them: the data dictionary (record id field first),
// and the export columns, where a checkbox becomes one column per choice (`name___code`) and each
// form ends with its `<form>_complete` status field.
import { phpStrtolower } from "./php-format.js";
import type { SimProject } from "./project.js";
import type { EventDef, RecordDef } from "./project-schema.js";

export interface ProjectField {
  readonly field_name: string;
  readonly form_name: string;
  readonly field_type: string;
  readonly field_label: string;
  readonly select_choices_or_calculations: string;
  readonly [column: string]: string;
}

export interface ExportColumn {
  /** The field the column comes from (a checkbox's own name for each of its columns). */
  readonly original: string;
  /** The checkbox code the column stands for; "" for every other field. */
  readonly choice: string;
  readonly name: string;
  readonly form: string;
  /** The dictionary's field_type (REDCap keeps each `<form>_complete` as a "select" field). */
  readonly type: string;
}

export const completeField = (form: string) => `${form}_complete`;

/** The data dictionary in REDCap's order: the record id field first, then each form's fields. */
export function projectFields(p: SimProject): ProjectField[] {
  const rows: ProjectField[] = p.file.instruments.flatMap((inst) =>
    inst.fields.map((f) => ({ ...f, form_name: inst.instrument_name })),
  );
  const idField = p.info.record_id_field;
  const id = rows.find((r) => r.field_name === idField) ?? {
    ...blankField(idField, p.file.instruments[0]?.instrument_name ?? ""),
    field_label: "Record ID",
  };
  return [id, ...rows.filter((r) => r.field_name !== idField)];
}

/** Every name REDCap knows as a field: the dictionary's fields and every form's `_complete`. */
export function fieldNames(p: SimProject): Set<string> {
  return new Set([
    ...projectFields(p).map((f) => f.field_name),
    ...[...p.instruments.keys()].map(completeField),
  ]);
}

function blankField(field_name: string, form_name: string): ProjectField {
  return { field_name, form_name, field_type: "text", field_label: "", select_choices_or_calculations: "" };
}

/** "1, Yes | 0, No" → the codes, in order (REDCap splits on "|", then on the first ","). */
export function choiceCodes(choices: string): string[] {
  return choices
    .split("|")
    .map((choice) => choice.split(",")[0]?.trim() ?? "")
    .filter((code) => code !== "");
}

/**
 * Every column a record export can have, in REDCap's order. Descriptive fields hold no data and have
 * none; the record id field's form comes first, as in the dictionary.
 */
export function exportColumns(p: SimProject): ExportColumn[] {
  const fields = projectFields(p);
  const forms = [...new Set([...fields.map((f) => f.form_name), ...p.instruments.keys()])];
  return forms.flatMap((form) => [
    ...fields.filter((f) => f.form_name === form).flatMap(fieldColumns),
    { original: completeField(form), choice: "", name: completeField(form), form, type: "select" },
  ]);
}

function fieldColumns(f: ProjectField): ExportColumn[] {
  if (f.field_type === "descriptive") return [];
  const column = { original: f.field_name, form: f.form_name, type: f.field_type };
  if (f.field_type !== "checkbox") return [{ ...column, choice: "", name: f.field_name }];
  return choiceCodes(f.select_choices_or_calculations).map((code) => ({
    ...column,
    choice: code,
    name: `${f.field_name}___${checkboxCodeFormatted(code)}`,
  }));
}

/**
 * A choice code as it stands in its checkbox's column name, by REDCap 15's
 * Project::getExtendedCheckboxCodeFormatted: `-` and `.` become `_` (so -1 and 1.5 do not clash
 * with 1 and 15), then it is lower-cased and anything but a-z, 0-9 and `_` is dropped. The code
 * itself (choice_value, the stored value) keeps its form.
 */
function checkboxCodeFormatted(code: string): string {
  return phpStrtolower(code.replace(/[-.]/g, "_")).replace(/[^a-z_0-9]/g, "");
}

/**
 * A form's status in one event, as the record export shows it: what the project file says, else the
 * survey response (completed 2; a partial response is Incomplete, 0), else 0. A form with no data
 * (REDCap's grey icon) is 0 too, unless the export asked for `grayBlank`
 * (exportBlankForGrayFormStatus): then it is blank.
 */
export function formStatus(
  p: SimProject,
  record: RecordDef,
  form: string,
  event: EventDef,
  grayBlank: boolean,
): string {
  const given = record.data[completeField(form)];
  if (given !== undefined) return given;
  const response = record.responses[`${event.unique_event_name}/${form}`] ?? record.responses[form];
  if (response === 2) return "2";
  if (response === 1) return "0";
  const idField = p.info.record_id_field;
  const inst = p.instruments.get(form);
  const hasData = inst?.fields.some(
    (f) => f.field_name !== idField && (record.data[f.field_name] ?? "") !== "",
  );
  return hasData === true || !grayBlank ? "0" : "";
}

/** One cell of a record export row (`grayBlank`: see formStatus). */
export function cellValue(
  p: SimProject,
  record: RecordDef,
  column: ExportColumn,
  event: EventDef,
  grayBlank: boolean,
): string {
  if (column.name === completeField(column.form) && column.original === column.name) {
    return formStatus(p, record, column.form, event, grayBlank);
  }
  const value = record.data[column.original] ?? "";
  if (column.choice === "") return value;
  return value.split(",").some((code) => code.trim() === column.choice) ? "1" : "0";
}
