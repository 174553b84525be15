// Reads the region and every form definition from config/, checked through the schemas at start-up.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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

type Loaded<T> = { value?: T; problems: string[] };

export function loadRegion(file: string): Region {
  return orThrow(readRegion(file));
}

export function loadForms(dir: string, region: Region): FormDefinition[] {
  return orThrow(readForms(dir, region));
}

export function loadDomainConfig(configDir = "config"): DomainConfig {
  const region = readRegion(join(configDir, "region.yaml"));
  // Forms are checked even when the region is broken, so one run lists every problem.
  const forms = readForms(join(configDir, "forms"), region.value);
  const problems = [...region.problems, ...forms.problems];
  if (problems.length > 0 || region.value === undefined || forms.value === undefined) throw new ConfigError(problems);
  return { region: region.value, forms: forms.value };
}

function orThrow<T>(loaded: Loaded<T>): T {
  if (loaded.problems.length > 0 || loaded.value === undefined) throw new ConfigError(loaded.problems);
  return loaded.value;
}

function readRegion(file: string): Loaded<Region> {
  return readYaml(file, regionSchema, () => []);
}

function readForms(dir: string, region: Region | undefined): Loaded<FormDefinition[]> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch (error) {
    return { problems: [`${dir}: cannot read the forms directory: ${(error as Error).message}`] };
  }
  if (names.length === 0) return { problems: [`${dir}: no form definitions (*.yaml) found`] };
  const forms: FormDefinition[] = [];
  const problems: string[] = [];
  const fileOfId = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const loaded = readYaml(file, formSchema, (form) => checkForm(form, region));
    problems.push(...loaded.problems);
    if (loaded.value === undefined) continue;
    const other = fileOfId.get(loaded.value.id);
    if (other !== undefined) problems.push(`${file}: id: form id "${loaded.value.id}" is already used in ${other}`);
    fileOfId.set(loaded.value.id, file);
    forms.push(loaded.value);
  }
  return { value: forms, problems };
}

function readYaml<T>(file: string, schema: z.ZodType<T>, check: (value: T) => Problem[]): Loaded<T> {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (error) {
    return { problems: [`${file}: cannot read: ${(error as Error).message}`] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) return { problems: doc.errors.map((error) => yamlProblemLine(file, error, lines)) };
  const parsed = schema.safeParse(doc.toJS(), { reportInput: true });
  const problems = parsed.success ? check(parsed.data) : zodProblems(parsed.error);
  if (problems.length > 0) return { problems: problems.map((problem) => problemLine(file, problem, doc, lines)) };
  return { value: parsed.data, problems: [] };
}
