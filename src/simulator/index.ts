// The REDCap API simulator: a product feature for demos, tests and rehearsing a mailing.
export { type ApiContext, contentOf, handleApi, MESSAGES } from "./api.js";
export { type ApiParams, apiParams, parseApiForm } from "./api-params.js";
export { BanList, banMessage, DEFAULT_BAN } from "./ban.js";
export {
  ACCESS_CODE_LENGTH,
  CODE_ALPHABET,
  type DerivedCodes,
  deriveCodes,
  type ParticipantKey,
  QUEUE_HASH_LENGTH,
  RETURN_CODE_LENGTH,
  SURVEY_HASH_LENGTH,
  surveyLinkFor,
  surveyQueueLinkFor,
} from "./codes.js";
export { faultAnswer, type HttpAnswer } from "./fault-pages.js";
export {
  FAULT_KINDS,
  FAULT_PROFILES,
  type FaultKind,
  type FaultMatch,
  type FaultProfile,
  type FaultProfileName,
  FaultQueue,
  type FaultSpec,
  resolveProfile,
} from "./faults.js";
export { PROJECT_MESSAGES } from "./methods/project-methods.js";
export { RECORD_MESSAGES } from "./methods/record-methods.js";
export { QUEUE_MESSAGES } from "./methods/survey-queue.js";
export { SURVEY_MESSAGES } from "./methods/survey-target.js";
export { type CodesQuery, expectedCodes } from "./oracle.js";
export { contentTypes, errorBody, phpHtmlEscape, phpJsonEncode } from "./php-format.js";
export {
  hasRepeating,
  isRepeating,
  loadProjectFile,
  parseProject,
  pickDisplayToken,
  type SimProject,
} from "./project.js";
export type {
  EventDef,
  InstrumentDef,
  ProjectFile,
  RecordDef,
  TokenDef,
  TokenRights,
} from "./project-schema.js";
export {
  type ProjectStatus,
  projectStatus,
  STATUS_MESSAGES,
  statusCode,
} from "./project-status.js";
export type { ApiResponse } from "./reply.js";
export {
  DEFAULT_SEED,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from "./server.js";
export { type Participant, SimulatorState } from "./state.js";
export { type RequestLogEntry, SimulatorStats } from "./stats.js";
