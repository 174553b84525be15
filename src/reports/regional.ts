// The region's figures for a period, from the totals the submit script keeps (one Redis round trip per form, however
// long the history), and what they stand on from each unit's numbers of the months read (one more round trip, one
// hash per month that the submit script keeps: store.totals.readCover):
// how many units gave each figure, shares over the units that gave all parts, changes over the same units.
import type { FigureTotals } from "../domain/aggregate.ts";
import { aggregatePeriods, completeness, computeDerived } from "../domain/aggregate.ts";
import type { Completeness, DerivedValue } from "../domain/aggregate.ts";
import type { FigureValues, FormDefinition } from "../domain/forms.ts";
import { formUnitIds } from "../domain/forms.ts";
import type { PeriodRange } from "../domain/periods.ts";
import type { MonthTotals } from "../store/totals.ts";
import type { Comparison, SpanCoverage, UnitReports } from "./coverage.ts";
import { likeForLike, spanCoverage, yearUpTo } from "./coverage.ts";
import { monthsShown, previousComparable, shiftYears } from "./periods.ts";
import type { ReportEnv } from "./types.ts";

/** Totals over some months, and whether any unit reported in them (a period nobody reported is "no data", never 0). */
export interface SpanTotals {
  months: string[];
  values: FigureTotals;
  derived: Record<string, DerivedValue>;
  hasData: boolean;
}

export interface RegionalReading {
  form: FormDefinition;
  range: PeriodRange;
  /** The months of the range shown (a period in progress is cut at the month due). */
  months: string[];
  /** The month whose completeness is stated: the last month shown. */
  monthShown: string;
  current: SpanTotals;
  completeness: Completeness;
  previous?: SpanTotals;
  lastYear?: SpanTotals;
  /**
   * From each unit's reports, read only where the totals cannot tell: coverage when the form has optional figures,
   * a comparison when one of its spans is incomplete. Absent above UNIT_MONTHS_LIMIT.
   */
  basis?: UnitBasis;
  /** Whether every unit assigned the form reported every month of both spans of a comparison (totals then compare). */
  complete: { previous: boolean; lastYear: boolean };
}

export interface UnitBasis {
  coverage?: SpanCoverage;
  previous?: Comparison;
  lastYear?: Comparison;
}

/**
 * Unit-months read at most for coverage and like-for-like changes (a region's 19 units over two years are 456).
 * Above it, a change is shown only between complete periods, and a share only when none of its parts is optional.
 */
export const UNIT_MONTHS_LIMIT = 2_500;

/** Whether some unit can leave a figure or a share's part out, so that coverage must be counted from the reports. */
export function hasOptionalParts(form: FormDefinition): boolean {
  const optional = new Set(form.figures.filter((figure) => !figure.required).map((figure) => figure.id));
  return form.keyFigures.some((id) => optional.has(id)) || form.derived.some((d) => [...d.numerator, ...d.denominator].some((id) => optional.has(id)));
}

type Plan = ReturnType<typeof monthsToRead>;

/** What each reading needs from the units' reports: coverage of the months shown, comparisons that are incomplete. */
interface Needs {
  coverage: boolean;
  previous: boolean;
  lastYear: boolean;
}

/**
 * Totals from the maintained monthly totals: "sum" figures add the months up; "last" figures take the carry-forward
 * total of the last month (each unit's latest value within the year, even from a month before the range).
 */
export function totalsOver(form: FormDefinition, months: readonly string[], byMonth: ReadonlyMap<string, MonthTotals>): SpanTotals {
  const carried = new Map<string, FigureValues>();
  let hasData = false;
  for (const month of months) {
    const totals = byMonth.get(month);
    if (totals === undefined) continue;
    if (totals.reportedCount > 0) hasData = true;
    carried.set(month, { ...totals.values, ...totals.last });
  }
  const values = aggregatePeriods(form, months, carried);
  return { months: [...months], values, derived: computeDerived(form, values), hasData };
}

