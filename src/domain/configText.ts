// The region and every form definition parsed from their YAML text and checked through the schemas. Reading the
// files is the edge's (src/configFiles.ts); every problem names its file, the path in it and what is wrong.
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { problemLine, yamlProblemLine, zodProblems } from "./configProblems.ts";
import { checkForm } from "./formChecks.ts";
import type { Problem } from "./formChecks.ts";
import { formSchema } from "./forms.ts";
import type { FormDefinition } from "./forms.ts";
import { regionSchema } from "./region.ts";
import type { Region } from "./region.ts";

/** Every problem found in the configuration, one line each: `file: path: problem`. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`Configuration has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.join("\n")}`);
  }
}

export interface DomainConfig {
  region: Region;
  forms: FormDefinition[];
}

/** A configuration file's text, or why it could not be read (the edge's words). */
export type ConfigText = { file: string; text: string } | { file: string; unreadable: string };

export type Parsed<T> = { value?: T; problems: string[] };

/** The value, or a ConfigError with every problem. */
export function orThrow<T>(parsed: Parsed<T>): T {
  if (parsed.problems.length > 0 || parsed.value === undefined) throw new ConfigError(parsed.problems);
  return parsed.value;
}

export function parseRegion(source: ConfigText): Parsed<Region> {
  return parseYaml(source, regionSchema, () => []);
}

/** Form files in the order given; a form id used twice names both files. */
export function parseForms(sources: readonly ConfigText[], region: Region | undefined): Parsed<FormDefinition[]> {
  const forms: FormDefinition[] = [];
  const problems: string[] = [];
  const fileOfId = new Map<string, string>();
  for (const source of sources) {
    const parsed = parseYaml(source, formSchema, (form) => checkForm(form, region));
    problems.push(...parsed.problems);
    if (parsed.value === undefined) continue;
    const other = fileOfId.get(parsed.value.id);
    if (other !== undefined) problems.push(`${source.file}: id: form id "${parsed.value.id}" is already used in ${other}`);
    fileOfId.set(parsed.value.id, source.file);
    forms.push(parsed.value);
  }
  return { value: forms, problems };
}

/** The region and forms together; forms are checked even when the region is broken, so one run lists every problem. */
export function domainConfigOf(region: Parsed<Region>, forms: Parsed<FormDefinition[]>): DomainConfig {
  const problems = [...region.problems, ...forms.problems];
  if (problems.length > 0 || region.value === undefined || forms.value === undefined) throw new ConfigError(problems);
  return { region: region.value, forms: forms.value };
}

function parseYaml<T>(source: ConfigText, schema: z.ZodType<T>, check: (value: T) => Problem[]): Parsed<T> {
  const { file } = source;
  if ("unreadable" in source) return { problems: [`${file}: cannot read: ${source.unreadable}`] };
  const lines = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) return { problems: doc.errors.map((error) => yamlProblemLine(file, error, lines)) };
  const parsed = schema.safeParse(doc.toJS(), { reportInput: true });
  const problems = parsed.success ? check(parsed.data) : zodProblems(parsed.error);
  if (problems.length > 0) return { problems: problems.map((problem) => problemLine(file, problem, doc, lines)) };
  return { value: parsed.data, problems: [] };
}
