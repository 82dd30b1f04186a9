// The data dictionary (`metadata`) and `exportFieldNames`: what clients read before a record export
// to learn the project's fields and the columns the export will have.
import { listParam, param } from "../api-params.js";
import { exportColumns, projectFields } from "../field-model.js";
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
 * Unknown names are refused as the record export refuses them (inferred: redcapAPI reports an API
 * error for them, its wording not pinned).
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
  // Inferred wording (REDCap's API help does not give it): the record export's, for one value.
  invalid: (field: string) => RECORD_MESSAGES.invalid("field", [field]),
} as const;

/** Each field's export column names: a checkbox one per choice, every form's `<form>_complete`. */
const exportFieldNames: Method = (call) => {
  const p = call.project;
  const field = param(call.params, "field");
  const columns = exportColumns(p).filter((c) => field === "" || c.original === field);
  if (field !== "" && columns.length === 0) return fail(call, 400, FIELD_NAME_MESSAGES.invalid(field));
  const rows = columns.map((c) => ({
    original_field_name: c.original,
    choice_value: c.choice,
    export_field_name: c.name,
  }));
  return table(call, rows, ["original_field_name", "choice_value", "export_field_name"], "fields");
};

export const dictionaryMethods: Readonly<Record<string, Method>> = { metadata, exportFieldNames };
