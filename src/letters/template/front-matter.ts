// A template file is Markdown with its settings in YAML front matter between two `---` lines. The YAML is
// read with the `yaml` package (line numbers kept, so a mistake is reported where it is); only the
// splitting is ours, because it is two fixed lines.

import { isMap, isScalar, LineCounter, parseDocument, type YAMLError } from "yaml";

export interface FrontMatter {
  /** The settings as plain data ({} when the file has no front matter). */
  readonly data: unknown;
  /** 1-based line of a setting's value in the file, by key path; undefined when it is not there. */
  lineOf(path: readonly (string | number)[]): number | undefined;
  /** Line and column (in characters, from 1) where a setting's value starts. */
  positionOf(path: readonly (string | number)[]): { line: number; column: number } | undefined;
  /** Problems with the YAML itself, each with its line. */
  readonly problems: readonly { line: number; message: string }[];
  /** The Markdown body and the file line its first line is on. */
  readonly body: string;
  readonly bodyLine: number;
}

const FENCE = /^---[ \t]*$/;

const NOWHERE = { lineOf: () => undefined, positionOf: () => undefined };

export function splitFrontMatter(source: string): FrontMatter {
  const lines = source.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  if (!FENCE.test(lines[0] ?? "")) {
    return { ...NOWHERE, data: {}, problems: [], body: lines.join("\n"), bodyLine: 1 };
  }
  const end = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (end < 0) {
    return {
      ...NOWHERE,
      data: {},
      problems: [
        { line: 1, message: 'the settings at the top start with "---" but no "---" line ends them' },
      ],
      body: "",
      bodyLine: lines.length + 1,
    };
  }
  const yamlText = lines.slice(1, end).join("\n");
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => counter.linePos(offset).line + 1;
  const problems = [...doc.errors, ...doc.warnings].map((e: YAMLError) => ({
    line: lineAt(e.pos[0]),
    message: yamlProblem(e),
  }));
  let data: unknown = {};
  if (problems.length === 0) {
    try {
      data = doc.toJS() ?? {};
    } catch {
      // toJS refuses settings that expand into too much through YAML aliases (&a / *a).
      problems.push({
        line: 1,
        message: "the settings use YAML aliases (& and *) too much to be read; write them out",
      });
    }
  }
  const positionOf = (path: readonly (string | number)[]) => {
    for (let depth = path.length; depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      const range = isScalar(node) || isMap(node) ? node.range : (node as { range?: number[] })?.range;
      const offset = range?.[0];
      if (offset === undefined) continue;
      const { line, col } = counter.linePos(offset);
      // The YAML starts on the file's second line; columns count characters, as editors do.
      const text = lines[line] ?? "";
      return { line: line + 1, column: [...text.slice(0, col - 1)].length + 1 };
    }
    return undefined;
  };
  return {
    data,
    problems,
    lineOf: (path) => positionOf(path)?.line,
    positionOf,
    body: lines.slice(end + 1).join("\n"),
    bodyLine: end + 2,
  };
}

/** The YAML library's messages quote the text and name parser states: say what to fix instead. */
function yamlProblem(error: YAMLError): string {
  switch (error.code) {
    case "DUPLICATE_KEY":
      return "a setting is given twice; keep one";
    case "BAD_INDENT":
    case "MISSING_CHAR":
    case "UNEXPECTED_TOKEN":
      return 'the settings are not laid out as "name: value" lines (check the indentation and the colons)';
    case "TAB_AS_INDENT":
      return "a tab is used to indent a setting; indent with spaces";
    case "MULTILINE_IMPLICIT_KEY":
      return 'a setting name runs over two lines (a missing ":" or quote on the line before?)';
    case "BLOCK_AS_IMPLICIT_KEY":
      return 'a list or group is not where a setting name belongs (a missing ":"?)';
    default:
      return `the settings cannot be read here (${error.code.toLowerCase().replace(/_/g, " ")}); check the quotes, colons and indentation`;
  }
}
