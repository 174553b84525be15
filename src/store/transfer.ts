// Moving reports between deployments: every report (unit × form × period) with all its versions to a JSON file, and
// back into a Redis, empty or not.
//
// Export reads each report's versions list and hash in one MULTI, so a submission running meanwhile is seen whole
// or not at all. Import replays each missing version through the submit script, as the bot would have submitted it
// (same version number, author, time, update id, values): totals, carry-forward and the audit trail stay exact at
// every moment, even with the bot running. A version already there is skipped; a report whose history differs from
// the file's is a conflict and never overwritten. Each replayed version claims its own key (report, version and a
// digest of its content), so an import run twice, or cut short and run again, writes each version once.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Keys } from "./keys.ts";
import type { FormShape } from "./form-shape.ts";
import { encodeValues, type ReportValues } from "./values.ts";
import { parseReport, parseVersionJson, reportIdBase, type ReportStore, type StoredReport } from "./reports.ts";
import { execPipeline, scanKeys, type RedisClient } from "./redis.ts";

export const REPORTS_FILE_FORMAT = "akimat-reports";

const segment = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "letters, digits and _ . - (up to 64)");
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const versionSchema = z.strictObject({
  version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  by: count,
  at: count,
  updateId: count,
  late: z.boolean(),
  reason: z.string().min(1).optional(),
  values: z.record(segment, z.union([z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER), z.string()])),
});

const reportSchema = z
  .strictObject({
    form: segment,
    unit: segment,
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month YYYY-MM"),
    versions: z.array(versionSchema).min(1),
  })
  .refine((report) => report.versions.every((v, i) => v.version === i + 1), "versions must be 1, 2, 3, … oldest first");

const fileSchema = z
  .strictObject({
    format: z.literal(REPORTS_FILE_FORMAT),
    formatVersion: z.literal(1),
    region: segment,
    exportedAt: z.string(),
    reports: z.array(reportSchema),
  })
  .refine((file) => new Set(file.reports.map(refId)).size === file.reports.length, "a report appears twice");

export type ExportedVersion = z.infer<typeof versionSchema>;
export type ExportedReport = z.infer<typeof reportSchema>;
export type ReportsFile = z.infer<typeof fileSchema>;

export class ReportsFileError extends Error {}