/** The months to read for a range and its comparisons, and which of them is listed by unit. */
export function monthsToRead(range: PeriodRange, dueMonth: string): { shown: string[]; previous?: string[]; lastYear: string[] } {
  const shown = monthsShown(range, dueMonth);
  const previous = previousComparable(range, shown);
  return { shown, ...(previous ? { previous } : {}), lastYear: shiftYears(shown, -1) };
}

/**
 * One form over several ranges (e.g. the month and the year so far) with their comparisons: a fixed number of
 * commands per month read, whatever the history. Units are counted first (SCARD); only when some are missing is the
 * month shown listed (a second round trip), since listing thousands of units costs more than everything else together.
 */
export async function readRegional(
  env: ReportEnv,
  form: FormDefinition,
  ranges: readonly PeriodRange[],
  dueMonth: string,
  { unitMonthsLimit = UNIT_MONTHS_LIMIT }: { unitMonthsLimit?: number } = {},
): Promise<RegionalReading[]> {
  const plans = ranges.map((range) => monthsToRead(range, dueMonth));
  const shownMonths = plans.map((plan) => plan.shown.at(-1));
  if (shownMonths.includes(undefined)) throw new RangeError("readRegional: a period has no month due yet");
  const all = [...new Set(plans.flatMap((plan) => [...plan.shown, ...(plan.previous ?? []), ...plan.lastYear]))].sort();
  const read = await env.store.totals.readTotals(form, all, { listUnitsFor: [] });
  const byMonth = new Map(read.map((t) => [t.month, t]));
  const expected = formUnitIds(form, env.region);
  const toList = [...new Set(shownMonths as string[])].filter((month) => (byMonth.get(month)?.reportedCount ?? 0) !== expected.length);
  const listed = new Map<string, string[]>();
  if (toList.length > 0) {
    for (const month of await env.store.totals.readTotals(form, toList, { listUnitsFor: toList })) listed.set(month.month, month.reported ?? []);
  }
  const allReported = (months: readonly string[]) => months.every((month) => byMonth.get(month)?.reportedCount === expected.length);
  const hasData = (months: readonly string[]) => months.some((month) => (byMonth.get(month)?.reportedCount ?? 0) > 0);
  const optional = hasOptionalParts(form);
  const needs: Needs[] = plans.map((plan) => ({
    coverage: optional && hasData(plan.shown),
    previous: plan.previous !== undefined && hasData(plan.previous) && hasData(plan.shown) && !(allReported(plan.shown) && allReported(plan.previous)),
    lastYear: hasData(plan.lastYear) && hasData(plan.shown) && !(allReported(plan.shown) && allReported(plan.lastYear)),
  }));
  const reports = await readUnitReports(env, form, plans, needs, byMonth, expected, unitMonthsLimit);
  return ranges.map((range, i) => readingFrom(env, form, range, plans[i]!, byMonth, listed, reports && { reports, needs: needs[i]! }));
}

/**
 * The units' reports of the months the readings need (January on, for carried figures; months nobody reported
 * skipped), or undefined when nothing is needed or there are more than `limit` unit-months to read.
 */
async function readUnitReports(
  env: ReportEnv,
  form: FormDefinition,
  plans: readonly Plan[],
  needs: readonly Needs[],
  byMonth: ReadonlyMap<string, MonthTotals>,
  units: readonly string[],
  limit: number,
): Promise<UnitReports | undefined> {
  const carried = form.figures.some((figure) => figure.monthAggregation === "last");
  const spans = plans.flatMap((plan, i) => [
    ...(needs[i]!.coverage || needs[i]!.previous || needs[i]!.lastYear ? [plan.shown] : []),
    ...(needs[i]!.previous && plan.previous ? [plan.previous] : []),
    ...(needs[i]!.lastYear ? [plan.lastYear] : []),
  ]);
  const months = [...new Set(spans.flatMap((span) => (carried && span.length > 0 ? yearUpTo(span.at(-1)!) : span)))]
    .filter((month) => (byMonth.get(month)?.reportedCount ?? 0) > 0)
    .sort();
  if (months.length === 0 || months.length * units.length > limit || units.length === 0) return undefined;
  // Each unit's numbers from the month's cover hash (kept by the submit script): one command per month, not per unit.
  const read = await env.store.totals.readCover(form.id, months);
  const byUnit = new Map<string, Map<string, FigureValues>>();
  for (const month of months) {
    for (const [unit, values] of read.get(month) ?? []) {
      let ofUnit = byUnit.get(unit);
      if (!ofUnit) byUnit.set(unit, (ofUnit = new Map()));
      ofUnit.set(month, values);
    }
  }
  return byUnit;
}

