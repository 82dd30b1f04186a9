// What REDCap 15.x's api/index.php makes of `action`: only a few contents check it against a list;
// every other content ignores it and is an export, or an import when `data` is sent.
import type { ApiParams } from "./api-params.js";

/** The contents whose `action` REDCap checks (the simulator models only event and arm of them). */
const ACTION_CHECKED: ReadonlySet<string> = new Set([
  "file",
  "fileRepository",
  "event",
  "arm",
  "dag",
  "user",
  "userRole",
]);

/** One list for all of them, compared case-sensitively: arm with action=list passes it. */
const VALID_ACTIONS: ReadonlySet<string> = new Set([
  "export",
  "delete",
  "import",
  "import_app",
  "switch",
  "list",
  "createFolder",
]);

/** Of those, the ones where a missing action means export (file and fileRepository need one). */
const EXPORT_BY_DEFAULT: ReadonlySet<string> = new Set(["event", "arm", "dag", "user", "userRole"]);

/** The record methods chosen by `action` rather than by `data`. */
const RECORD_ACTIONS: ReadonlySet<string> = new Set(["delete", "rename", "randomize"]);

/**
 * The action a request performs ("export", "import", "delete" …), or undefined when REDCap refuses
 * its `action` ("The value of the parameter "action" is not valid").
 */
export function resolveAction(content: string, params: ApiParams): string | undefined {
  const given = params.values.get("action") ?? "";
  if (ACTION_CHECKED.has(content)) {
    const action = given === "" && EXPORT_BY_DEFAULT.has(content) ? "export" : given;
    return VALID_ACTIONS.has(action) ? action : undefined;
  }
  if (content === "record" && RECORD_ACTIONS.has(given)) return given;
  // version is an export even with `data`; PHP's isset() counts an empty `data=` as sent.
  return params.values.has("data") && content !== "version" ? "import" : "export";
}
