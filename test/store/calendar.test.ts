// The calendar's Redis state: reopening requests decided once, grants that end, mutes, claims taken by one caller.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Redis } from "ioredis";
import { createStore, type Store } from "../../src/store/index.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";

const T0 = Date.UTC(2016, 9, 2, 4); // 2 October 2016, 10:00 in Almaty
const HOUR = 3_600_000;

describe("the calendar store", () => {
  let server: TestRedis;
  let redis: Redis;
  let prefixCount = 0;
  const fresh = (): Store => createStore(redis, { prefix: `${server.prefix}${prefixCount++}:`, regionId: "almaty-region" });

  before(async () => {
    server = await startTestRedis();
    redis = server.connect();
  });
  after(async () => {
    redis.disconnect();
    await server.stop();
  });

  const request = { form: "public-services", unit: "talgar", period: "2016-08", by: 11, at: T0, reason: "a typo in seminars", updateId: 501 };

  test("a reopening request waits for a decision; a second one is refused while it waits; a resent update creates nothing", async () => {
    const { calendar } = fresh();
    assert.deepEqual(await calendar.requestReopen(request), { status: "created", n: 1 });
    assert.deepEqual(await calendar.requestReopen(request), { status: "duplicate", n: 1 });
    const second = await calendar.requestReopen({ ...request, updateId: 502, reason: "again" });
    assert.equal(second.status, "pending");
    const stored = await calendar.getRequest("public-services", "talgar", "2016-08");
    assert.equal(stored?.reason, "a typo in seminars");
    assert.equal(stored?.status, "pending");
  });

  test("approval reopens the unit's form × period until the grant ends, and is decided once", async () => {
    const { calendar } = fresh();
    await calendar.requestReopen(request);
    const decision = { form: "public-services", unit: "talgar", period: "2016-08", n: 1, by: 22, at: T0 + HOUR, until: T0 + 49 * HOUR };
    const first = await calendar.decideReopen({ ...decision, decision: "approved" });
    assert.equal(first.status, "decided");
    assert.equal(first.request?.status, "approved");
    const again = await calendar.decideReopen({ ...decision, decision: "rejected", by: 33 });
    assert.equal(again.status, "stale");
    assert.equal(again.request?.decidedBy, 22);

    assert.equal(await calendar.isReopened("public-services", "talgar", "2016-08", new Date(T0 + 48 * HOUR)), true);
    assert.equal(await calendar.isReopened("public-services", "talgar", "2016-08", new Date(T0 + 49 * HOUR)), false);
    assert.equal(await calendar.isReopened("public-services", "uygur", "2016-08", new Date(T0 + 2 * HOUR)), false);
    assert.equal(await calendar.isReopened("employment-roadmap", "talgar", "2016-08", new Date(T0 + 2 * HOUR)), false);
    assert.deepEqual(await calendar.reopenedPeriods("public-services", "talgar", new Date(T0 + 2 * HOUR)), [{ period: "2016-08", until: T0 + 49 * HOUR }]);
    const outcome = await calendar.requestReopen({ ...request, at: T0 + 2 * HOUR, updateId: 503 });
    assert.deepEqual(outcome, { status: "open", until: T0 + 49 * HOUR });
    assert.deepEqual(await calendar.reopenedPeriods("public-services", "talgar", new Date(T0 + 50 * HOUR)), []);
  });

  test("rejection grants nothing; a new request after it gets the next number and old buttons are stale", async () => {
    const { calendar } = fresh();
    await calendar.requestReopen(request);
    const rejected = await calendar.decideReopen({ form: "public-services", unit: "talgar", period: "2016-08", n: 1, decision: "rejected", by: 22, at: T0 + HOUR, until: 0 });
    assert.equal(rejected.request?.status, "rejected");
    assert.equal(await calendar.isReopened("public-services", "talgar", "2016-08", new Date(T0 + 2 * HOUR)), false);
    assert.deepEqual(await calendar.requestReopen({ ...request, updateId: 504 }), { status: "created", n: 2 });
    const old = await calendar.decideReopen({ form: "public-services", unit: "talgar", period: "2016-08", n: 1, decision: "approved", by: 22, at: T0 + 2 * HOUR, until: T0 + 3 * HOUR });
    assert.equal(old.status, "stale");
    assert.equal(await calendar.isReopened("public-services", "talgar", "2016-08", new Date(T0 + 2 * HOUR)), false);
  });

  test("every step of a reopening is recorded for the report, in order", async () => {
    const { calendar } = fresh();
    await calendar.requestReopen(request);
    await calendar.decideReopen({ form: "public-services", unit: "talgar", period: "2016-08", n: 1, decision: "approved", by: 22, at: T0 + HOUR, until: T0 + 3 * HOUR });
    const steps = await calendar.steps("public-services", "talgar", "2016-08");
    assert.deepEqual(
      steps.map((s) => [s.kind, s.by, s.at, s.reason ?? null, s.until ?? null]),
      [
        ["reopen-request", 11, T0, "a typo in seminars", null],
        ["reopen-approved", 22, T0 + HOUR, null, T0 + 3 * HOUR],
      ],
    );
    const log = await calendar.recentLog(10);
    assert.deepEqual(log.map((e) => e.fields.kind), ["reopen-approved", "reopen-request"]);
  });

  test("muting keeps the reason for the leadership; unmuting removes it; both are steps", async () => {
    const { calendar } = fresh();
    await calendar.mute("employment-roadmap", "2016-10", { unit: "tekeli", by: 7, at: T0, reason: "no programme activity" });
    assert.deepEqual([...(await calendar.mutes("employment-roadmap", "2016-10")).values()], [{ unit: "tekeli", by: 7, at: T0, reason: "no programme activity" }]);
    assert.equal(await calendar.unmute("employment-roadmap", "2016-10", "tekeli", 7, T0 + HOUR), true);
    assert.equal(await calendar.unmute("employment-roadmap", "2016-10", "tekeli", 7, T0 + HOUR), false);
    assert.equal((await calendar.mutes("employment-roadmap", "2016-10")).size, 0);
    assert.deepEqual((await calendar.steps("employment-roadmap", "tekeli", "2016-10")).map((s) => s.kind), ["mute", "unmute"]);
  });

  test("of many callers claiming the same moments at once, each moment goes to exactly one", async () => {
    const { calendar } = fresh();
    const ids = ["reminder:public-services:2016-10:d-3t1000", "reminder:public-services:2016-10:d0t1000", "digest:public-services:2016-10:d1t0900"];
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => calendar.claimMoments(ids, `owner${i}`, 60_000)));
    assert.deepEqual(results.flat().sort(), [...ids].sort());
    await calendar.completeMoments(ids, { at: T0 });
    assert.deepEqual(await calendar.claimMoments(ids, "late-comer", 60_000), []);
  });

  test("a claim whose owner crashed before completing it can be taken again once its lease ends", async () => {
    const { calendar, keys } = fresh();
    const id = "reminder:public-services:2016-10:d0t1000";
    assert.deepEqual(await calendar.claimMoments([id], "crashed", 30), [id]);
    assert.equal(await calendar.momentState(id), "lease");
    assert.deepEqual(await calendar.claimMoments([id], "other", 60_000), []);
    await waitForKeyToExpire(redis, keys.calendar.fired(id));
    assert.deepEqual(await calendar.claimMoments([id], "other", 60_000), [id]);
  });

  test("a reason waited for is recognised once taken, so a resent update is ignored", async () => {
    const { calendar } = fresh();
    assert.deepEqual(await calendar.reasonState(5), { state: "none" });
    await calendar.awaitReason(5, { kind: "mute", form: "public-services", period: "2016-10" });
    assert.deepEqual(await calendar.reasonState(5), { state: "pending", pending: { kind: "mute", form: "public-services", period: "2016-10" } });
    await calendar.reasonTaken(5, 900);
    assert.deepEqual(await calendar.reasonState(5), { state: "done", updateId: 900 });
  });
});

/** Redis expires the lease by its own clock: wait for the key to go (PTTL tells how long, a few ms here). */
async function waitForKeyToExpire(redis: Redis, key: string): Promise<void> {
  for (let i = 0; i < 100 && (await redis.exists(key)) === 1; i++) {
    const ttl = await redis.pttl(key);
    await new Promise((resolve) => setTimeout(resolve, Math.max(ttl, 1)));
  }
}
