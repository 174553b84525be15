// Periods a summary can show: a month, a quarter, the year so far or a whole year, never beyond the month due now.
import type { Locale } from "../domain/locale.ts";
import type { PeriodRange } from "../domain/periods.ts";
import { monthId, monthName, monthsInRange, parsePeriodId, periodIdOf, yearToDate } from "../domain/periods.ts";
import { periodName } from "./format.ts";
import type { Reader } from "./types.ts";

const YTD_PREFIX = "ytd-";

/** "2016-10", "2016Q3", "2016", or "ytd-2016-10" for January–October 2016. */
export function reportPeriodId(range: PeriodRange): string {
  return range.kind === "ytd" ? `${YTD_PREFIX}${monthId(range.year, range.month)}` : periodIdOf(range);
}

/** The range of a report period id, or undefined when it is not one. */
export function parseReportPeriod(id: string): PeriodRange | undefined {
  try {
    return id.startsWith(YTD_PREFIX) ? yearToDate(id.slice(YTD_PREFIX.length)) : parsePeriodId(id);
  } catch {
    return undefined;
  }
}

/** The months of the range that have ended by the month due now (a quarter or year in progress is cut there). */
export function monthsShown(range: PeriodRange, dueMonth: string): string[] {
  return monthsInRange(range).filter((month) => month <= dueMonth);
}

/** A range with at least one month due: anything later is in the future and cannot be asked for. */
export function isShowable(range: PeriodRange, dueMonth: string): boolean {
  return monthsShown(range, dueMonth).length > 0;
}

/** Months of a year, shifted by whole years: the same period a year earlier. */
export function shiftYears(months: readonly string[], years: number): string[] {
  return months.map((month) => `${Number(month.slice(0, 4)) + years}${month.slice(4)}`);
}

/** The period just before, of the same length, for "change against the previous period" (month and whole quarter only). */
export function previousComparable(range: PeriodRange, shown: readonly string[]): string[] | undefined {
  if (range.kind === "month") return [previousMonthId(range.year, range.month)];
  if (range.kind === "quarter" && shown.length === 3) {
    const first = range.quarter === 1 ? { year: range.year - 1, quarter: 4 } : { year: range.year, quarter: range.quarter - 1 };
    return monthsInRange({ kind: "quarter", ...first });
  }
  return undefined;
}

function previousMonthId(year: number, month: number): string {
  return month === 1 ? monthId(year - 1, 12) : monthId(year, month - 1);
}

/** The period's name, with the months actually shown when it is still in progress: "IV квартал 2016 (октябрь)". */
export function periodLabel(range: PeriodRange, shown: readonly string[], reader: Reader): string {
  const name = periodName(reader, range);
  const all = monthsInRange(range);
  if (shown.length === all.length || shown.length === 0) return name;
  return `${name} (${monthSpan(shown, reader.locale)})`;
}

/** "июль–сентябрь" or "октябрь": the months without the year. */
export function monthSpan(months: readonly string[], locale: Locale): string {
  const first = months[0];
  const last = months.at(-1);
  if (first === undefined || last === undefined) return "";
  const name = (id: string) => monthName(Number(id.slice(5, 7)), locale);
  return first === last ? name(first) : `${name(first)}–${name(last)}`;
}

/** The buttons offered first: the month due, the latest whole quarter, the year so far. */
export function mainPeriodChoices(dueMonth: string): PeriodRange[] {
  const { year, month } = monthParts(dueMonth);
  const quarter = month % 3 === 0 ? { year, quarter: month / 3 } : Math.floor(month / 3) === 0 ? { year: year - 1, quarter: 4 } : { year, quarter: Math.floor(month / 3) };
  return [{ kind: "month", year, month }, { kind: "quarter", ...quarter }, { kind: "ytd", year, month }];
}

/** Every period of one year that can be shown: its months, quarters, and the whole year (or the year so far). */
export function periodsOfYear(year: number, dueMonth: string): { months: PeriodRange[]; quarters: PeriodRange[]; whole: PeriodRange[] } {
  const due = monthParts(dueMonth);
  const months: PeriodRange[] = [];
  for (let month = 1; month <= 12; month++) {
    const range: PeriodRange = { kind: "month", year, month };
    if (isShowable(range, dueMonth)) months.push(range);
  }
  const quarters: PeriodRange[] = [];
  for (let quarter = 1; quarter <= 4; quarter++) {
    const range: PeriodRange = { kind: "quarter", year, quarter };
    if (isShowable(range, dueMonth)) quarters.push(range);
  }
  const whole: PeriodRange[] = year < due.year ? [{ kind: "year", year }] : year === due.year ? [{ kind: "ytd", year, month: due.month }] : [];
  return { months, quarters, whole };
}

export function monthParts(month: string): { year: number; month: number } {
  const range = parsePeriodId(month);
  if (range.kind !== "month") throw new RangeError(`not a month id: "${month}"`);
  return { year: range.year, month: range.month };
}
