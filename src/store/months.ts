// Month ids "YYYY-MM": the only period type the totals understand so far.
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface MonthParts {
  year: string;
  /** 1..12 */
  month: number;
}

export function parseMonth(period: string): MonthParts {
  const match = MONTH.exec(period);
  if (!match) throw new TypeError(`period must be a month id YYYY-MM: ${JSON.stringify(period)}`);
  return { year: match[1]!, month: Number(match[2]) };
}

export function monthId(year: string, month: number): string {
  return `${year}-${String(month).padStart(2, "0")}`;
}

/** The months of `year` from `from` to December, in order. */
export function monthsFrom(year: string, from: number): string[] {
  const months: string[] = [];
  for (let month = from; month <= 12; month++) months.push(monthId(year, month));
  return months;
}