/** Checks a parsed JSON file; throws ReportsFileError naming the first problems. */
export function parseReportsFile(json: unknown): ReportsFile {
  const result = fileSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "file"}: ${issue.message}`);
  throw new ReportsFileError(`not a reports file: ${problems.join("; ")}`);
}

export interface ReportRef {
  form: string;
  unit: string;
  period: string;
}

export interface ImportProblem extends ReportRef {
  problem: string;
}

export interface ImportStep {
  report: ExportedReport;
  /** The report's current version in the target (0: not there); the file's later versions are written. */
  from: number;
}

export interface ImportPlan {
  fromRegion: string;
  reports: number;
  versions: number;
  /** Reports the target lacks: every version is written. */
  create: ImportStep[];
  /** Reports the target has an earlier part of: the later versions are written. */
  append: ImportStep[];
  /** Reports the target has exactly as in the file. */
  same: number;
  /** Reports the target has with the file's versions and more: kept. */
  newerInTarget: number;
  /** Reports whose history in the target differs from the file's: never overwritten. */
  conflicts: ImportProblem[];
  /** Reports the target cannot take (unknown form or unit, values that do not fit the form). */
  invalid: ImportProblem[];
}

export interface ImportResult {
  /** Versions written. */
  written: number;
  /** Versions found already written (an earlier or concurrent run of the same import). */
  alreadyThere: number;
  /** Reports changed in the target between planning and writing: left as they are. */
  conflicts: ImportProblem[];
}

export interface TransferOptions {
  regionId: string;
  /** The target's forms (which figures add up, and how) and units. */
  forms: readonly FormShape[];
  units: readonly string[];
  /** Reports read per MULTI (default 200). */
  batch?: number;
  /** Reports written at once (default 8); one report's versions are always written in order. */
  concurrency?: number;
}

export function createTransfer(redis: RedisClient, keys: Keys, reports: ReportStore, options: TransferOptions) {
  const batch = options.batch ?? 200;

  /** Every report of the region, sorted by form, unit and period. */
  async function exportReports(now: Date): Promise<ReportsFile> {
    const refs = (await scanKeys(redis, keys.reportPattern())).map((key) => keys.parseReport(key)).sort(byRef);
    const histories = await readHistories(refs);
    const exported: ExportedReport[] = [];
    refs.forEach((ref, i) => {
      const history = histories[i]!;
      if (history.length > 0) exported.push({ ...ref, versions: history.map(exportedVersion) });
    });
    return { format: REPORTS_FILE_FORMAT, formatVersion: 1, region: options.regionId, exportedAt: now.toISOString(), reports: exported };
  }

  /** What importing `file` would write; reads only. */
  async function planImport(file: ReportsFile): Promise<ImportPlan> {
    const plan: ImportPlan = {
      fromRegion: file.region,
      reports: file.reports.length,
      versions: file.reports.reduce((n, report) => n + report.versions.length, 0),
      create: [],
      append: [],
      same: 0,
      newerInTarget: 0,
      conflicts: [],
      invalid: [],
    };
    const valid = file.reports.filter((report) => {
      const problem = invalidReason(report);
      if (problem) plan.invalid.push({ ...refOf(report), problem });
      return !problem;
    });
    const targets = await readHistories(valid);
    valid.forEach((report, i) => {
      const target = targets[i]!;
      const shared = Math.min(target.length, report.versions.length);
      const differs = target.slice(0, shared).findIndex((stored, k) => !sameVersion(exportedVersion(stored), report.versions[k]!));
      if (differs >= 0) {
        plan.conflicts.push({ ...refOf(report), problem: `version ${differs + 1} differs (the target has ${target.length} version(s))` });
      } else if (target.length > report.versions.length) plan.newerInTarget++;
      else if (target.length === report.versions.length) plan.same++;
      else (target.length === 0 ? plan.create : plan.append).push({ report, from: target.length });
    });
    return plan;
  }

  /** Writes what the plan says (conflicts and invalid reports are left out). */
  async function applyImport(plan: ImportPlan): Promise<ImportResult> {
    const result: ImportResult = { written: 0, alreadyThere: 0, conflicts: [] };
    const steps = [...plan.create, ...plan.append];
    let next = 0;
    const worker = async () => {
      while (next < steps.length) await writeStep(steps[next++]!, result);
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, steps.length) }, worker));
    return result;
  }

  async function writeStep({ report, from }: ImportStep, result: ImportResult): Promise<void> {
    const form = options.forms.find((f) => f.id === report.form)!;
    for (const version of report.versions.slice(from)) {
      const submitted = await reports.submitReport({
        form,
        unit: report.unit,
        period: report.period,
        values: version.values,
        expectedVersion: version.version - 1,
        author: version.by,
        updateId: version.updateId,
        at: version.at,
        late: version.late,
        ...(version.reason ? { reason: version.reason } : {}),
        claimKey: keys.importClaim(report.form, report.unit, report.period, version.version, digestOf(version)),
      });
      if (submitted.status === "ok") result.written++;
      else if (submitted.status === "duplicate" && submitted.version === version.version) result.alreadyThere++;
      else {
        const problem = submitted.status === "conflict" ? `changed meanwhile: now at version ${submitted.currentVersion}` : "claimed by another version";
        result.conflicts.push({ ...refOf(report), problem });
        return;
      }
    }
  }

  function invalidReason(report: ExportedReport): string | undefined {
    const form = options.forms.find((f) => f.id === report.form);
    if (!form) return `unknown form ${report.form}`;
    if (!options.units.includes(report.unit)) return `unknown unit ${report.unit}`;
    for (const version of report.versions) {
      try {
        encodeValues(form, version.values);
      } catch (error) {
        return `version ${version.version}: ${(error as Error).message}`;
      }
    }
    return undefined;
  }

  /** Each report's versions, oldest first (empty when it does not exist): one MULTI per batch. */
  async function readHistories(refs: readonly ReportRef[]): Promise<StoredReport[][]> {
    const histories: StoredReport[][] = [];
    for (let start = 0; start < refs.length; start += batch) {
      const slice = refs.slice(start, start + batch);
      const multi = redis.multi();
      for (const { form, unit, period } of slice) multi.lrange(keys.versions(form, unit, period), 0, -1).hgetall(keys.report(form, unit, period));
      const replies = await execPipeline(multi);
      slice.forEach(({ form, unit, period }, i) => {
        const base = reportIdBase(form, unit, period);
        const earlier = (replies[2 * i] as string[]).map((json) => parseVersionJson(json, base));
        const current = parseReport(replies[2 * i + 1] as Record<string, string>, base);
        histories.push(current ? [...earlier, current] : earlier);
      });
    }
    return histories;
  }

  return { exportReports, planImport, applyImport };
}

export type ReportTransfer = ReturnType<typeof createTransfer>;

function exportedVersion(stored: StoredReport): ExportedVersion {
  return {
    version: stored.version,
    by: stored.by,
    at: stored.at,
    updateId: stored.updateId,
    late: stored.late,
    ...(stored.reason ? { reason: stored.reason } : {}),
    values: sortedValues(stored.values),
  };
}

function sortedValues(values: ReportValues): ReportValues {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function sameVersion(a: ExportedVersion, b: ExportedVersion): boolean {
  return digestOf(a) === digestOf(b);
}

/** A version's content, named in 16 hex digits. */
function digestOf(version: ExportedVersion): string {
  const content = [version.version, version.by, version.at, version.updateId, version.late, version.reason ?? "", sortedValues(version.values)];
  return createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 16);
}

function refOf(report: ReportRef): ReportRef {
  return { form: report.form, unit: report.unit, period: report.period };
}

function refId(report: ReportRef): string {
  return `${report.form}:${report.unit}:${report.period}`;
}

function byRef(a: ReportRef, b: ReportRef): number {
  const x = refId(a);
  const y = refId(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
