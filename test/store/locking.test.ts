// Locking: after lockAfterDays a district cannot change a month, unless the leadership reopened it for that unit.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Redis } from "ioredis";
import { createStore } from "../../src/store/index.ts";
import { isPeriodOpenFor, isReopened, periodsOpenFor } from "../../src/store/locking.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";
import { local, TZ } from "../helpers/calendar.ts";

const form = { id: "public-services", periodType: "monthly" as const, deadline: { day: 5, time: "18:00", lateAfterDays: 0, lockAfterDays: 25 } };

describe("locking and reopening", () => {
  let server: TestRedis;
  let redis: Redis;
  before(async () => {
    server = await startTestRedis();
    redis = server.connect();
  });
  after(async () => {
    redis.disconnect();
    await server.stop();
  });

  test("a month locks at lockAfterDays after its deadline, Almaty time", async () => {
    const store = createStore(redis, { prefix: `${server.prefix}a:`, regionId: "almaty-region" });
    const deps = { store, timeZone: TZ };
    assert.equal(await isPeriodOpenFor(deps, form, "talgar", "2016-08", local(2016, 9, 30, 17, 59)), true);
    assert.equal(await isPeriodOpenFor(deps, form, "talgar", "2016-08", local(2016, 9, 30, 18, 0)), false);
    assert.deepEqual(await periodsOpenFor(deps, form, "talgar", local(2016, 10, 2, 10)), ["2016-09"]);
  });

  test("an approved reopening opens that unit's month until the grant ends, and no other unit's", async () => {
    const store = createStore(redis, { prefix: `${server.prefix}b:`, regionId: "almaty-region" });
    const deps = { store, timeZone: TZ };
    const asked = local(2016, 10, 2, 10).getTime();
    const until = asked + 48 * 3_600_000;
    await store.calendar.requestReopen({ form: form.id, unit: "talgar", period: "2016-08", by: 1, at: asked, reason: "typo", updateId: 1 });
    const now = local(2016, 10, 2, 11);
    assert.equal(await isReopened(store, form.id, "talgar", "2016-08", now), false, "a request alone opens nothing");
    await store.calendar.decideReopen({ form: form.id, unit: "talgar", period: "2016-08", n: 1, decision: "approved", by: 2, at: asked, until });
    assert.equal(await isReopened(store, form.id, "talgar", "2016-08", now), true);
    assert.equal(await isPeriodOpenFor(deps, form, "talgar", "2016-08", now), true);
    assert.equal(await isPeriodOpenFor(deps, form, "uygur", "2016-08", now), false);
    assert.equal(await isPeriodOpenFor(deps, form, "talgar", "2016-07", now), false);
    assert.deepEqual(await periodsOpenFor(deps, form, "talgar", now), ["2016-09", "2016-08"]);
    assert.equal(await isPeriodOpenFor(deps, form, "talgar", "2016-08", new Date(until)), false);
    assert.deepEqual(await periodsOpenFor(deps, form, "talgar", new Date(until)), ["2016-09"]);
  });
});