function readingFrom(
  env: ReportEnv,
  form: FormDefinition,
  range: PeriodRange,
  plan: ReturnType<typeof monthsToRead>,
  byMonth: ReadonlyMap<string, MonthTotals>,
  listed: ReadonlyMap<string, readonly string[]>,
  read: { reports: UnitReports; needs: Needs } | undefined,
): RegionalReading {
  const monthShown = plan.shown.at(-1)!;
  const expected = formUnitIds(form, env.region);
  // A month not listed had every expected unit reported.
  const reported = listed.get(monthShown) ?? expected;
  const previous = plan.previous ? totalsOver(form, plan.previous, byMonth) : undefined;
  const lastYear = totalsOver(form, plan.lastYear, byMonth);
  const allReported = (months: readonly string[]) => months.every((month) => byMonth.get(month)?.reportedCount === expected.length);
  const basis: UnitBasis | undefined = read && {
    ...(read.needs.coverage ? { coverage: spanCoverage(form, plan.shown, read.reports, expected) } : {}),
    ...(read.needs.previous && plan.previous ? { previous: likeForLike(form, plan.shown, plan.previous, read.reports, expected) } : {}),
    ...(read.needs.lastYear ? { lastYear: likeForLike(form, plan.shown, plan.lastYear, read.reports, expected) } : {}),
  };
  return {
    form,
    range,
    months: plan.shown,
    monthShown,
    current: totalsOver(form, plan.shown, byMonth),
    completeness: completeness(formUnitIds(form, env.region), reported),
    ...(previous?.hasData ? { previous } : {}),
    ...(lastYear.hasData ? { lastYear } : {}),
    ...(basis ? { basis } : {}),
    complete: {
      previous: plan.previous !== undefined && allReported(plan.shown) && allReported(plan.previous),
      lastYear: allReported(plan.shown) && allReported(plan.lastYear),
    },
  };
}

/** A change against the previous period or the same period a year earlier. */
export type ComparedWith = "previous" | "lastYear";

/**
 * The two values a change compares: the totals when every unit reported both spans; else over the same units (those
 * that reported every month of both), from their reports; undefined when there is nothing fair to compare.
 */
export function comparedValues(reading: RegionalReading, which: ComparedWith, figureId: string): [current: number, base: number] | undefined {
  if (!reading.current.hasData || !reading[which]) return undefined;
  const [current, base] = reading.complete[which]
    ? [reading.current.values[figureId], reading[which]?.values[figureId]]
    : [reading.basis?.[which]?.current[figureId], reading.basis?.[which]?.base[figureId]];
  return current === undefined || base === undefined ? undefined : [current, base];
}

/** What a comparison stands on, for the note under the figures: all units, the same N of M, none, or not yet. */
export type ComparisonBasis =
  | { kind: "all" }
  | { kind: "same-units"; common: number; expected: number }
  | { kind: "none" }
  | { kind: "incomplete" };

export function comparisonBasis(reading: RegionalReading, which: ComparedWith): ComparisonBasis | undefined {
  if (!reading.current.hasData || !reading[which]) return undefined;
  const expected = reading.completeness.expected.length;
  if (reading.complete[which]) return { kind: "all" };
  const comparison = reading.basis?.[which];
  if (!comparison) return { kind: "incomplete" };
  const common = comparison.common.length;
  if (common === 0) return { kind: "none" };
  return common >= expected ? { kind: "all" } : { kind: "same-units", common, expected };
}

/** Relative change in percent, or undefined when there is nothing to compare with (no data, or a base of 0). */
export function percentChange(current: number | undefined, base: number | undefined): number | undefined {
  if (current === undefined || base === undefined || base === 0) return undefined;
  return ((current - base) / Math.abs(base)) * 100;
}
