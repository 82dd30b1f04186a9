// The data dictionary (`metadata`) and `exportFieldNames`: what clients read before a record export
// to learn the project's fields and the columns the export will have.
import { listParam, param } from "../api-params.js";
import { exportColumns, fieldNames, projectFields } from "../field-model.js";
import { fail, type Method, table } from "../reply.js";
import { RECORD_MESSAGES } from "./record-methods.js";

/** REDCap's data dictionary columns, in its order (`<form>_complete` fields are not in it). */
export const METADATA_COLUMNS = [
  "field_name",
  "form_name",
  "section_header",
  "field_type",
  "field_label",
  "select_choices_or_calculations",
  "field_note",
  "text_validation_type_or_show_slider_number",
  "text_validation_min",
  "text_validation_max",
  "identifier",
  "branching_logic",
  "required_field",
  "custom_alignment",
  "question_number",
  "matrix_group_name",
  "matrix_ranking",
  "field_annotation",
] as const;

/**
 * The dictionary, limited by `fields[]` and `forms[]` (a field is kept when named or in a named form).
 * It never has `<form>_complete` rows, though fields[] may name one. What REDCap 15.x answers for an
 * unknown name in fields[] or forms[] is NOT known: the simulator refuses it as the record export
 * does, a guess (redcapAPI reports some API error for it, its wording not pinned).
 */
const metadata: Method = (call) => {
  const p = call.project;
  const fields = listParam(call.params, "fields");
  const forms = listParam(call.params, "forms");
  const known = new Set(projectFields(p).map((f) => f.field_name));
  const badFields = fields.filter((f) => !known.has(f) && !p.instruments.has(f.replace(/_complete$/, "")));
  if (badFields.length > 0) return fail(call, 400, RECORD_MESSAGES.invalid("fields", badFields));
  const badForms = forms.filter((f) => !p.instruments.has(f));
  if (badForms.length > 0) return fail(call, 400, RECORD_MESSAGES.invalid("forms", badForms));
  const all = fields.length === 0 && forms.length === 0;
  const rows = projectFields(p)
    .filter((f) => all || fields.includes(f.field_name) || forms.includes(f.form_name))
    .map((f) => Object.fromEntries(METADATA_COLUMNS.map((c) => [c, f[c] ?? ""])));
  return table(call, rows, METADATA_COLUMNS, "records");
};

export const FIELD_NAME_MESSAGES = {
  invalid: "Invalid field",
  // REDCap 15.x API/exportFieldNames/export.php: PHP's `array() == false` turns "nothing to list for
  // this field" into this error.
  nothingToList: "An unknown error occurred",
} as const;

/** REDCap 15.x lists no column for these (REDCap::getExportFieldNames leaves them out). */
const UNLISTED_TYPES: ReadonlySet<string> = new Set(["file", "descriptive"]);

/**
 * Each field's export column names, in the dictionary's order: a checkbox one per choice, every
 * form's `<form>_complete`, calc fields too. `field` must name a dictionary field or a form's
 * `_complete`; one with no column (a file or descriptive field) is the "unknown error".
 */
const exportFieldNames: Method = (call) => {
  const p = call.project;
  const field = param(call.params, "field");
  if (field !== "" && !fieldNames(p).has(field)) return fail(call, 400, FIELD_NAME_MESSAGES.invalid);
  const columns = exportColumns(p).filter(
    (c) => !UNLISTED_TYPES.has(c.type) && (field === "" || c.original === field),
  );
  if (columns.length === 0) return fail(call, 400, FIELD_NAME_MESSAGES.nothingToList);
  const rows = columns.map((c) => ({
    original_field_name: c.original,
    choice_value: c.choice,
    export_field_name: c.name,
  }));
  return table(call, rows, ["original_field_name", "choice_value", "export_field_name"], {
    root: "fields",
    item: "field",
    finalNewline: false,
  });
};

export const dictionaryMethods: Readonly<Record<string, Method>> = { metadata, exportFieldNames };
