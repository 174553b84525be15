// Totals over months and over units, driven only by each figure's aggregation in the form definition.
import type { FigureValues, FormDefinition } from "./forms.ts";
import { numberOf, numericFigures } from "./forms.ts";
import type { PeriodRange } from "./periodIds.ts";
import { monthsInRange } from "./periodIds.ts";

/** Numeric totals by figure id (scaled integers); a figure without any value is absent. */
export type FigureTotals = Record<string, number>;

type FormFigures = Pick<FormDefinition, "figures">;

/**
 * One value per figure over several periods (oldest first): "sum" adds the periods that have a value,
 * "last" takes the latest period that has one (annual allocations, cumulative figures).
 */
export function aggregatePeriods(
  form: FormFigures,
  periodIds: readonly string[],
  values: ReadonlyMap<string, FigureValues>,
): FigureTotals {
  const totals: FigureTotals = {};
  for (const figure of numericFigures(form)) {
    const series = periodIds.map((id) => numberOf(values.get(id) ?? {}, figure.id)).filter((v) => v !== undefined);
    if (series.length === 0) continue;
    totals[figure.id] = figure.monthAggregation === "last" ? (series.at(-1) ?? 0) : series.reduce((a, b) => a + b, 0);
  }
  return totals;
}

/** Quarter, year-to-date or year from monthly values (one unit's, or the region's). */
export function aggregateRange(form: FormFigures, range: PeriodRange, monthly: ReadonlyMap<string, FigureValues>): FigureTotals {
  return aggregatePeriods(form, monthsInRange(range), monthly);
}

/** Totals over units for figures that add up over units ("sum"); "none" figures have no total. */
export function sumUnits(form: FormFigures, units: Iterable<FigureValues>): FigureTotals {
  const totals: FigureTotals = {};
  const figures = numericFigures(form).filter((figure) => figure.unitAggregation === "sum");
  for (const values of units) {
    for (const figure of figures) {
      const value = numberOf(values, figure.id);
      if (value !== undefined) totals[figure.id] = (totals[figure.id] ?? 0) + value;
    }
  }
  return totals;
}

/**
 * One unit's figures over consecutive months of one year (oldest first), as the store's totals count them: "sum"
 * figures add up `months`; a "last" figure is the unit's latest value from January up to the last of `months`, so a
 * unit that skipped the range's months, or left the figure out of its latest report, still counts the value it gave.
 */
export function unitOverMonths(form: FormFigures, months: readonly string[], monthly: ReadonlyMap<string, FigureValues>): FigureTotals {
  const last = months.at(-1);
  if (last === undefined) return {};
  const summed = aggregatePeriods(form, months, monthly);
  const year = Number(last.slice(0, 4));
  const carried = aggregatePeriods(form, monthsInRange({ kind: "ytd", year, month: Number(last.slice(5, 7)) }), monthly);
  const values: FigureTotals = {};
  for (const figure of numericFigures(form)) {
    const value = figure.monthAggregation === "last" ? carried[figure.id] : summed[figure.id];
    if (value !== undefined) values[figure.id] = value;
  }
  return values;
}

/**
 * The region's figures over a range from every unit's monthly values, agreeing with the store's kept totals: "sum"
 * figures over the range's months, "last" figures carried forward from January (see unitOverMonths).
 */
export function regionalRange(
  form: FormFigures,
  range: PeriodRange,
  monthlyByUnit: ReadonlyMap<string, ReadonlyMap<string, FigureValues>>,
): FigureTotals {
  const months = monthsInRange(range);
  return sumUnits(form, [...monthlyByUnit.values()].map((monthly) => unitOverMonths(form, months, monthly)));
}

export interface DerivedValue {
  /** Sums of the parts in natural units (tenge, people), missing parts counted as 0. */
  numerator: number;
  denominator: number;
  /** numerator / denominator; undefined when the denominator is 0. */
  share: number | undefined;
}

/** Shares recomputed from their summed parts: the only correct way, never a sum or mean of shares. */
export function computeDerived(form: Pick<FormDefinition, "figures" | "derived">, values: FigureValues): Record<string, DerivedValue> {
  const scaleOf = new Map(form.figures.map((figure) => [figure.id, 10 ** figure.decimals]));
  const total = (ids: readonly string[]): number =>
    ids.reduce((sum, id) => sum + (numberOf(values, id) ?? 0) / (scaleOf.get(id) ?? 1), 0);
  const result: Record<string, DerivedValue> = {};
  for (const derived of form.derived) {
    const numerator = total(derived.numerator);
    const denominator = total(derived.denominator);
    result[derived.id] = { numerator, denominator, share: denominator === 0 ? undefined : numerator / denominator };
  }
  return result;
}

export interface Completeness {
  /** Units assigned the form, in their configured order. */
  expected: string[];
  reported: string[];
  missing: string[];
}

/** Reports from units no longer assigned the form do not count. */
export function completeness(expectedUnitIds: readonly string[], reportedUnitIds: Iterable<string>): Completeness {
  const reported = new Set(reportedUnitIds);
  return {
    expected: [...expectedUnitIds],
    reported: expectedUnitIds.filter((id) => reported.has(id)),
    missing: expectedUnitIds.filter((id) => !reported.has(id)),
  };
}

/** Units whose report arrived at or after the period's lateAt. */
export function lateUnits(submittedAt: ReadonlyMap<string, Date>, lateAt: Date): string[] {
  return [...submittedAt].filter(([, at]) => at.getTime() >= lateAt.getTime()).map(([unitId]) => unitId);
}
