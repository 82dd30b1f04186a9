// What a behaviour function returns, and the few shapes REDCap answers in.
import type { ApiParams } from "./api-params.js";
import { contentTypes, type DataFormat, errorBody, tableBody, type XmlShape } from "./php-format.js";
import type { SimProject } from "./project.js";
import type { TokenRights } from "./project-schema.js";
import type { SimulatorState } from "./state.js";

export interface ApiResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

/** One authenticated API call, as each method sees it. */
export interface MethodCall {
  readonly params: ApiParams;
  readonly project: SimProject;
  readonly state: SimulatorState;
  readonly rights: TokenRights;
  readonly format: DataFormat;
  readonly errorFormat: DataFormat;
}

export type Method = (call: MethodCall) => ApiResponse;

export function failure(errorFormat: DataFormat, status: number, message: string): ApiResponse {
  return { status, body: errorBody(message, errorFormat), contentType: contentTypes[errorFormat] };
}

export function fail(call: MethodCall, status: number, message: string): ApiResponse {
  return failure(call.errorFormat, status, message);
}

/** Survey methods print the bare value: no newline, no JSON, PHP's default text/html. */
export function plainText(body: string): ApiResponse {
  return { status: 200, body, contentType: contentTypes.html };
}

export function table(
  call: MethodCall,
  rows: readonly Readonly<Record<string, string | number>>[],
  columns: readonly string[],
  xml: string | XmlShape,
): ApiResponse {
  return {
    status: 200,
    body: tableBody(rows, call.format, columns, typeof xml === "string" ? { root: xml } : xml),
    contentType: contentTypes[call.format],
  };
}

/**
 * A flat record export: `<records><item>`, a value in CDATA (a `]]>` in it split, as REDCap 15.x's
 * Records::convertFlatDataToXml does), an empty value as a bare element pair `<f></f>`. That empty
 * form is NOT confirmed for 15.x: REDCap 5.2.3 wrote `<f/>`, and 15.x's other xml exports write
 * `<f></f>`, so the simulator keeps the latter until a 15.x capture shows it.
 */
export function recordTable(
  call: MethodCall,
  rows: readonly Readonly<Record<string, string>>[],
  columns: readonly string[],
): ApiResponse {
  return table(call, rows, columns, { root: "records", bareEmpty: true, splitCdataEnd: true });
}
