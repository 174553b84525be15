// The reporting calendar as pure functions: the moments at which reminders, digests and briefs are due, in the
// region's IANA time zone, and where a period stands against its deadline. No Redis, no grammY.
import type { FormDefinition } from "./forms.ts";
import {
  addLocalDays,
  deadlineOf,
  duePeriod,
  localDateParts,
  parsePeriodId,
  periodIdOf,
  previousPeriod,
  zonedTimeToUtc,
  type PeriodDeadline,
} from "./periods.ts";
import type { CalendarMoment, CalendarSettings } from "./calendarSettings.ts";

const DAY_MS = 86_400_000;
type CalendarForm = Pick<FormDefinition, "id" | "periodType" | "deadline">;

export type MomentKind = "reminder" | "digest" | "brief";

export interface Moment {
  kind: MomentKind;
  /** Stable and unique: the key of its claim, e.g. "reminder:public-services:2016-10:d-3t1000". */
  id: string;
  /** Reminders and digests belong to one form's period; a brief covers every form. */
  form?: string;
  period?: string;
  at: Date;
}

/** The instant of a moment counted in local calendar days from the deadline's local date. */
export function momentAt(dueAt: Date, moment: CalendarMoment, timeZone: string): Date {
  const due = localDateParts(dueAt, timeZone);
  const day = addLocalDays({ year: due.year, month: due.month, day: due.day }, moment.daysFromDeadline);
  const [hour = 0, minute = 0] = moment.time.split(":").map(Number);
  return zonedTimeToUtc({ ...day, hour, minute }, timeZone);
}

const tagOf = (moment: CalendarMoment) => `d${moment.daysFromDeadline}t${moment.time.replace(":", "")}`;

/** Reminders (before the lock only) and the digest of one form's period, in time order. */
export function momentsOfPeriod(form: CalendarForm, period: string, settings: CalendarSettings, timeZone: string): Moment[] {
  const deadline = deadlineOf(form, period, timeZone);
  const moments: Moment[] = [];
  for (const reminder of settings.reminders) {
    const at = momentAt(deadline.dueAt, reminder, timeZone);
    if (at < deadline.lockAt) moments.push({ kind: "reminder", id: `reminder:${form.id}:${period}:${tagOf(reminder)}`, form: form.id, period, at });
  }
  if (settings.digest) {
    const at = momentAt(deadline.dueAt, settings.digest, timeZone);
    moments.push({ kind: "digest", id: `digest:${form.id}:${period}:${tagOf(settings.digest)}`, form: form.id, period, at });
  }
  return moments.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The period after, of the same type. */
export function nextPeriod(periodId: string): string {
  const range = parsePeriodId(periodId);
  if (range.kind === "month") return periodIdOf(range.month === 12 ? { kind: "month", year: range.year + 1, month: 1 } : { ...range, month: range.month + 1 });
  if (range.kind === "quarter") return periodIdOf(range.quarter === 4 ? { kind: "quarter", year: range.year + 1, quarter: 1 } : { ...range, quarter: range.quarter + 1 });
  return String(range.year + 1);
}

/** The periods whose moments can be due around `now`: the one in progress, the one due and three before it. */
export function periodsAround(form: CalendarForm, now: Date, timeZone: string): string[] {
  const due = duePeriod(form, now, timeZone);
  const periods = [nextPeriod(due), due];
  for (let i = 0; i < 3; i++) periods.push(previousPeriod(periods.at(-1)!));
  return periods;
}

/**
 * Moments due by `now` that are still worth sending: at most `catchUpDays` old, and reminders only while their
 * period is not locked. Whether each was already sent is the store's business (claims).
 */
export function dueMoments(forms: readonly CalendarForm[], now: Date, settings: CalendarSettings, timeZone: string): Moment[] {
  const oldest = now.getTime() - settings.catchUpDays * DAY_MS;
  const due: Moment[] = [];
  for (const form of forms) {
    for (const period of periodsAround(form, now, timeZone)) {
      const lockAt = deadlineOf(form, period, timeZone).lockAt;
      for (const moment of momentsOfPeriod(form, period, settings, timeZone)) {
        const at = moment.at.getTime();
        if (at > now.getTime() || at < oldest) continue;
        if (moment.kind === "reminder" && now >= lockAt) continue;
        due.push(moment);
      }
    }
  }
  const brief = briefMoment(now, settings, timeZone);
  if (brief) due.push(brief);
  return due.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Today's morning brief when it is due and the local day has not ended (a brief of yesterday is no use). */
export function briefMoment(now: Date, settings: CalendarSettings, timeZone: string): Moment | undefined {
  if (!settings.morningBrief) return undefined;
  const today = localDateParts(now, timeZone);
  const [hour = 0, minute = 0] = settings.morningBrief.time.split(":").map(Number);
  const at = zonedTimeToUtc({ year: today.year, month: today.month, day: today.day, hour, minute }, timeZone);
  if (at > now) return undefined;
  const date = `${today.year}-${String(today.month).padStart(2, "0")}-${String(today.day).padStart(2, "0")}`;
  return { kind: "brief", id: `brief:${date}`, at };
}

export type DeadlineStage =
  /** before the deadline's local day */
  | "ahead"
  /** on the deadline's local day, before the deadline */
  | "today"
  /** after the deadline, still open (reports count as late once lateAt is passed) */
  | "overdue"
  /** entry is locked: changes need a reopening */
  | "locked";

export interface PeriodStanding extends PeriodDeadline {
  stage: DeadlineStage;
  /** Whole local days from today to the deadline's day (negative after it). */
  daysLeft: number;
}

/** Where a period stands against its deadline at `now`. */
export function standing(form: CalendarForm, period: string, now: Date, timeZone: string): PeriodStanding {
  const deadline = deadlineOf(form, period, timeZone);
  const daysLeft = localDayNumber(deadline.dueAt, timeZone) - localDayNumber(now, timeZone);
  const stage: DeadlineStage =
    now >= deadline.lockAt ? "locked" : now >= deadline.dueAt ? "overdue" : daysLeft > 0 ? "ahead" : "today";
  return { ...deadline, stage, daysLeft };
}

function localDayNumber(instant: Date, timeZone: string): number {
  const p = localDateParts(instant, timeZone);
  return Math.round(Date.UTC(p.year, p.month - 1, p.day) / DAY_MS);
}

/** `period` when it is a period id of the form's type (data from a button is never trusted), else undefined. */
export function periodOfForm(form: CalendarForm, period: string, timeZone: string): string | undefined {
  try {
    deadlineOf(form, period, timeZone);
    return period;
  } catch {
    return undefined;
  }
}

/** Recent periods of a form that are locked at `now`, newest first (for a reopening request). */
export function lockedPeriods(form: CalendarForm, now: Date, timeZone: string, count: number): string[] {
  const locked: string[] = [];
  let period = duePeriod(form, now, timeZone);
  for (let i = 0; i < 24 && locked.length < count; i++, period = previousPeriod(period)) {
    if (deadlineOf(form, period, timeZone).lockAt <= now) locked.push(period);
  }
  return locked;
}
