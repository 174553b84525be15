// What each total stands on, from each unit's reports: how many units gave a figure, a share over only the units
// that gave all of its parts, and changes that compare the same units in both periods. Pure: the Mini App and the
// bot read the reports and pass them in.
import type { FigureTotals } from "../domain/aggregate.ts";
import { unitOverMonths } from "../domain/aggregate.ts";
import type { DerivedIndicator, Figure, FigureValues, FormDefinition } from "../domain/forms.ts";
import { numberOf, numericFigures } from "../domain/forms.ts";
import { monthId } from "../domain/periods.ts";

/** Each unit's reports (their values) by month: unit id → month id → values. Units and months without a report are absent. */
export type UnitReports = ReadonlyMap<string, ReadonlyMap<string, FigureValues>>;

type FormParts = Pick<FormDefinition, "figures" | "derived">;

/** One unit over a span of months. */
export interface UnitSpan {
  /** "sum" figures added over the months it gave them; "last" figures from its latest report from January on. */
  values: FigureTotals;
  /** Months of the span it reported. */
  monthsReported: number;
  /**
   * Figures it gave in every month of the span it reported ("last" figures: it has a value). A figure it skipped in
   * some month is not given: its sum is short.
   */
  gave: ReadonlySet<string>;
}

/** The months from January of the last month's year up to it: where a "last" figure's value may come from. */
export function yearUpTo(month: string): string[] {
  const year = Number(month.slice(0, 4));
  const last = Number(month.slice(5, 7));
  return Array.from({ length: last }, (_, i) => monthId(year, i + 1));
}

/**
 * One unit's figures from its monthly reports: "sum" figures over `months`; "last" figures from its latest report
 * from January up to the last month, as the regional carry-forward total counts them.
 */
export function unitValues(form: Pick<FormDefinition, "figures">, months: readonly string[], monthly: ReadonlyMap<string, FigureValues> | undefined): FigureTotals {
  // "last" figures carried forward from January, as the store's totals count them (domain/aggregate.ts).
  return monthly === undefined ? {} : unitOverMonths(form, months, monthly);
}

export function unitSpan(form: Pick<FormDefinition, "figures">, months: readonly string[], monthly: ReadonlyMap<string, FigureValues> | undefined): UnitSpan {
  const reports = months.map((month) => monthly?.get(month)).filter((values) => values !== undefined);
  const values = unitValues(form, months, monthly);
  const gave = new Set<string>();
  for (const figure of numericFigures(form)) {
    if (figure.monthAggregation === "last") {
      if (values[figure.id] !== undefined) gave.add(figure.id);
      continue;
    }
    if (reports.length > 0 && reports.every((report) => numberOf(report, figure.id) !== undefined)) gave.add(figure.id);
  }
  return { values, monthsReported: reports.length, gave };
}

/** How many units gave a figure, of those that reported in the span. */
export interface FigureCoverage {
  given: number;
  reported: number;
}

/** A share computed over only the units that gave every part; `units` of `reported` did. */
export interface CoveredShare {
  /** Sums of the parts in natural units (tenge, people) over the covered units. */
  numerator: number;
  denominator: number;
  /** undefined when no unit gave every part, or their denominator is 0. */
  share: number | undefined;
  units: number;
  reported: number;
}

export interface SpanCoverage {
  /** Units that reported at least one month of the span. */
  reported: string[];
  figures: Record<string, FigureCoverage>;
  shares: Record<string, CoveredShare>;
}

const scale = (figure: Figure | undefined) => 10 ** (figure?.decimals ?? 0);

/** The share of one unit (or any set of values) when every part was given; undefined otherwise. */
export function shareOf(form: FormParts, derived: DerivedIndicator, values: FigureValues, gave: ReadonlySet<string>): CoveredShare | undefined {
  const parts = [...derived.numerator, ...derived.denominator];
  if (!parts.every((id) => gave.has(id))) return undefined;
  const byId = new Map(form.figures.map((figure) => [figure.id, figure]));
  const sum = (ids: readonly string[]) => ids.reduce((total, id) => total + (numberOf(values, id) ?? 0) / scale(byId.get(id)), 0);
  const numerator = sum(derived.numerator);
  const denominator = sum(derived.denominator);
  return { numerator, denominator, share: denominator === 0 ? undefined : numerator / denominator, units: 1, reported: 1 };
}

/** Coverage of every figure and share over a span, from the reports of `units` (the units assigned the form). */
export function spanCoverage(form: FormParts, months: readonly string[], reports: UnitReports, units: readonly string[]): SpanCoverage {
  const spans = units.map((unit) => [unit, unitSpan(form, months, reports.get(unit))] as const).filter(([, span]) => span.monthsReported > 0);
  const figures: Record<string, FigureCoverage> = {};
  for (const figure of numericFigures(form)) {
    figures[figure.id] = { given: spans.filter(([, span]) => span.gave.has(figure.id)).length, reported: spans.length };
  }
  const shares: Record<string, CoveredShare> = {};
  for (const derived of form.derived) {
    let numerator = 0;
    let denominator = 0;
    let covered = 0;
    for (const [, span] of spans) {
      const share = shareOf(form, derived, span.values, span.gave);
      if (!share) continue;
      numerator += share.numerator;
      denominator += share.denominator;
      covered += 1;
    }
    shares[derived.id] = {
      numerator,
      denominator,
      share: covered === 0 || denominator === 0 ? undefined : numerator / denominator,
      units: covered,
      reported: spans.length,
    };
  }
  return { reported: spans.map(([unit]) => unit), figures, shares };
}

/** Totals of the same units in two spans: those that reported every month of both. */
export interface Comparison {
  common: string[];
  /** Per figure, over the common units that gave it in both spans. */
  current: FigureTotals;
  base: FigureTotals;
}

export function likeForLike(
  form: Pick<FormDefinition, "figures">,
  currentMonths: readonly string[],
  baseMonths: readonly string[],
  reports: UnitReports,
  units: readonly string[],
): Comparison {
  const reportedAll = (unit: string, months: readonly string[]) => months.every((month) => reports.get(unit)?.has(month) === true);
  const common = units.filter((unit) => reportedAll(unit, currentMonths) && reportedAll(unit, baseMonths));
  const current: FigureTotals = {};
  const base: FigureTotals = {};
  const spans = common.map((unit) => [unitSpan(form, currentMonths, reports.get(unit)), unitSpan(form, baseMonths, reports.get(unit))] as const);
  for (const figure of numericFigures(form)) {
    if (figure.unitAggregation !== "sum") continue;
    for (const [now, then] of spans) {
      if (!now.gave.has(figure.id) || !then.gave.has(figure.id)) continue;
      current[figure.id] = (current[figure.id] ?? 0) + (now.values[figure.id] ?? 0);
      base[figure.id] = (base[figure.id] ?? 0) + (then.values[figure.id] ?? 0);
    }
  }
  return { common, current, base };
}
