// Project status as REDCap's API sees it. Sources (REDCap 15.7.6 source as published in
// xOops4/redcap, html/redcap_v15.7.6/...):
// - Project::getAttributesApiExportProjectInfo maps the `status` column straight onto
//   `in_production`, so the project export says 0 (development), 1 (production) or 2
//   (analysis/cleanup), not a boolean.
// - api/index.php answers every method except `project` and `version` with a 400 (language key
//   api_150) once a project is marked Completed, after the token, content and export-right checks.
// - No survey method checks the status: in analysis/cleanup REDCap still hands out links and
//   codes, but its survey pages are disabled (English.ini bottom_99), so participants cannot answer.
import type { ProjectInfo } from "./project-schema.js";

export type ProjectStatus = "development" | "production" | "analysis_cleanup" | "completed";

export const STATUS_MESSAGES = {
  completed: "The REDCap project is no longer accessible because it was marked as Completed.",
} as const;

/** `status`, else the older `in_production` flag, else production (what a real mailing meets). */
export function projectStatus(info: ProjectInfo): ProjectStatus {
  if (info.status !== undefined) return info.status;
  if (info.in_production === undefined) return "production";
  return info.in_production ? "production" : "development";
}

/**
 * The `in_production` value of the project export. A completed project keeps the status it had;
 * REDCap offers "mark as Completed" from analysis/cleanup, so 2 is assumed (inferred, not seen).
 */
export function statusCode(status: ProjectStatus): 0 | 1 | 2 {
  switch (status) {
    case "development":
      return 0;
    case "production":
      return 1;
    case "analysis_cleanup":
    case "completed":
      return 2;
  }
}

/** Methods a completed project still answers (api/index.php exempts them). */
const OPEN_WHEN_COMPLETED: ReadonlySet<string> = new Set(["project", "version"]);

export function blockedByStatus(status: ProjectStatus, content: string): string | undefined {
  return status === "completed" && !OPEN_WHEN_COMPLETED.has(content) ? STATUS_MESSAGES.completed : undefined;
}

/** Whether a participant opening a survey link gets the survey (not in analysis/cleanup or completed). */
export function surveysOpen(status: ProjectStatus): boolean {
  return status === "development" || status === "production";
}
