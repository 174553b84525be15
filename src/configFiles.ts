// Reads the region and every form definition from config/ on disk and hands the text to the domain's parsers
// (src/domain/configText.ts), which check it through the schemas at start-up.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, domainConfigOf, orThrow, parseForms, parseRegion, type ConfigText, type DomainConfig, type Parsed } from "./domain/configText.ts";
import type { FormDefinition } from "./domain/forms.ts";
import type { Region } from "./domain/region.ts";

export { ConfigError, type DomainConfig };

export function loadRegion(file: string): Region {
  return orThrow(parseRegion(readText(file)));
}

export function loadForms(dir: string, region: Region): FormDefinition[] {
  return orThrow(readForms(dir, region));
}

export function loadDomainConfig(configDir = "config"): DomainConfig {
  const region = parseRegion(readText(join(configDir, "region.yaml")));
  return domainConfigOf(region, readForms(join(configDir, "forms"), region.value));
}

function readForms(dir: string, region: Region | undefined): Parsed<FormDefinition[]> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch (error) {
    return { problems: [`${dir}: cannot read the forms directory: ${(error as Error).message}`] };
  }
  if (names.length === 0) return { problems: [`${dir}: no form definitions (*.yaml) found`] };
  return parseForms(names.map((name) => readText(join(dir, name))), region);
}

function readText(file: string): ConfigText {
  try {
    return { file, text: readFileSync(file, "utf8") };
  } catch (error) {
    return { file, unreadable: (error as Error).message };
  }
}
