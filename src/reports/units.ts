// Figures per unit for a period: read for the units asked (one page of a table, one spreadsheet), never for all by default.
import type { FigureTotals } from "../domain/aggregate.ts";
import type { FormDefinition } from "../domain/forms.ts";
import { unitSpan } from "./coverage.ts";
export { unitValues } from "./coverage.ts";
import { formUnitIds } from "../domain/forms.ts";
import type { Locale } from "../domain/locale.ts";
import type { Region } from "../domain/region.ts";
import { monthId } from "../domain/periods.ts";
import type { StoredReport } from "../store/reports.ts";
import { monthParts } from "./periods.ts";
import type { ReportEnv } from "./types.ts";

export interface UnitRow {
  unitId: string;
  /** The unit's figures over the months shown: "sum" figures added, "last" figures its latest value within the year. */
  values: FigureTotals;
  /** Figures it gave in every month of the range it reported (see UnitSpan): a share needs all its parts. */
  gave: ReadonlySet<string>;
  /** Months of the range the unit reported. */
  monthsReported: number;
  /** No report for the month shown (the last month of the range). */
  missing: boolean;
  /** Some report of the range arrived late. */
  late: boolean;
  /** Some report of the range was corrected (a version after the first). */
  corrected: boolean;
}

const orderCache = new WeakMap<Region, WeakMap<FormDefinition, Map<Locale, string[]>>>();

/** The units assigned the form, in the reader's alphabetical order (the order of tables, pages and spreadsheets). */
export function unitsInOrder(form: FormDefinition, region: Region, locale: Locale): string[] {
  let byForm = orderCache.get(region);
  if (!byForm) orderCache.set(region, (byForm = new WeakMap()));
  let byLocale = byForm.get(form);
  if (!byLocale) byForm.set(form, (byLocale = new Map()));
  let order = byLocale.get(locale);
  if (!order) {
    const collator = new Intl.Collator(locale);
    const names = new Map(region.units.map((unit) => [unit.id, unit.names[locale]]));
    order = formUnitIds(form, region).sort((a, b) => collator.compare(names.get(a) ?? a, names.get(b) ?? b));
    byLocale.set(locale, order);
  }
  return order;
}

export function monthsFromJanuary(month: string): string[] {
  const { year, month: last } = monthParts(month);
  return Array.from({ length: last }, (_, i) => monthId(year, i + 1));
}

/** The rows of the given units, reading their reports of January up to the last month shown in one round trip. */
export async function readUnitRows(
  env: ReportEnv,
  form: FormDefinition,
  months: readonly string[],
  unitIds: readonly string[],
): Promise<UnitRow[]> {
  const last = months.at(-1);
  if (last === undefined || unitIds.length === 0) return [];
  const hasLast = form.figures.some((figure) => figure.monthAggregation === "last");
  const toRead = hasLast ? monthsFromJanuary(last) : [...months];
  const reads = await Promise.all(toRead.map((month) => env.store.reports.getReportsForUnits(form.id, month, unitIds)));
  const byMonth = new Map(toRead.map((month, i) => [month, reads[i]!]));
  return unitIds.map((unitId) => rowOf(form, unitId, months, byMonth));
}

function rowOf(form: FormDefinition, unitId: string, months: readonly string[], byMonth: ReadonlyMap<string, Map<string, StoredReport>>): UnitRow {
  const reports = new Map<string, StoredReport>();
  for (const [month, ofUnits] of byMonth) {
    const report = ofUnits.get(unitId);
    if (report) reports.set(month, report);
  }
  const inRange = months.map((month) => reports.get(month)).filter((report) => report !== undefined);
  const span = unitSpan(form, months, new Map([...reports].map(([month, report]) => [month, report.values])));
  return {
    unitId,
    values: span.values,
    gave: span.gave,
    monthsReported: inRange.length,
    missing: !reports.has(months.at(-1) ?? ""),
    late: inRange.some((report) => report.late),
    corrected: inRange.some((report) => report.version > 1),
  };
}

/**
 * Reports of a month read at most to count the late ones: the store keeps no count of late reports, and reading
 * thousands of reports would cost a summary its speed. Above this the on-time rate is not stated.
 */
export const LATE_COUNT_LIMIT = 400;

/** Reported units of the month shown that arrived late, from their reports (one round trip); undefined above the limit. */
export async function countLate(env: ReportEnv, form: FormDefinition, month: string, reported: readonly string[]): Promise<number | undefined> {
  if (reported.length === 0) return 0;
  if (reported.length > LATE_COUNT_LIMIT) return undefined;
  const reports = await env.store.reports.getReportsForUnits(form.id, month, reported);
  return [...reports.values()].filter((report) => report.late).length;
}
