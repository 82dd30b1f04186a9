// Methods a client uses for its preflight: version, project, instrument, event, arm,
// formEventMapping, repeatingFormsEvents.
import { listParam } from "../api-params.js";
import { contentTypes, phpJsonEncode, tableBody } from "../php-format.js";
import { hasRepeating, isRepeating, type SimProject } from "../project.js";
import { projectStatus, statusCode } from "../project-status.js";
import { type ApiResponse, fail, type Method, type MethodCall, table } from "../reply.js";

export const PROJECT_MESSAGES = {
  classicEvents: "You cannot export events for classic projects",
  classicArms: "You cannot export arms for classic projects",
  classicMapping: "You cannot export form/event mappings for classic projects",
  noRepeating:
    "You cannot export repeating instruments and events because the project does not contain any repeating instruments and events",
  // REDCap 15.7.6 API/repeatingFormsEvents/export.php: a 400 with language key api_227
  // (LanguageUpdater/English.ini), before the "no repeating setup" check.
  noDesign:
    "Insufficient user privileges: You must have 'API Export' privileges and 'Project Setup/Design' privileges in the project.",
} as const;

function projectInfo(project: SimProject): Record<string, string | number> {
  const info = project.info;
  const flag = (b: boolean) => (b ? 1 : 0);
  const status = statusCode(projectStatus(info));
  const values: Record<string, string | number> = {
    project_id: info.project_id,
    project_title: info.project_title,
    creation_time: info.creation_time,
    production_time: status > 0 ? info.creation_time : "",
    // The raw status column: 0 development, 1 production, 2 analysis/cleanup.
    in_production: status,
    project_language: info.project_language,
    purpose: info.purpose,
    purpose_other: "",
    project_notes: "",
    custom_record_label: "",
    secondary_unique_field: "",
    is_longitudinal: flag(project.longitudinal),
    has_repeating_instruments_or_events: flag(hasRepeating(project)),
    surveys_enabled: flag(info.surveys_enabled),
    scheduling_enabled: 0,
    record_autonumbering_enabled: 0,
    randomization_enabled: 0,
    ddp_enabled: 0,
    project_irb_number: info.project_irb_number,
    project_grant_number: "",
    project_pi_firstname: info.project_pi_firstname,
    project_pi_lastname: info.project_pi_lastname,
    display_today_now_button: 1,
    missing_data_codes: "",
    external_modules: "",
    bypass_branching_erase_field_prompt: 0,
  };
  // Older servers send every integer as a JSON string.
  if (project.versionMajor < 15) {
    for (const [k, v] of Object.entries(values)) values[k] = String(v);
  }
  return values;
}

const project: Method = (call) => {
  const info = projectInfo(call.project);
  if (call.format === "json") {
    return { status: 200, body: phpJsonEncode(info), contentType: contentTypes.json };
  }
  const body = tableBody([info], call.format, Object.keys(info), { root: "project" });
  return { status: 200, body, contentType: contentTypes[call.format] };
};

const instrument: Method = (call) =>
  table(
    call,
    call.project.file.instruments.map((i) => ({
      instrument_name: i.instrument_name,
      instrument_label: i.instrument_label,
    })),
    ["instrument_name", "instrument_label"],
    "instruments",
  );

function armFilter(call: MethodCall): (arm: number) => boolean {
  const arms = listParam(call.params, "arms");
  return (arm) => arms.length === 0 || arms.includes(String(arm));
}

const event: Method = (call) => {
  if (!call.project.longitudinal) return fail(call, 400, PROJECT_MESSAGES.classicEvents);
  const inArms = armFilter(call);
  const rows = call.project.events
    .filter((e) => inArms(e.arm_num))
    .map((e) => ({
      event_name: e.event_name,
      arm_num: e.arm_num,
      unique_event_name: e.unique_event_name,
      custom_event_label: e.custom_event_label,
      event_id: e.event_id,
    }));
  return table(
    call,
    rows,
    ["event_name", "arm_num", "unique_event_name", "custom_event_label", "event_id"],
    "events",
  );
};

const formEventMapping: Method = (call) => {
  if (!call.project.longitudinal) return fail(call, 400, PROJECT_MESSAGES.classicMapping);
  const inArms = armFilter(call);
  const rows = call.project.events
    .filter((e) => inArms(e.arm_num))
    .flatMap((e) =>
      [...(call.project.formsByEvent.get(e.unique_event_name) ?? [])].map((form) => ({
        arm_num: e.arm_num,
        unique_event_name: e.unique_event_name,
        form,
      })),
    );
  return table(call, rows, ["arm_num", "unique_event_name", "form"], "items");
};

const repeatingFormsEvents: Method = (call): ApiResponse => {
  if (!call.rights.design) return fail(call, 400, PROJECT_MESSAGES.noDesign);
  const p = call.project;
  if (!hasRepeating(p)) return fail(call, 400, PROJECT_MESSAGES.noRepeating);
  if (!p.longitudinal) {
    const rows = p.file.instruments
      .filter((i) => i.repeating === true)
      .map((i) => ({ form_name: i.instrument_name, custom_form_label: "" }));
    return table(call, rows, ["form_name", "custom_form_label"], "repeatingFormsEvents");
  }
  const rows = p.events.flatMap((e) =>
    e.repeating
      ? [{ event_name: e.unique_event_name, form_name: "", custom_form_label: "" }]
      : [...(p.formsByEvent.get(e.unique_event_name) ?? [])]
          .filter((form) => isRepeating(p, form, e))
          .map((form) => ({ event_name: e.unique_event_name, form_name: form, custom_form_label: "" })),
  );
  return table(call, rows, ["event_name", "form_name", "custom_form_label"], "repeatingFormsEvents");
};

// The bare number, no newline. REDCap 15.x's API/version/export.php hands RestUtility the format
// "csv" itself, so it is text/csv whatever `format` asked for (the survey methods echo their value
// themselves and keep PHP's text/html).
const version: Method = (call) => ({
  status: 200,
  body: call.project.info.version,
  contentType: contentTypes.csv,
});

const arm: Method = (call) => {
  if (!call.project.longitudinal) return fail(call, 400, PROJECT_MESSAGES.classicArms);
  const inArms = armFilter(call);
  const p = call.project;
  const arms =
    p.file.arms.length > 0 ? p.file.arms : [...new Set(p.events.map((e) => e.arm_num))].map(armNamed);
  const rows = arms.filter((a) => inArms(a.arm_num)).map((a) => ({ arm_num: a.arm_num, name: a.name }));
  return table(call, rows, ["arm_num", "name"], "arms");
};

/** Arms the file leaves out are named as REDCap names a new arm. */
const armNamed = (arm_num: number) => ({ arm_num, name: `Arm ${arm_num}` });

export const projectMethods: Readonly<Record<string, Method>> = {
  version,
  arm,
  project,
  instrument,
  event,
  formEventMapping,
  repeatingFormsEvents,
};
