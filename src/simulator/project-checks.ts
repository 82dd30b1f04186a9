// Checks across sections of a project file that a schema cannot express: references, duplicates,
// and what a classic project may not have.
import type { ProjectFile } from "./project-schema.js";

function duplicates(values: readonly (string | number)[]): (string | number)[] {
  const seen = new Set<string | number>();
  const repeated: (string | number)[] = [];
  for (const v of values) {
    if (seen.has(v)) repeated.push(v);
    seen.add(v);
  }
  return repeated;
}

export function crossCheck(file: ProjectFile): string[] {
  const problems: string[] = [];
  const dup = (what: string, values: readonly (string | number)[]) => {
    for (const d of new Set(duplicates(values))) problems.push(`${what}: "${d}" appears more than once`);
  };
  dup(
    "instruments[].instrument_name",
    file.instruments.map((i) => i.instrument_name),
  );
  dup(
    "records[].id",
    file.records.map((r) => r.id),
  );
  dup(
    "tokens[].token",
    file.tokens.map((t) => t.token),
  );
  dup(
    "events[].unique_event_name",
    file.events.map((e) => e.unique_event_name),
  );
  dup(
    "events[].event_id",
    file.events.map((e) => e.event_id),
  );
  const designated = file.project.designated_email_field;
  const fields = new Set(file.instruments.flatMap((i) => i.fields.map((f) => f.field_name)));
  if (designated !== undefined && !fields.has(designated)) {
    problems.push(`project.designated_email_field: no field "${designated}" in instruments[].fields`);
  }
  if (file.project.is_longitudinal) problems.push(...checkLongitudinal(file));
  else problems.push(...checkClassic(file));
  return problems;
}

function checkClassic(file: ProjectFile): string[] {
  const problems: string[] = [];
  if (file.events.length > 0)
    problems.push("events: a classic project (is_longitudinal false) has no events");
  if (file.form_event_mapping.length > 0) problems.push("form_event_mapping: a classic project has none");
  file.instruments.forEach((inst, i) => {
    if (Array.isArray(inst.repeating)) {
      problems.push(`instruments[${i}].repeating: a classic project takes true or false, not event names`);
    }
  });
  file.records.forEach((rec, i) => {
    if (rec.arms.some((a) => a !== 1)) problems.push(`records[${i}].arms: a classic project only has arm 1`);
  });
  return problems;
}

function checkLongitudinal(file: ProjectFile): string[] {
  const problems: string[] = [];
  if (file.events.length === 0) problems.push("events: a longitudinal project needs at least one event");
  const arms = new Set(armNumbers(file));
  const events = new Set(file.events.map((e) => e.unique_event_name));
  const forms = new Set(file.instruments.map((i) => i.instrument_name));
  file.events.forEach((ev, i) => {
    if (!arms.has(ev.arm_num)) problems.push(`events[${i}].arm_num: arm ${ev.arm_num} is not in arms`);
  });
  file.form_event_mapping.forEach((m, i) => {
    if (!events.has(m.unique_event_name)) {
      problems.push(`form_event_mapping[${i}].unique_event_name: no event "${m.unique_event_name}"`);
    }
    if (!forms.has(m.form)) problems.push(`form_event_mapping[${i}].form: no instrument "${m.form}"`);
  });
  file.instruments.forEach((inst, i) => {
    if (!Array.isArray(inst.repeating)) return;
    inst.repeating.forEach((ev, j) => {
      if (!events.has(ev)) problems.push(`instruments[${i}].repeating[${j}]: no event "${ev}"`);
    });
  });
  file.records.forEach((rec, i) => {
    rec.arms.forEach((a, j) => {
      if (!arms.has(a)) problems.push(`records[${i}].arms[${j}]: arm ${a} is not in arms`);
    });
  });
  return problems;
}

function armNumbers(file: ProjectFile): number[] {
  return file.arms.length > 0 ? file.arms.map((a) => a.arm_num) : file.events.map((e) => e.arm_num);
}
