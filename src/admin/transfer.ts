// `npm run admin -- export --out FILE` and `import FILE [--dry-run] [--skip-conflicts]`: the file side and the words;
// the Redis side is src/store/transfer.ts.
import { readFile, rename, writeFile } from "node:fs/promises";
import { parseReportsFile, ReportsFileError, type ImportPlan, type ImportProblem, type ReportTransfer } from "../store/transfer.ts";

export interface TransferOutput {
  out(line: string): void;
  err(line: string): void;
}

const LISTED = 20;

/** Writes every report to `path` (through a temporary file, so a cut-short export leaves no half file). */
export async function exportCommand(transfer: ReportTransfer, path: string, now: Date, output: TransferOutput): Promise<number> {
  const file = await transfer.exportReports(now);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(file, null, 1)}\n`, { mode: 0o600 });
  await rename(temporary, path);
  const versions = file.reports.reduce((n, report) => n + report.versions.length, 0);
  output.out(`Exported ${file.reports.length} reports (${versions} versions) of region ${file.region} to ${path}.`);
  return 0;
}

export interface ImportFlags {
  dryRun: boolean;
  skipConflicts: boolean;
}

/** Plans, prints the plan, and (without --dry-run) writes. 0: done (or would be); 1: conflicts, invalid reports or a bad file. */
export async function importCommand(transfer: ReportTransfer, path: string, regionId: string, flags: ImportFlags, output: TransferOutput): Promise<number> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    output.err(`Cannot read ${path}: ${(error as Error).message}`);
    return 1;
  }
  let file;
  try {
    file = parseReportsFile(JSON.parse(text));
  } catch (error) {
    if (!(error instanceof ReportsFileError || error instanceof SyntaxError)) throw error;
    output.err(`${path}: ${error.message}. Nothing written.`);
    return 1;
  }
  const plan = await transfer.planImport(file);
  describePlan(plan, file.exportedAt, regionId, output);
  const refused = plan.conflicts.length + plan.invalid.length;
  if (flags.dryRun) {
    output.out(refused > 0 && !flags.skipConflicts ? "Dry run: nothing written. As it stands the import would be refused (see above)." : "Dry run: nothing written.");
    return refused > 0 && !flags.skipConflicts ? 1 : 0;
  }
  if (refused > 0 && !flags.skipConflicts) {
    output.err(`Nothing written: ${refused} report(s) cannot be imported as they are. Resolve them, or run again with --skip-conflicts to import the rest.`);
    return 1;
  }
  const result = await transfer.applyImport(plan);
  output.out(`Written: ${result.written} versions.${result.alreadyThere > 0 ? ` Already there: ${result.alreadyThere} versions.` : ""}`);
  if (result.conflicts.length > 0) {
    output.err(`Changed while importing, left as they are: ${result.conflicts.length}`);
    listProblems(result.conflicts, output.err);
    return 1;
  }
  return 0;
}

function describePlan(plan: ImportPlan, exportedAt: string, regionId: string, output: TransferOutput): void {
  const versionsOf = (steps: ImportPlan["create"]) => steps.reduce((n, step) => n + step.report.versions.length - step.from, 0);
  output.out(`File: ${plan.reports} reports, ${plan.versions} versions, exported ${exportedAt} from region ${plan.fromRegion}.`);
  if (plan.fromRegion !== regionId) output.out(`Note: this deployment's region is ${regionId}; the reports are written into it.`);
  output.out(`To write: ${plan.create.length} new reports (${versionsOf(plan.create)} versions), ${plan.append.length} reports with later versions (${versionsOf(plan.append)} versions).`);
  output.out(`Already here: ${plan.same} the same, ${plan.newerInTarget} with later versions here (kept).`);
  if (plan.conflicts.length > 0) {
    output.out(`Conflicts, never overwritten: ${plan.conflicts.length}`);
    listProblems(plan.conflicts, output.out);
  }
  if (plan.invalid.length > 0) {
    output.out(`Cannot be imported here: ${plan.invalid.length}`);
    listProblems(plan.invalid, output.out);
  }
}

function listProblems(problems: readonly ImportProblem[], print: (line: string) => void): void {
  for (const p of problems.slice(0, LISTED)) print(`  ${p.form}/${p.period}/${p.unit}: ${p.problem}`);
  if (problems.length > LISTED) print(`  … and ${problems.length - LISTED} more`);
}
