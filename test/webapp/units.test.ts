// The Mini App's pure parts: the like-for-like change, the on-time share, init data checks, its settings.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { likeForLike, onTimeOf, comparisonsOf } from "../../src/webapp/compare.ts";
import { authenticate } from "../../src/webapp/initData.ts";
import { signInitData } from "../../src/localapi/index.ts";
import { parseConfig } from "../../src/config.ts";
import type { UnitRow } from "../../src/reports/units.ts";

const row = (unitId: string, value: number | undefined, monthsReported = 1): UnitRow => ({
  unitId,
  values: value === undefined ? {} : { served: value },
  monthsReported,
  missing: monthsReported === 0,
  late: false,
  corrected: false,
  gave: new Set(value === undefined ? [] : ["served"]),
});

describe("like for like", () => {
  it("compares only the units that reported both periods", () => {
    const now = [row("a", 110), row("b", 50), row("c", undefined, 0)];
    const before = [row("a", 100), row("b", undefined, 0), row("c", 80)];
    assert.deepEqual(likeForLike("served", now, 1, before, 1), { percent: 10, units: 1, current: 110, base: 100 });
  });

  it("leaves out a unit that missed a month of a longer period", () => {
    const now = [row("a", 300, 3), row("b", 90, 2)];
    const before = [row("a", 200, 3), row("b", 300, 3)];
    assert.equal(likeForLike("served", now, 3, before, 3)?.units, 1);
  });

  it("gives nothing when no unit is in both or the base is zero", () => {
    assert.equal(likeForLike("served", [row("a", 5)], 1, [row("b", 5)], 1), undefined);
    assert.equal(likeForLike("served", [row("a", 5)], 1, [row("a", 0)], 1), undefined);
  });

  it("compares a month with the month before and a year earlier; the year so far only with a year earlier", () => {
    assert.deepEqual(comparisonsOf({ kind: "month", year: 2016, month: 1 }, ["2016-01"]), [
      { kind: "previous-month", months: ["2015-12"] },
      { kind: "last-year", months: ["2015-01"] },
    ]);
    assert.deepEqual(comparisonsOf({ kind: "ytd", year: 2016, month: 2 }, ["2016-01", "2016-02"]), [{ kind: "last-year", months: ["2015-01", "2015-02"] }]);
  });
});

describe("the on-time share", () => {
  it("counts every report of the months shown against units × months", () => {
    const reports = new Map([
      ["2016-09", new Map([["a", { late: false }], ["b", { late: true }]])],
      ["2016-10", new Map([["a", { late: false }]])],
    ]);
    assert.deepEqual(onTimeOf(reports, 2), { onTime: 2, late: 1, expected: 4 });
  });
});

describe("init data", () => {
  const token = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const user = { id: 42, is_bot: false, first_name: "Айгерим", language_code: "kk" };

  it("accepts what the bot's token signed, and reads the user and the start parameter", () => {
    assert.deepEqual(authenticate(`tma ${signInitData(token, user, { startParam: "public-services__2016Q3" })}`, token, 86_400), {
      ok: true,
      userId: 42,
      languageCode: "kk",
      startParam: "public-services__2016Q3",
    });
  });

  it("refuses another scheme, a missing hash and an added field", () => {
    const signed = signInitData(token, user);
    assert.deepEqual(authenticate(`Bearer ${signed}`, token, 86_400), { ok: false, reason: "missing" });
    assert.deepEqual(authenticate(`tma ${signed.replace(/&hash=\w+/, "")}`, token, 86_400), { ok: false, reason: "forged" });
    assert.deepEqual(authenticate(`tma ${signed}&chat_type=private`, token, 86_400), { ok: false, reason: "forged" });
  });

  it("honours the configured age", () => {
    const hourOld = signInitData(token, user, { authDate: new Date(Date.now() - 3600_000) });
    assert.equal(authenticate(`tma ${hourOld}`, token, 600).ok, false);
    assert.equal(authenticate(`tma ${hourOld}`, token, 7200).ok, true);
  });
});

describe("the Mini App's settings", () => {
  it("wants an https WEBAPP_URL and a day of init data age by default", () => {
    assert.throws(() => parseConfig({ WEBAPP_URL: "http://bot.example.kz/app/" }), /WEBAPP_URL: an https:\/\/ address/);
    const config = parseConfig({ WEBAPP_URL: "https://bot.example.kz/app/", WEBAPP_PORT: "8443" });
    assert.equal(config.WEBAPP_AUTH_MAX_AGE_S, 86_400);
    assert.equal(config.WEBAPP_PORT, 8443);
    assert.throws(() => parseConfig({ WEBAPP_PORT: "9100", HEALTH_PORT: "9100" }), /WEBAPP_PORT/);
  });
});
