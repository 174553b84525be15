import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FormDefinition } from "../../src/domain/forms.ts";
import {
  deadlineOf,
  duePeriod,
  formatDate,
  localDateParts,
  monthName,
  monthsInRange,
  monthsOfPeriod,
  openPeriods,
  parsePeriodId,
  previousMonth,
  previousPeriod,
  sameMonthLastYear,
  yearToDate,
  zonedTimeToUtc,
} from "../../src/domain/periods.ts";

const ALMATY = "Asia/Almaty";
type Schedule = Pick<FormDefinition, "periodType" | "deadline">;
const monthly: Schedule = { periodType: "monthly", deadline: { day: 5, time: "18:00", lateAfterDays: 0, lockAfterDays: 25 } };
const iso = (date: Date): string => date.toISOString();

describe("the period due now", () => {
  it("is last month on 3 November 2016", () => {
    assert.equal(duePeriod(monthly, new Date("2016-11-03T06:00:00Z"), ALMATY), "2016-10");
  });

  it("follows the Almaty date, not the UTC date, just after local midnight", () => {
    // 2016-10-31 18:30 UTC is already 1 November 00:30 in Almaty (UTC+6).
    assert.equal(duePeriod(monthly, new Date("2016-10-31T18:30:00Z"), ALMATY), "2016-10");
    assert.equal(duePeriod(monthly, new Date("2016-10-31T18:30:00Z"), "UTC"), "2016-09");
  });

  it("is December of last year in January", () => {
    assert.equal(duePeriod(monthly, new Date("2017-01-02T06:00:00Z"), ALMATY), "2016-12");
  });

  it("is the last quarter or year for quarterly and yearly forms", () => {
    const now = new Date("2017-02-10T06:00:00Z");
    assert.equal(duePeriod({ ...monthly, periodType: "quarterly" }, now, ALMATY), "2016Q4");
    assert.equal(duePeriod({ ...monthly, periodType: "quarterly" }, new Date("2017-08-10T06:00:00Z"), ALMATY), "2017Q2");
    assert.equal(duePeriod({ ...monthly, periodType: "yearly" }, now, ALMATY), "2016");
  });
});

describe("deadlines in Asia/Almaty", () => {
  it("fall at 18:00 UTC+6 in 2016", () => {
    const { dueAt, lateAt, lockAt } = deadlineOf(monthly, "2016-10", ALMATY);
    assert.deepEqual([iso(dueAt), iso(lateAt), iso(lockAt)], [
      "2016-11-05T12:00:00.000Z",
      "2016-11-05T12:00:00.000Z",
      "2016-11-30T12:00:00.000Z",
    ]);
  });

  it("fall at 18:00 UTC+5 in 2025, after Kazakhstan moved to one time zone", () => {
    assert.equal(iso(deadlineOf(monthly, "2025-10", ALMATY).dueAt), "2025-11-05T13:00:00.000Z");
  });

  it("follow the change of 1 March 2024 between two periods", () => {
    assert.equal(iso(deadlineOf(monthly, "2024-01", ALMATY).dueAt), "2024-02-05T12:00:00.000Z");
    assert.equal(iso(deadlineOf(monthly, "2024-02", ALMATY).dueAt), "2024-03-05T13:00:00.000Z");
  });

  it("count late and lock days in local calendar days, across the change", () => {
    const schedule: Schedule = { ...monthly, deadline: { day: 25, time: "09:30", lateAfterDays: 3, lockAfterDays: 10 } };
    const { dueAt, lateAt, lockAt } = deadlineOf(schedule, "2024-01", ALMATY);
    assert.deepEqual([iso(dueAt), iso(lateAt), iso(lockAt)], [
      "2024-02-25T03:30:00.000Z",
      "2024-02-28T03:30:00.000Z",
      "2024-03-06T04:30:00.000Z",
    ]);
  });

  it("fall in January of the next year for December, a fourth quarter and a year", () => {
    assert.equal(iso(deadlineOf(monthly, "2016-12", ALMATY).dueAt), "2017-01-05T12:00:00.000Z");
    assert.equal(iso(deadlineOf({ ...monthly, periodType: "quarterly" }, "2016Q4", ALMATY).dueAt), "2017-01-05T12:00:00.000Z");
    assert.equal(iso(deadlineOf({ ...monthly, periodType: "quarterly" }, "2016Q3", ALMATY).dueAt), "2016-10-05T12:00:00.000Z");
    assert.equal(iso(deadlineOf({ ...monthly, periodType: "yearly" }, "2016", ALMATY).dueAt), "2017-01-05T12:00:00.000Z");
  });

  it("refuse a period of another type than the form's", () => {
    assert.throws(() => deadlineOf(monthly, "2016Q4", ALMATY), /not a month/);
  });
});

