// Like-for-like change and the on-time share, as pure functions over per-unit rows (src/reports/units.ts).
// A candidate for src/reports/ once the summaries compute them too.
import type { UnitRow } from "../reports/units.ts";
import { previousComparable, shiftYears } from "../reports/periods.ts";
import type { PeriodRange } from "../domain/periods.ts";

export interface LikeForLike {
  /** Relative change in percent of the sum over the units compared. */
  percent: number;
  /** Units compared: those that reported every month of both periods and gave the figure in both. */
  units: number;
  current: number;
  base: number;
}

/** Units complete in a span: every month of it reported. */
function complete(rows: readonly UnitRow[], months: number): Map<string, UnitRow> {
  return new Map(rows.filter((row) => row.monthsReported === months).map((row) => [row.unitId, row]));
}

/**
 * The change of a figure between two periods over the same units only (a unit that reported in one of them is left
 * out of both), so a district reporting late does not show as a fall of the region. Undefined when no unit is in
 * both or the base is 0.
 */
export function likeForLike(
  figureId: string,
  current: readonly UnitRow[],
  currentMonths: number,
  base: readonly UnitRow[],
  baseMonths: number,
): LikeForLike | undefined {
  const now = complete(current, currentMonths);
  const before = complete(base, baseMonths);
  let sumNow = 0;
  let sumBefore = 0;
  let units = 0;
  for (const [unitId, row] of now) {
    const a = row.values[figureId];
    const b = before.get(unitId)?.values[figureId];
    if (a === undefined || b === undefined) continue;
    sumNow += a;
    sumBefore += b;
    units++;
  }
  if (units === 0 || sumBefore === 0) return undefined;
  return { percent: ((sumNow - sumBefore) / Math.abs(sumBefore)) * 100, units, current: sumNow, base: sumBefore };
}

export type ComparisonKind = "previous-month" | "previous-quarter" | "last-year";

export interface Comparison {
  kind: ComparisonKind;
  months: string[];
}

/** What a period is compared with: the month or whole quarter before (when there is one) and the same months a year earlier. */
export function comparisonsOf(range: PeriodRange, shown: readonly string[]): Comparison[] {
  const previous = previousComparable(range, shown);
  const list: Comparison[] = [];
  if (previous) list.push({ kind: range.kind === "quarter" ? "previous-quarter" : "previous-month", months: previous });
  list.push({ kind: "last-year", months: shiftYears(shown, -1) });
  return list;
}

export interface OnTime {
  onTime: number;
  late: number;
  /** Reports expected: units × months shown. */
  expected: number;
}

/** On-time and late reports of a period from its reports month by month (month → unit → late?). */
export function onTimeOf(reports: ReadonlyMap<string, ReadonlyMap<string, { late: boolean }>>, expectedUnits: number): OnTime {
  let onTime = 0;
  let late = 0;
  for (const ofMonth of reports.values()) {
    for (const report of ofMonth.values()) {
      if (report.late) late++;
      else onTime++;
    }
  }
  return { onTime, late, expected: expectedUnits * reports.size };
}
