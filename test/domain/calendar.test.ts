// The calendar as pure functions: moments at local times in Asia/Almaty, what is due after a stop, where a period stands.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { zonedTimeToUtc } from "../../src/domain/periods.ts";
import { dueMoments, lockedPeriods, momentsOfPeriod, nextPeriod, standing } from "../../src/domain/calendar.ts";
import { calendarSettings, DEFAULT_CALENDAR_SETTINGS } from "../../src/domain/calendarSettings.ts";

const TZ = "Asia/Almaty";
const form = { id: "public-services", periodType: "monthly" as const, deadline: { day: 5, time: "18:00", lateAfterDays: 0, lockAfterDays: 25 } };
const local = (year: number, month: number, day: number, hour = 0, minute = 0) => zonedTimeToUtc({ year, month, day, hour, minute }, TZ);
const settings = DEFAULT_CALENDAR_SETTINGS;

describe("reminder moments", () => {
  test("fall 3 days before, on the day and the day after the deadline at 10:00 Almaty time (UTC+6 in 2016)", () => {
    const moments = momentsOfPeriod(form, "2016-10", settings, TZ);
    const reminders = moments.filter((m) => m.kind === "reminder").map((m) => m.at.toISOString());
    assert.deepEqual(reminders, ["2016-11-02T04:00:00.000Z", "2016-11-05T04:00:00.000Z", "2016-11-06T04:00:00.000Z"]);
  });

  test("follow the zone's offset change: in 2024 Almaty is UTC+5, so 10:00 local is 05:00 UTC", () => {
    const [first] = momentsOfPeriod(form, "2024-10", settings, TZ);
    assert.equal(first?.at.toISOString(), "2024-11-02T05:00:00.000Z");
  });

  test("the digest comes the morning after the deadline, after every reminder of the day", () => {
    const digest = momentsOfPeriod(form, "2016-10", settings, TZ).find((m) => m.kind === "digest");
    assert.equal(digest?.at.getTime(), local(2016, 11, 6, 9).getTime());
    assert.ok(digest!.at > local(2016, 11, 5, 18));
  });

  test("a reminder configured after the lock is never planned", () => {
    const late = calendarSettings({ reminders: [{ daysFromDeadline: 26, time: "10:00" }] });
    assert.deepEqual(momentsOfPeriod(form, "2016-10", late, TZ).filter((m) => m.kind === "reminder"), []);
  });

  test("a bad setting is refused with its name", () => {
    assert.throws(() => calendarSettings({ reopenHours: 0 }), /reopenHours/);
    assert.throws(() => calendarSettings({ reminders: [{ daysFromDeadline: 0, time: "25:00" }] }), /time/);
  });
});

describe("moments due", () => {
  test("none a minute before the first reminder, one at its minute", () => {
    assert.deepEqual(dueMoments([form], local(2016, 11, 2, 9, 59), settings, TZ), []);
    assert.deepEqual(dueMoments([form], local(2016, 11, 2, 10, 0), settings, TZ).map((m) => m.id), ["reminder:public-services:2016-10:d-3t1000"]);
  });

  test("after a stop across the deadline, every missed moment of the catch-up window is due, oldest first", () => {
    const ids = dueMoments([form], local(2016, 11, 7, 12), settings, TZ).map((m) => m.id);
    assert.deepEqual(ids, [
      "reminder:public-services:2016-10:d-3t1000",
      "reminder:public-services:2016-10:d0t1000",
      "digest:public-services:2016-10:d1t0900",
      "reminder:public-services:2016-10:d1t1000",
    ]);
  });

  test("moments older than the catch-up window and reminders of a locked period are not due", () => {
    const ids = dueMoments([form], local(2016, 12, 1, 12), settings, TZ).map((m) => m.id);
    assert.deepEqual(ids, []);
    const short = calendarSettings({ catchUpDays: 1 });
    assert.deepEqual(dueMoments([form], local(2016, 11, 6, 12), short, TZ).map((m) => m.id), [
      "digest:public-services:2016-10:d1t0900",
      "reminder:public-services:2016-10:d1t1000",
    ]);
  });

  test("the morning brief is due from its time until the end of the local day, once a day", () => {
    const brief = calendarSettings({ morningBrief: { time: "09:00" }, reminders: [], digest: null });
    assert.deepEqual(dueMoments([form], local(2016, 11, 3, 8, 59), brief, TZ), []);
    assert.deepEqual(dueMoments([form], local(2016, 11, 3, 23, 59), brief, TZ).map((m) => m.id), ["brief:2016-11-03"]);
  });
});

describe("where a period stands", () => {
  test("ahead, on the day, overdue and locked, by the local calendar", () => {
    assert.deepEqual(pick(standing(form, "2016-10", local(2016, 11, 2, 10), TZ)), { stage: "ahead", daysLeft: 3 });
    assert.deepEqual(pick(standing(form, "2016-10", local(2016, 11, 5, 0, 30), TZ)), { stage: "today", daysLeft: 0 });
    assert.deepEqual(pick(standing(form, "2016-10", local(2016, 11, 5, 18), TZ)), { stage: "overdue", daysLeft: 0 });
    assert.deepEqual(pick(standing(form, "2016-10", local(2016, 11, 30, 18), TZ)), { stage: "locked", daysLeft: -25 });
  });

  test("locked periods are listed newest first", () => {
    assert.deepEqual(lockedPeriods(form, local(2016, 10, 2, 10), TZ, 3), ["2016-08", "2016-07", "2016-06"]);
  });

  test("the period after a December is January of the next year", () => {
    assert.equal(nextPeriod("2016-12"), "2017-01");
    assert.equal(nextPeriod("2016Q4"), "2017Q1");
  });
});

function pick(value: { stage: string; daysLeft: number }) {
  return { stage: value.stage, daysLeft: value.daysLeft };
}