describe("open periods", () => {
  it("are only the due month when the month before has locked", () => {
    assert.deepEqual(openPeriods(monthly, new Date("2016-11-03T06:00:00Z"), ALMATY), ["2016-10"]);
  });

  it("include earlier months that have not locked yet, due one first", () => {
    const lenient: Schedule = { ...monthly, deadline: { ...monthly.deadline, lockAfterDays: 40 } };
    assert.deepEqual(openPeriods(lenient, new Date("2016-11-03T06:00:00Z"), ALMATY), ["2016-10", "2016-09"]);
  });

  it("stop at lockedBefore", () => {
    const lenient: Schedule = { ...monthly, deadline: { ...monthly.deadline, lockAfterDays: 300 } };
    assert.deepEqual(openPeriods(lenient, new Date("2016-11-03T06:00:00Z"), ALMATY, "2016-08"), ["2016-10", "2016-09", "2016-08"]);
  });

  it("are none once the due month itself has locked", () => {
    const strict: Schedule = { ...monthly, deadline: { ...monthly.deadline, lockAfterDays: 2 } };
    assert.deepEqual(openPeriods(strict, new Date("2016-11-20T06:00:00Z"), ALMATY), []);
  });

  it("lock at the exact instant, not a minute later", () => {
    assert.deepEqual(openPeriods(monthly, new Date("2016-11-30T11:59:00Z"), ALMATY), ["2016-10"]);
    assert.deepEqual(openPeriods(monthly, new Date("2016-11-30T12:00:00Z"), ALMATY), []);
  });
});

describe("period ids and ranges", () => {
  it("give the months of a quarter, a year to date, a year and a month", () => {
    assert.deepEqual(monthsInRange({ kind: "quarter", year: 2016, quarter: 4 }), ["2016-10", "2016-11", "2016-12"]);
    assert.deepEqual(monthsInRange({ kind: "ytd", year: 2016, month: 10 }), [
      "2016-01", "2016-02", "2016-03", "2016-04", "2016-05", "2016-06", "2016-07", "2016-08", "2016-09", "2016-10",
    ]);
    assert.equal(monthsInRange({ kind: "year", year: 2016 }).length, 12);
    assert.deepEqual(monthsInRange({ kind: "month", year: 2016, month: 3 }), ["2016-03"]);
    assert.deepEqual(monthsOfPeriod("2016Q1"), ["2016-01", "2016-02", "2016-03"]);
  });

  it("step back a month, a year, a quarter", () => {
    assert.equal(previousMonth("2016-01"), "2015-12");
    assert.equal(previousMonth("2016-10"), "2016-09");
    assert.equal(sameMonthLastYear("2016-10"), "2015-10");
    assert.equal(previousPeriod("2016Q1"), "2015Q4");
    assert.equal(previousPeriod("2016Q3"), "2016Q2");
    assert.equal(previousPeriod("2016"), "2015");
  });

  it("build the year to date of a month", () => {
    assert.deepEqual(yearToDate("2016-10"), { kind: "ytd", year: 2016, month: 10 });
  });

  it("parse the three kinds of id and refuse anything else", () => {
    assert.deepEqual(parsePeriodId("2016-10"), { kind: "month", year: 2016, month: 10 });
    assert.deepEqual(parsePeriodId("2016Q4"), { kind: "quarter", year: 2016, quarter: 4 });
    assert.deepEqual(parsePeriodId("2016"), { kind: "year", year: 2016 });
    for (const bad of ["2016-13", "2016-1", "2016Q5", "201610", "16-10", ""]) {
      assert.throws(() => parsePeriodId(bad), RangeError, bad);
    }
    assert.throws(() => previousMonth("2016Q4"), /not a month/);
  });
});

describe("local time", () => {
  it("reads the wall clock in Almaty in 2016 and in 2025", () => {
    assert.deepEqual(localDateParts(new Date("2016-10-31T18:30:00Z"), ALMATY), {
      year: 2016, month: 11, day: 1, hour: 0, minute: 30, second: 0,
    });
    assert.deepEqual(localDateParts(new Date("2025-10-31T18:30:00Z"), ALMATY), {
      year: 2025, month: 10, day: 31, hour: 23, minute: 30, second: 0,
    });
  });

  it("turns a wall-clock time into an instant across a daylight-saving change", () => {
    assert.equal(iso(zonedTimeToUtc({ year: 2024, month: 3, day: 31, hour: 3, minute: 30 }, "Europe/Berlin")), "2024-03-31T01:30:00.000Z");
    assert.equal(iso(zonedTimeToUtc({ year: 2024, month: 3, day: 30, hour: 3, minute: 30 }, "Europe/Berlin")), "2024-03-30T02:30:00.000Z");
  });
});

describe("period names", () => {
  it("name months in three languages, lower case inside Kazakh and Russian phrases", () => {
    assert.deepEqual([monthName(10, "kk"), monthName(10, "ru"), monthName(10, "en")], ["қазан", "октябрь", "October"]);
    assert.deepEqual(
      Array.from({ length: 12 }, (_, i) => monthName(i + 1, "kk")),
      ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан"],
    );
  });

  it("writes dates as officials do, in the region's time zone", () => {
    const lastEvening = new Date("2016-12-31T12:05:00Z");
    assert.equal(formatDate(lastEvening, "kk", ALMATY), "2016 жылғы 31 желтоқсан");
    assert.equal(formatDate(lastEvening, "ru", ALMATY), "31 декабря 2016 г.");
    assert.equal(formatDate(lastEvening, "en", ALMATY, { time: true }), "31 December 2016, 18:05");
    assert.equal(formatDate(new Date("2016-12-31T18:30:00Z"), "en", ALMATY), "1 January 2017");
  });
});
