// Wall-clock time in an IANA zone through Intl, so offset changes (Asia/Almaty: UTC+6 until March 2024, UTC+5 since) are right.
export interface LocalDateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export type LocalDateTime = Pick<LocalDateParts, "year" | "month" | "day"> & Partial<Pick<LocalDateParts, "hour" | "minute">>;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Zone offsets per 15-minute slot of UTC: offsets are whole quarter hours and every change of one falls on a quarter
 * hour, so one slot has one offset. Intl's formatToParts (about 2 µs and a dozen objects) runs once per slot and zone.
 */
const offsetSlots = new Map<string, number>();
const SLOT_MS = 15 * 60_000;
const MAX_SLOTS = 10_000;

function slotOffset(instant: number, timeZone: string): number {
  const slot = Math.floor(instant / SLOT_MS);
  const key = `${timeZone} ${slot}`;
  let offset = offsetSlots.get(key);
  if (offset === undefined) {
    const start = slot * SLOT_MS;
    const p = intlParts(new Date(start), timeZone);
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - start;
    if (offsetSlots.size >= MAX_SLOTS) offsetSlots.clear();
    offsetSlots.set(key, offset);
  }
  return offset;
}

/** The wall-clock date and time in `timeZone` at the instant `now` (whole seconds). */
export function localDateParts(now: Date, timeZone: string): LocalDateParts {
  const instant = now.getTime();
  if (Number.isNaN(instant)) return intlParts(now, timeZone);
  const wall = new Date(Math.floor(instant / 1000) * 1000 + slotOffset(instant, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

function intlParts(now: Date, timeZone: string): LocalDateParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(now)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const get = (key: string): number => parts[key] ?? 0;
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

function offsetAt(instant: number, timeZone: string): number {
  const p = localDateParts(new Date(instant), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the zone's clocks show the given local date and time. */
export function zonedTimeToUtc(local: LocalDateTime, timeZone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0);
  const guess = wall - offsetAt(wall, timeZone);
  // A second pass settles the offset when the guess fell on the other side of a change.
  const offset = offsetAt(guess, timeZone);
  return new Date(wall - offset);
}

/** The local calendar date `days` later (month and year lengths handled by Date.UTC). */
export function addLocalDays(local: LocalDateTime, days: number): LocalDateTime {
  const date = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  return { ...local, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** "2016-11-03T10:00" read as the zone's local time (for the sandbox's and transcripts' clock lines). */
export function localTextToUtc(text: string, timeZone: string): Date {
  const [year, month, day, hour, minute] = text.split(/[-T:]/).map(Number);
  return zonedTimeToUtc({ year: year!, month: month!, day: day!, hour: hour ?? 0, minute: minute ?? 0 }, timeZone);
}

const INSTANT_TEXT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * "2016-11-03T10:00", "2016-11-03T10:00:30", "2016-11-03T10:00+06:00", "…Z": with an offset, that instant; without
 * one, the zone's local time. Seconds are optional. Undefined for anything else (a day or hour out of range too).
 */
export function parseInstant(text: string, timeZone: string): Date | undefined {
  const m = INSTANT_TEXT.exec(text.trim());
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as number[] as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? "").padEnd(3, "0"));
  const calendarDay = new Date(Date.UTC(year, month - 1, day));
  if (calendarDay.getUTCMonth() !== month - 1 || calendarDay.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = m[8];
  if (offset !== undefined) {
    const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${String(second).padStart(2, "0")}.${String(ms).padStart(3, "0")}`;
    const zone = offset.toUpperCase() === "Z" ? "Z" : `${offset.slice(0, 3)}:${offset.slice(-2)}`;
    const date = new Date(iso + zone);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return new Date(zonedTimeToUtc({ year, month, day, hour, minute }, timeZone).getTime() + second * 1000 + ms);
}
