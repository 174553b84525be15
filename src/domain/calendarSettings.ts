// The calendar's timings: when reminders, the digest and the morning brief go out, how long a reopening lasts,
// how far back a restarted bot catches up, and how fast the outbox may send. Defaults here; main passes overrides.
import { z } from "zod";

const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "expected a time \"HH:MM\" (24-hour)" });

/** A local moment counted in calendar days from a period's deadline day (negative: before it). */
const momentSchema = z.strictObject({ daysFromDeadline: z.int().min(-28).max(28), time: localTime });
export type CalendarMoment = z.infer<typeof momentSchema>;

export const calendarSettingsSchema = z.strictObject({
  /** Reminders to units that have not reported, in the region's time zone. Default: 3 days before, on the day, the day after. */
  reminders: z.array(momentSchema).max(10),
  /** The leadership's digest after the deadline (completeness, missing units, totals so far); null: none. */
  digest: momentSchema.nullable(),
  /** A daily brief for leadership at this local time; null (default): none. */
  morningBrief: z.strictObject({ time: localTime }).nullable(),
  /** How long an approved reopening lets a unit correct a locked period. */
  reopenHours: z.int().min(1).max(24 * 31),
  /** A moment missed while the bot was stopped is still sent if it is at most this old (marked late). */
  catchUpDays: z.int().min(0).max(60),
  /** A moment sent more than this after its time is logged as late. */
  lateGraceMinutes: z.int().min(1).max(24 * 60),
  /** Outbox: messages a second in all (Telegram allows about 30; interactive replies need the rest). */
  sendPerSecond: z.int().min(1).max(30),
  /** Outbox: one message per chat per this many ms (Telegram: about one a second). */
  perChatGapMs: z.int().min(0).max(60_000),
  /** How often the calendar is checked (BullMQ job scheduler); 0 turns automatic checks off (tests tick by hand). */
  tickEveryMs: z.int().min(0).max(3_600_000),
  /** "Remind the missing" reminds one unit at most once in this many minutes. */
  remindAgainAfterMinutes: z.int().min(0).max(24 * 60),
});

export type CalendarSettings = z.infer<typeof calendarSettingsSchema>;

export const DEFAULT_CALENDAR_SETTINGS: CalendarSettings = {
  reminders: [
    { daysFromDeadline: -3, time: "10:00" },
    { daysFromDeadline: 0, time: "10:00" },
    { daysFromDeadline: 1, time: "10:00" },
  ],
  digest: { daysFromDeadline: 1, time: "09:00" },
  morningBrief: null,
  reopenHours: 48,
  catchUpDays: 7,
  lateGraceMinutes: 5,
  sendPerSecond: 25,
  perChatGapMs: 1000,
  tickEveryMs: 60_000,
  remindAgainAfterMinutes: 60,
};

/** The defaults with `overrides` applied, checked (throws a ZodError naming the bad setting). */
export function calendarSettings(overrides: Partial<CalendarSettings> = {}): CalendarSettings {
  return calendarSettingsSchema.parse({ ...DEFAULT_CALENDAR_SETTINGS, ...overrides });
}

// The settings in force for a running bot, so its features (reopening) use what its scheduler was started with.
const inForce = new WeakMap<object, CalendarSettings>();

export function setCalendarSettings(deps: object, settings: CalendarSettings): void {
  inForce.set(deps, settings);
}

export function settingsFor(deps: object): CalendarSettings {
  return inForce.get(deps) ?? DEFAULT_CALENDAR_SETTINGS;
}
