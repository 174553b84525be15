// `npm run admin -- import-xlsx FILE [--form ID] [--lang ru] [--dry-run]`: the office's sheet of many units' past
// figures (layout in src/reports/sheetImport.ts), what each row would change, and (without --dry-run) the writing.
import { numberWords } from "../bot/numberInput.ts";
import { readFile } from "node:fs/promises";
import type { FormDefinition } from "../domain/forms.ts";
import type { Locale } from "../domain/locale.ts";
import type { Region } from "../domain/region.ts";
import type { Store } from "../store/index.ts";
import { applySheetImport, planSheetImport, readImportSheet, type PlannedRow } from "../reports/sheetImport.ts";

export interface SheetImportOutput {
  out(line: string): void;
  err(line: string): void;
}

export interface SheetImportOptions {
  store: Pick<Store, "reports" | "keys">;
  forms: readonly FormDefinition[];
  region: Region;
  form?: string;
  locale: Locale;
  dryRun: boolean;
  now: Date;
}

const LISTED = 50;
const shown = (value: number | string | undefined) => (value === undefined ? "—" : String(value));

function rowLine(row: PlannedRow): string {
  const where = `row ${row.row}: ${row.form.id}/${row.period}/${row.unit}`;
  if (row.change === "unchanged") return `${where}: unchanged (version ${row.current!.version})`;
  const changes = Object.entries(row.changed).map(([figure, [before, after]]) => `${figure} ${shown(before)} → ${shown(after)}`);
  const what = row.change === "new" ? "new report, version 1" : `correction, version ${row.current!.version} → ${row.current!.version + 1}`;
  return `${where}: ${what}: ${changes.join(", ")}`;
}

/** 0: written (or would be); 1: problems in the sheet (nothing written) or reports changed meanwhile. */
export async function importSheetCommand(path: string, options: SheetImportOptions, output: SheetImportOutput): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    output.err(`Cannot read ${path}: ${(error as Error).message}`);
    return 1;
  }
  const reading = await readImportSheet(bytes, { ...options, words: numberWords() });
  if (reading.problems.length > 0) {
    output.err(`${path}: ${reading.problems.length} problem(s); nothing written:`);
    for (const problem of reading.problems.slice(0, LISTED)) output.err(`  ${problem.where}: ${problem.problem}`);
    if (reading.problems.length > LISTED) output.err(`  … and ${reading.problems.length - LISTED} more`);
    return 1;
  }
  const planned = await planSheetImport(options.store, reading.rows);
  for (const row of planned) output.out(rowLine(row));
  const count = (change: PlannedRow["change"]) => planned.filter((row) => row.change === change).length;
  output.out(`Rows: ${planned.length}; new reports: ${count("new")}, corrections: ${count("correction")}, unchanged: ${count("unchanged")}.`);
  if (options.dryRun) {
    output.out("Dry run: nothing written.");
    return 0;
  }
  const result = await applySheetImport(options.store, planned, 0, options.now);
  output.out(`Written: ${result.written} versions.`);
  if (result.conflicts.length > 0) {
    output.err(`Changed while importing, left as they are: ${result.conflicts.map((row) => `row ${row.row}`).join(", ")}`);
    return 1;
  }
  return 0;
}
