// The region's figures for a period, from the totals the submit script keeps: one Redis round trip per form,
// however long the history and however many units.
import type { FigureTotals } from "../domain/aggregate.ts";
import { aggregatePeriods, completeness, computeDerived } from "../domain/aggregate.ts";
import type { Completeness, DerivedValue } from "../domain/aggregate.ts";
import type { FigureValues, FormDefinition } from "../domain/forms.ts";
import { formUnitIds } from "../domain/forms.ts";
import type { PeriodRange } from "../domain/periods.ts";
import type { MonthTotals } from "../store/totals.ts";
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
  return ranges.map((range, i) => readingFrom(env, form, range, plans[i]!, byMonth, listed));
}

function readingFrom(
  env: ReportEnv,
  form: FormDefinition,
  range: PeriodRange,
  plan: ReturnType<typeof monthsToRead>,
  byMonth: ReadonlyMap<string, MonthTotals>,
  listed: ReadonlyMap<string, readonly string[]>,
): RegionalReading {
  const monthShown = plan.shown.at(-1)!;
  // A month not listed had every expected unit reported.
  const reported = listed.get(monthShown) ?? formUnitIds(form, env.region);
  const previous = plan.previous ? totalsOver(form, plan.previous, byMonth) : undefined;
  const lastYear = totalsOver(form, plan.lastYear, byMonth);
  return {
    form,
    range,
    months: plan.shown,
    monthShown,
    current: totalsOver(form, plan.shown, byMonth),
    completeness: completeness(formUnitIds(form, env.region), reported),
    ...(previous?.hasData ? { previous } : {}),
    ...(lastYear.hasData ? { lastYear } : {}),
  };
}

/** Relative change in percent, or undefined when there is nothing to compare with (no data, or a base of 0). */
export function percentChange(current: number | undefined, base: number | undefined): number | undefined {
  if (current === undefined || base === undefined || base === 0) return undefined;
  return ((current - base) / Math.abs(base)) * 100;
}
