// REDCap's API as a pure function: request params + project + state → status, body, content type.
// The checks run in the order REDCap's api/index.php runs them: token, expiry, content, action, export
// right, project completed, method.
import { resolveAction } from "./api-action.js";
import type { ApiParams } from "./api-params.js";
import { dictionaryMethods } from "./methods/dictionary-methods.js";
import { projectMethods } from "./methods/project-methods.js";
import { recordMethods } from "./methods/record-methods.js";
import { surveyMethods } from "./methods/survey-methods.js";
import { dataFormat, errorFormat } from "./php-format.js";
import type { SimProject } from "./project.js";
import { blockedByStatus, projectStatus } from "./project-status.js";
import { type ApiResponse, failure, type Method } from "./reply.js";
import type { SimulatorState } from "./state.js";

export const MESSAGES = {
  badToken: "You do not have permissions to use the API",
  noExport: "You do not have API Export privileges",
  badContent: 'The value of the parameter "content" is not valid',
  badAction: 'The value of the parameter "action" is not valid',
  notImplemented: "The requested method is not implemented.",
  // RestUtility::processRequest (REDCap 15.x) checks expiry right after the token, before `content`.
  expired: (date: string) =>
    `You do not have API rights because your privileges have expired for this project as of ${date}.`,
} as const;

/** The date an expired token's 403 names when the project file gives none (a placeholder). */
const DEFAULT_EXPIRATION = "2024-12-31";

const methods: Readonly<Record<string, Method>> = {
  ...projectMethods,
  ...dictionaryMethods,
  ...recordMethods,
  ...surveyMethods,
};

/** The `content` values the simulator answers (every other one: "content is not valid"). */
export const MODELLED_METHODS: readonly string[] = Object.keys(methods);

/** Methods a server of this major version does not have answer like an unknown `content`. */
const introducedIn: Readonly<Record<string, number>> = { surveyAccessCode: 15 };

export interface ApiContext {
  readonly project: SimProject;
  readonly state: SimulatorState;
}

export function handleApi(params: ApiParams, context: ApiContext): ApiResponse {
  const format = dataFormat(params.values.get("format"));
  const errFormat = errorFormat(params.values.get("returnFormat"), params.values.get("format"));
  const given = params.values.get("token") ?? "";
  const token = context.state.revokedTokens.has(given) ? undefined : context.project.tokens.get(given);
  if (token === undefined) return failure(errFormat, 403, MESSAGES.badToken);
  if (token.rights.expired) {
    return failure(errFormat, 403, MESSAGES.expired(token.rights.expiration ?? DEFAULT_EXPIRATION));
  }
  const method = route(params, context.project);
  if (typeof method === "string") return failure(errFormat, 400, method);
  if (!token.rights.api_export) return failure(errFormat, 403, MESSAGES.noExport);
  const closed = blockedByStatus(projectStatus(context.project.info), contentOf(params));
  if (closed !== undefined) return failure(errFormat, 400, closed);
  return method({ ...context, params, rights: token.rights, format, errorFormat: errFormat });
}

/** The method a request reaches, or the message of REDCap's 400 for its `content` or `action`. */
function route(params: ApiParams, project: SimProject): Method | string {
  const content = contentOf(params);
  const method = Object.hasOwn(methods, content) ? methods[content] : undefined;
  if (method === undefined || project.versionMajor < (introducedIn[content] ?? 0)) {
    return MESSAGES.badContent;
  }
  const action = resolveAction(content, params);
  if (action === undefined) return MESSAGES.badAction;
  // Only exports are modelled: an import or a delete, like a method this server does not model,
  // answers as REDCap answers a method it lacks.
  return action === "export" ? method : MESSAGES.badContent;
}

/** Which API method a request asked for, for stats and fault matching ("" when none). */
export function contentOf(params: ApiParams): string {
  return params.values.get("content") ?? "";
}
