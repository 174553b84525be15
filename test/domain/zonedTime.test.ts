// localDateParts reads a zone's offset once per quarter hour: it must agree with Intl at every instant, across
// daylight-saving changes, half-hour and quarter-hour zones, and Almaty's change from UTC+6 to UTC+5 (1 March 2024).
import { test } from "node:test";
import assert from "node:assert/strict";
import { localDateParts, zonedTimeToUtc } from "../../src/domain/zonedTime.ts";
import { deadlineOf } from "../../src/domain/periods.ts";

function intl(date: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

const ZONES = ["Asia/Almaty", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"];

test("localDateParts agrees with Intl around offset changes and at random instants", () => {
  const changes = [Date.UTC(2024, 1, 29, 17, 0), Date.UTC(2024, 2, 31, 0, 0), Date.UTC(2024, 9, 27, 0, 0), Date.UTC(2024, 3, 6, 14, 0), Date.UTC(2016, 2, 13, 6, 0)];
  const instants: number[] = [];
  for (const change of changes) for (let delta = -7_200_000; delta <= 7_200_000; delta += 59_999) instants.push(change + delta);
  let seed = 42;
  for (let i = 0; i < 3000; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    instants.push(Date.UTC(2000, 0, 1) + (seed / 2 ** 31) * 40 * 365 * 86_400_000);
  }
  for (const zone of ZONES) for (const instant of instants) assert.deepEqual(localDateParts(new Date(instant), zone), intl(new Date(instant), zone), `${zone} ${new Date(instant).toISOString()}`);
});

test("Almaty: UTC+6 before 1 March 2024, UTC+5 after", () => {
  assert.equal(zonedTimeToUtc({ year: 2016, month: 11, day: 5, hour: 18 }, "Asia/Almaty").toISOString(), "2016-11-05T12:00:00.000Z");
  assert.equal(zonedTimeToUtc({ year: 2024, month: 11, day: 5, hour: 18 }, "Asia/Almaty").toISOString(), "2024-11-05T13:00:00.000Z");
});

test("deadlineOf gives fresh dates each time, equal to a computation with other settings kept apart", () => {
  const form = { periodType: "monthly" as const, deadline: { day: 5, time: "18:00", lateAfterDays: 0, lockAfterDays: 30 } };
  const first = deadlineOf(form, "2016-10", "Asia/Almaty");
  first.dueAt.setTime(0);
  const again = deadlineOf(form, "2016-10", "Asia/Almaty");
  assert.equal(again.dueAt.toISOString(), "2016-11-05T12:00:00.000Z");
  const later = deadlineOf({ ...form, deadline: { ...form.deadline, day: 10 } }, "2016-10", "Asia/Almaty");
  assert.equal(later.dueAt.toISOString(), "2016-11-10T12:00:00.000Z");
});
