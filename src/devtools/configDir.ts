// Synthetic configuration for the benchmarks and the load test: a region of N units and forms of any length, written to a temp
// folder that CONFIG_DIR (or loadDomainConfig) points at, and checked by the project's own loader.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { loadDomainConfig, type DomainConfig } from "../configFiles.ts";

export const PROJECT_CONFIG_DIR = new URL("../../config/", import.meta.url).pathname;

export interface ConfigDirOptions {
  /** How many synthetic units (ids `u00001`…). */
  units: number;
  /** Copy the project's forms (config/forms/*.yaml). */
  projectForms: boolean;
  /** Synthetic count-only forms: id → number of figures. */
  syntheticForms?: Record<string, number>;
}

export interface ConfigDir {
  dir: string;
  domain: DomainConfig;
  unitIds: string[];
  remove(): void;
}

export const unitIdOf = (index: number): string => `u${String(index + 1).padStart(5, "0")}`;

export function writeConfigDir(options: ConfigDirOptions): ConfigDir {
  const dir = mkdtempSync(join(tmpdir(), "akimat-bench-config-"));
  const formsDir = join(dir, "forms");
  mkdirSync(formsDir);
  const unitIds = Array.from({ length: options.units }, (_, i) => unitIdOf(i));
  const region = {
    id: "bench-region",
    names: { kk: "Сынақ облысы", ru: "Тестовая область", en: "Benchmark Region" },
    timeZone: "Asia/Almaty",
    units: unitIds.map((id, i) => ({
      id,
      kind: "district",
      names: { kk: `${i + 1}-аудан`, ru: `Район № ${i + 1}`, en: `District ${i + 1}` },
    })),
  };
  writeFileSync(join(dir, "region.yaml"), stringify(region));
  if (options.projectForms) {
    const source = join(PROJECT_CONFIG_DIR, "forms");
    for (const name of readdirSync(source).filter((file) => file.endsWith(".yaml"))) copyFileSync(join(source, name), join(formsDir, name));
  }
  for (const [id, figures] of Object.entries(options.syntheticForms ?? {})) {
    writeFileSync(join(formsDir, `${id}.yaml`), syntheticFormYaml(id, figures));
  }
  return { dir, domain: loadDomainConfig(dir), unitIds, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A monthly form of `figures` required counts with the public services deadline; the first five are key figures. */
export function syntheticFormYaml(id: string, figures: number): string {
  return stringify({
    id,
    names: { kk: `Сынақ нысаны (${figures} көрсеткіш)`, ru: `Тестовая форма (${figures} показателей)`, en: `Benchmark form (${figures} figures)` },
    periodType: "monthly",
    units: "all",
    deadline: { day: 5, time: "18:00", lateAfterDays: 0, lockAfterDays: 25 },
    figures: Array.from({ length: figures }, (_, i) => ({
      id: `f${String(i + 1).padStart(3, "0")}`,
      type: "count",
      label: { kk: `${i + 1}-көрсеткіш`, ru: `Показатель № ${i + 1}`, en: `Figure ${i + 1}` },
      max: 1_000_000,
    })),
    keyFigures: Array.from({ length: Math.min(5, figures) }, (_, i) => `f${String(i + 1).padStart(3, "0")}`),
  });
}
