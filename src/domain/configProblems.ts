// Turns YAML and schema failures into one readable line each: file, path inside it, problem.
import type { z } from "zod";
import type { Document, LineCounter, YAMLError } from "yaml";
import type { Problem, ProblemPath } from "./formChecks.ts";

export function formatPath(path: ProblemPath): string {
  if (path.length === 0) return "(top level)";
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`)).join("");
}

export function yamlProblemLine(file: string, error: YAMLError, lines: LineCounter): string {
  const { line, col } = lines.linePos(error.pos[0]);
  return `${file}: line ${line}, column ${col}: YAML syntax: ${error.message.split("\n")[0]}`;
}

export function problemLine(file: string, problem: Problem, doc?: Document, lines?: LineCounter): string {
  const line = doc !== undefined && lines !== undefined ? lineOf(doc, lines, problem.path) : undefined;
  return `${file}: ${formatPath(problem.path)}: ${problem.message}${line === undefined ? "" : ` (line ${line})`}`;
}

export function zodProblems(error: z.ZodError): Problem[] {
  return error.issues.flatMap((issue): Problem[] => {
    const path = issue.path.filter((key): key is string | number => typeof key !== "symbol");
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => ({ path: [...path, key], message: "unknown key" }));
    return [{ path, message: issueMessage(issue) }];
  });
}

const TYPE_WORDS: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "text",
  boolean: "true or false",
  object: "a mapping (key: value)",
  array: "a list",
};

function issueMessage(issue: z.core.$ZodIssue): string {
  const missing = !("input" in issue) || issue.input === undefined; // YAML has no undefined: it means absent
  switch (issue.code) {
    case "invalid_type": {
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      return missing ? `missing: expected ${expected}` : `expected ${expected}, got ${show(issue.input)}`;
    }
    case "invalid_value": {
      const options = issue.values.map((v) => JSON.stringify(v)).join(", ");
      return `expected one of ${options}, ${missing ? "missing" : `got ${show(issue.input)}`}`;
    }
    case "too_small":
    case "too_big":
      return issue.message.startsWith("Too ") ? sizeMessage(issue) : issue.message;
    case "invalid_union":
      return missing ? `missing: ${issue.message}` : `${issue.message}, got ${show(issue.input)}`;
    default:
      return missing || issue.code !== "invalid_format" ? issue.message : `${issue.message}, got ${show(issue.input)}`;
  }
}

function sizeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === "too_small";
  const limit = Number(small ? issue.minimum : issue.maximum);
  const bound = small ? (issue.inclusive ? "at least" : "more than") : issue.inclusive ? "at most" : "less than";
  if (issue.origin === "array") return `expected ${bound} ${limit} item${limit === 1 ? "" : "s"}`;
  if (issue.origin === "string") return `expected ${bound} ${limit} character${limit === 1 ? "" : "s"}`;
  return `expected ${bound} ${limit}, got ${show(issue.input)}`;
}

function show(value: unknown): string {
  if (value === null) return "nothing (null)";
  const text = typeof value === "string" ? JSON.stringify(value) : Array.isArray(value) ? "a list" : typeof value === "object" ? "a mapping" : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// The nearest node that exists on the path: a missing key points at its parent.
function lineOf(doc: Document, lines: LineCounter, path: ProblemPath): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range !== undefined) return lines.linePos(range[0]).line;
  }
  return undefined;
}
