// Period ids as DHIS2 writes them: month "2016-10", quarter "2016Q4", year "2016"; ranges for totals.
export type PeriodRange =
  | { kind: "month"; year: number; month: number }
  | { kind: "quarter"; year: number; quarter: number }
  /** January up to and including `month` */
  | { kind: "ytd"; year: number; month: number }
  | { kind: "year"; year: number };

const MONTH_ID = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_ID = /^(\d{4})Q([1-4])$/;
const YEAR_ID = /^(\d{4})$/;

export function monthId(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, "0")}`;
}

export function quarterId(year: number, quarter: number): string {
  return `${year}Q${quarter}`;
}

export function isPeriodId(id: string): boolean {
  return MONTH_ID.test(id) || QUARTER_ID.test(id) || YEAR_ID.test(id);
}

/** Throws a RangeError on anything that is not a month, quarter or year id. */
export function parsePeriodId(id: string): Exclude<PeriodRange, { kind: "ytd" }> {
  const month = MONTH_ID.exec(id);
  if (month !== null) return { kind: "month", year: Number(month[1]), month: Number(month[2]) };
  const quarter = QUARTER_ID.exec(id);
  if (quarter !== null) return { kind: "quarter", year: Number(quarter[1]), quarter: Number(quarter[2]) };
  const year = YEAR_ID.exec(id);
  if (year !== null) return { kind: "year", year: Number(year[1]) };
  throw new RangeError(`not a period id: "${id}" (expected "2016-10", "2016Q4" or "2016")`);
}

export function periodIdOf(range: Exclude<PeriodRange, { kind: "ytd" }>): string {
  if (range.kind === "month") return monthId(range.year, range.month);
  if (range.kind === "quarter") return quarterId(range.year, range.quarter);
  return String(range.year);
}

/** Month ids of the range, oldest first. */
export function monthsInRange(range: PeriodRange): string[] {
  const [first, last] =
    range.kind === "month"
      ? [range.month, range.month]
      : range.kind === "quarter"
        ? [range.quarter * 3 - 2, range.quarter * 3]
        : range.kind === "ytd"
          ? [1, range.month]
          : [1, 12];
  return Array.from({ length: last - first + 1 }, (_, i) => monthId(range.year, first + i));
}

/** The months of a period id: "2016Q4" → ["2016-10", "2016-11", "2016-12"]. */
export function monthsOfPeriod(periodId: string): string[] {
  return monthsInRange(parsePeriodId(periodId));
}

export function yearToDate(monthPeriodId: string): PeriodRange {
  const { year, month } = monthParts(monthPeriodId);
  return { kind: "ytd", year, month };
}

export function previousMonth(monthPeriodId: string): string {
  const { year, month } = monthParts(monthPeriodId);
  return month === 1 ? monthId(year - 1, 12) : monthId(year, month - 1);
}

export function sameMonthLastYear(monthPeriodId: string): string {
  const { year, month } = monthParts(monthPeriodId);
  return monthId(year - 1, month);
}

/** The period before, of the same type. */
export function previousPeriod(periodId: string): string {
  const range = parsePeriodId(periodId);
  if (range.kind === "month") return previousMonth(periodId);
  if (range.kind === "quarter") return range.quarter === 1 ? quarterId(range.year - 1, 4) : quarterId(range.year, range.quarter - 1);
  return String(range.year - 1);
}

function monthParts(periodId: string): { year: number; month: number } {
  const range = parsePeriodId(periodId);
  if (range.kind !== "month") throw new RangeError(`not a month id: "${periodId}"`);
  return range;
}
