// Which period a form is due for, when it is late and when it locks, in the region's time zone.
import type { FormDefinition, PeriodType } from "./forms.ts";
import { monthId, parsePeriodId, previousPeriod, quarterId } from "./periodIds.ts";
import type { LocalDateTime } from "./zonedTime.ts";
import { addLocalDays, localDateParts, zonedTimeToUtc } from "./zonedTime.ts";

export * from "./periodIds.ts";
export { formatDate, monthName, monthNameForms } from "./periodNames.ts";
export { addLocalDays, localDateParts, zonedTimeToUtc } from "./zonedTime.ts";
export type { LocalDateParts, LocalDateTime } from "./zonedTime.ts";

/** How far back openPeriods looks. */
const MAX_OPEN_PERIODS = 12;

export interface PeriodDeadline {
  /** The report is due at this instant. */
  dueAt: Date;
  /** A report received from this instant on counts as late. */
  lateAt: Date;
  /** Entry locks at this instant. */
  lockAt: Date;
}

/** The period whose report is due now: the last one that has ended by the local date (3 Nov 2016 → "2016-10"). */
export function duePeriod(form: Pick<FormDefinition, "periodType">, now: Date, timeZone: string): string {
  const { year, month } = localDateParts(now, timeZone);
  return lastEndedPeriod(form.periodType, year, month);
}

function lastEndedPeriod(periodType: PeriodType, year: number, month: number): string {
  if (periodType === "monthly") return month === 1 ? monthId(year - 1, 12) : monthId(year, month - 1);
  if (periodType === "quarterly") {
    const quarter = Math.ceil(month / 3);
    return quarter === 1 ? quarterId(year - 1, 4) : quarterId(year, quarter - 1);
  }
  return String(year - 1);
}

/** Deadlines computed already, by the deadline's settings and the period: six zone conversions each otherwise. */
const deadlines = new Map<string, PeriodDeadline>();
const MAX_DEADLINES = 10_000;

export function deadlineOf(form: Pick<FormDefinition, "periodType" | "deadline">, periodId: string, timeZone: string): PeriodDeadline {
  const key = `${form.periodType} ${periodId} ${timeZone} ${JSON.stringify(form.deadline)}`;
  let known = deadlines.get(key);
  if (known === undefined) {
    known = computeDeadline(form, periodId, timeZone);
    if (deadlines.size >= MAX_DEADLINES) deadlines.clear();
    deadlines.set(key, known);
  }
  // Copies: a caller may keep or change the dates it gets.
  return { dueAt: new Date(known.dueAt), lateAt: new Date(known.lateAt), lockAt: new Date(known.lockAt) };
}

function computeDeadline(form: Pick<FormDefinition, "periodType" | "deadline">, periodId: string, timeZone: string): PeriodDeadline {
  const range = parsePeriodId(periodId);
  const expected = { monthly: "month", quarterly: "quarter", yearly: "year" }[form.periodType];
  if (range.kind !== expected) throw new RangeError(`period "${periodId}" is not a ${expected} of a ${form.periodType} form`);
  // The first month after the period; the deadline day falls in it.
  const lastMonth = range.kind === "month" ? range.month : range.kind === "quarter" ? range.quarter * 3 : 12;
  const [hour = 0, minute = 0] = form.deadline.time.split(":").map(Number);
  const due: LocalDateTime = {
    year: lastMonth === 12 ? range.year + 1 : range.year,
    month: lastMonth === 12 ? 1 : lastMonth + 1,
    day: form.deadline.day,
    hour,
    minute,
  };
  return {
    dueAt: zonedTimeToUtc(due, timeZone),
    lateAt: zonedTimeToUtc(addLocalDays(due, form.deadline.lateAfterDays), timeZone),
    lockAt: zonedTimeToUtc(addLocalDays(due, form.deadline.lockAfterDays), timeZone),
  };
}

/**
 * Periods that can still be reported or corrected now, the due one first, then older ones not yet locked.
 * `lockedBefore` (a period id of the form's type) closes every earlier period whatever its deadline.
 */
export function openPeriods(
  form: Pick<FormDefinition, "periodType" | "deadline">,
  now: Date,
  timeZone: string,
  lockedBefore?: string,
): string[] {
  const open: string[] = [];
  let period = duePeriod(form, now, timeZone);
  for (let i = 0; i < MAX_OPEN_PERIODS; i++, period = previousPeriod(period)) {
    if (lockedBefore !== undefined && period < lockedBefore) break;
    if (deadlineOf(form, period, timeZone).lockAt <= now) break; // older periods locked earlier still
    open.push(period);
  }
  return open;
}
