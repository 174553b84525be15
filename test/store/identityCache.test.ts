// The identity cache against a real Redis: kept until Redis says the record (or the draft) changed, never older than
// a write this process made, never kept from a read that a change overtook, emptied and stopped while a connection
// is down.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import type { Redis } from "ioredis";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";
import { countCommands } from "../helpers/store.ts";
import { createRedis } from "../../src/store/redis.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import { createKeys } from "../../src/store/keys.ts";
import { createIdentityCache, type IdentityCache } from "../../src/store/identityCache.ts";

const REGION = "almaty-region";

let server: TestRedis;
let redis: Redis;
let admin: Redis;
let cache: IdentityCache;
let store: Store;
let userKey: (id: number) => string;
let draftKey: (id: string) => string;

before(async () => {
  server = await startTestRedis();
  redis = createRedis(server.url);
  admin = server.connect();
  const keys = createKeys(server.prefix, REGION);
  userKey = keys.user;
  draftKey = keys.draft;
  cache = createIdentityCache(redis, [keys.userPrefix(), keys.draftPrefix()]);
  store = createStore(redis, { prefix: server.prefix, regionId: REGION, identityCache: cache });
  await cache.ready();
});

after(async () => {
  await cache.close();
  await Promise.all([redis.quit(), admin.quit()]);
  await server.stop();
});

/** Resolves when Redis has told the cache that `key` changed. */
function changed(key: string): Promise<unknown> {
  return new Promise((resolve) => {
    const listener = (names: string[] | null) => {
      if (names === null || names.includes(key)) {
        cache.events.off("invalidated", listener);
        resolve(names);
      }
    };
    cache.events.on("invalidated", listener);
  });
}

describe("identity cache", () => {
  it("reads a record once, then answers from memory with a copy of its own", async () => {
    await store.users.putUser({ id: 301, role: "district", unit: "karatal", lang: "ru" });
    const counts = await countCommands(admin, async () => {
      const first = await store.users.getPerson(301);
      first!.draft = "changed-by-a-caller";
      const second = await store.users.getPerson(301);
      const third = await store.users.getPerson(301);
      assert.equal(second?.draft, undefined);
      assert.deepEqual(second, third);
    });
    assert.deepEqual(counts, { hgetall: 1 });
  });

  it("a change by another client reaches it: the revoked person is read as revoked", async () => {
    await store.users.putUser({ id: 302, role: "district", unit: "aksu" });
    assert.equal((await store.users.getPerson(302))?.revoked, undefined);
    const told = changed(userKey(302));
    await admin.hset(userKey(302), "revoked", "1");
    await told;
    assert.equal((await store.users.getPerson(302))?.revoked, true);
  });

  it("this process reads its own writes at once, without waiting for Redis's message", async () => {
    await store.users.putUser({ id: 303, role: "district", unit: "ile", lang: "ru" });
    await store.users.getPerson(303);
    await store.users.setUserLanguage(303, "kk");
    assert.equal((await store.users.getPerson(303))?.lang, "kk");
    await store.drafts.startDraft("public-services:ile:2016-10", { by: 303, base: 0, started: 1, updateId: 1, fresh: true });
    assert.equal((await store.users.getPerson(303))?.draft, "public-services:ile:2016-10");
    await store.drafts.discardDraft("public-services:ile:2016-10", 303);
    assert.equal((await store.users.getPerson(303))?.draft, undefined);
    assert.equal(await store.invites.revokeUser(303), true);
    assert.equal((await store.users.getPerson(303))?.revoked, true);
  });

  it("writes of a few known fields (activity, language, pointer, dialogue) are taken into the kept record without a read", async () => {
    await store.users.putUser({ id: 308, role: "district", unit: "kerbulak", lang: "ru", lastSeen: 1 });
    await store.users.getPerson(308);
    const id = "public-services:kerbulak:2016-10";
    const counts = await countCommands(admin, async () => {
      assert.equal(await store.users.touch({ id: 308, lastSeen: 1 }, 100_000), true);
      assert.equal((await store.users.getPerson(308))?.lastSeen, 100_000);
      await store.users.setUserLanguage(308, "en");
      await store.users.setConversation(308, "{}");
      await store.drafts.startDraft(id, { by: 308, base: 0, started: 1, updateId: 1, fresh: true });
      const person = await store.users.getPerson(308);
      assert.deepEqual([person?.lang, person?.conversation, person?.draft, person?.step], ["en", "{}", id, 0]);
      await store.users.setOpenDraft(308, null);
      await store.users.setConversation(308, null);
      const after = await store.users.getPerson(308);
      assert.deepEqual([after?.draft, after?.step, after?.conversation], [undefined, undefined, undefined]);
    });
    assert.equal(counts.hgetall, undefined, `no read of the record: ${JSON.stringify(counts)}`);
    // What is kept is what Redis holds.
    assert.deepEqual(await store.users.getUser(308), await store.users.getPerson(308));
  });

  it("an answer's new step is taken into the kept record without a read, and a change by another client still drops it", async () => {
    await store.users.putUser({ id: 306, role: "district", unit: "eskeldi", lang: "ru" });
    const id = "public-services:eskeldi:2016-10";
    const draft = await store.drafts.startDraft(id, { by: 306, base: 0, started: 1, updateId: 1, fresh: true });
    // Not kept (as a long form's draft after a miss, read in part): the step, the next read's guess, is written.
    cache.forget(draftKey(id));
    await store.users.getPerson(306);
    const counts = await countCommands(admin, async () => {
      await store.drafts.applyAnswer(draft, { updateId: 2, values: { ekyzmet: "5" }, cursor: 1, by: 306, stepOf: 306 });
      const person = await store.users.getPerson(306);
      assert.equal(person?.step, 1);
      assert.equal(person?.draft, id);
    });
    assert.deepEqual(counts, { hset: 2 });
    assert.equal(await admin.hget(userKey(306), "step"), "1");
    const told = changed(userKey(306));
    await admin.hset(userKey(306), "step", "4");
    await told;
    assert.equal((await store.users.getPerson(306))?.step, 4);
  });

  it("a read in flight when this process wrote fields is answered but not kept", async () => {
    const key = userKey(307);
    await admin.hset(key, "id", "307", "role", "district", "unit", "sarkand", "step", "0");
    const stale = await cache.get(key, async () => {
      const read = await admin.hgetall(key);
      await redis.hset(key, "step", "2");
      cache.patch(key, { step: "2" });
      return read;
    });
    assert.equal(stale.step, "0");
    assert.equal((await store.users.getPerson(307))?.step, 2);
  });

  it("a read that a change overtook is answered but not kept", async () => {
    const key = userKey(304);
    await admin.hset(key, "id", "304", "role", "district", "unit", "koksu");
    const told = changed(key);
    const stale = await cache.get(key, async () => {
      const read = await admin.hgetall(key);
      await admin.hset(key, "unit", "tekeli");
      await told;
      return read;
    });
    assert.equal(stale.unit, "koksu");
    assert.equal((await store.users.getPerson(304))?.unit, "tekeli");
  });

  it("FLUSHALL empties it", async () => {
    await store.users.putUser({ id: 305, role: "region" });
    await store.users.getPerson(305);
    const told = changed("anything");
    await admin.flushall();
    assert.equal(await told, null);
    assert.equal(await store.users.getPerson(305), null);
  });

  it("a lost invalidation connection stops and empties it until tracking is on again", async () => {
    await store.users.putUser({ id: 306, role: "district", unit: "uygur" });
    await store.users.getPerson(306);
    const list = (await admin.client("LIST")) as string;
    const id = /id=(\d+) [^\n]*name=identity-cache/.exec(list)?.[1];
    assert.ok(id, "the cache's connection is named");
    const off = once(cache.events, "state");
    await admin.client("KILL", "ID", id);
    assert.deepEqual(await off, ["off"]);
    assert.equal(cache.active, false);
    // Meanwhile a change no message tells of: the cache is not used while off, and was emptied.
    await admin.hset(userKey(306), "unit", "panfilov");
    assert.equal((await store.users.getPerson(306))?.unit, "panfilov");
    await cache.ready();
    assert.equal(cache.active, true);
    await store.users.getPerson(306);
    const counts = await countCommands(admin, () => store.users.getPerson(306));
    assert.deepEqual(counts, {});
  });

  it("an entry lives no longer than its time, whatever Redis says", async () => {
    let clock = 1_000;
    const keys = createKeys(server.prefix, REGION);
    // Its own connection: tracking is a connection's, and closing this cache turns it off there.
    const connection = createRedis(server.url);
    const short = createIdentityCache(connection, keys.userPrefix(), { ttlMs: 50, now: () => clock });
    await short.ready();
    try {
      let reads = 0;
      const read = async () => ++reads;
      await short.get("k", read);
      await short.get("k", read);
      assert.equal(reads, 1);
      assert.equal(short.update<number>("k", (n) => n + 10), true, "a kept value takes a change");
      assert.equal(await short.get("k", read), 11);
      clock += 50;
      assert.equal(short.update<number>("k", (n) => n + 10), false, "too old: not changed but dropped");
      await short.get("k", read);
      assert.equal(reads, 2);
    } finally {
      await short.close();
      await connection.quit();
    }
  });
});

describe("drafts in the identity cache", () => {
  const AKIM = 401;
  const DELEGATE = 402;
  const id = "public-services:karatal:2016-10";

  it("an answer reads nothing: the draft started or read once is kept, and each answer's write updates it", async () => {
    const started = await store.drafts.startDraft(id, { by: AKIM, base: 0, started: 5, updateId: 10, refs: { egov: "28" } });
    let draft = started;
    const counts = await countCommands(admin, async () => {
      for (const [i, value] of ["1500", "700", "0"].entries()) {
        const loaded = await store.drafts.loadDraft(id);
        assert.equal(loaded?.cursor, i);
        ({ draft } = await store.drafts.applyAnswer(loaded!, { updateId: 11 + i, values: { [`f${i}`]: value }, cursor: i + 1, by: AKIM }));
      }
    });
    assert.deepEqual(counts, { hset: 3 }, "three answers: three writes and no read");
    const inRedis = await store.drafts.loadDraft(id);
    assert.deepEqual(inRedis, draft);
    // What Redis holds, read past the cache, is what the cache answers.
    const fields = await admin.hgetall(draftKey(id));
    assert.deepEqual({ f0: fields["v:f0"], f1: fields["v:f1"], f2: fields["v:f2"], cursor: fields.cursor, upd: fields.upd }, { f0: "1500", f1: "700", f2: "0", cursor: "3", upd: "13" });
    assert.deepEqual(await store.drafts.loadDraftAt(id, 0, () => ({ values: ["f0"] })), draft, "a question's read takes the whole kept draft");
  });

  it("while the whole draft is kept, the person's step (a partial read's guess) is not written", async () => {
    const other = "employment-roadmap:karatal:2016-10";
    const started = await store.drafts.startDraft(other, { by: DELEGATE, base: 0, started: 5, updateId: 40 });
    const counts = await countCommands(admin, () => store.drafts.applyAnswer(started, { updateId: 41, values: { f0: "1" }, cursor: 1, stepOf: DELEGATE }));
    assert.deepEqual(counts, { hset: 1 });
    cache.forget(draftKey(other));
    const partial = await store.drafts.loadDraftAt(other, 0, () => ({ values: ["f1"] }));
    assert.equal(partial?.complete, false);
    assert.equal(partial?.cursor, 1, "the old guess cost a second HMGET, nothing worse");
    const again = await countCommands(admin, () => store.drafts.applyAnswer(partial!, { updateId: 42, values: { f1: "2" }, cursor: 2, stepOf: DELEGATE }));
    assert.deepEqual(again, { hset: 2 }, "not kept: the step is written again");
    assert.equal(await admin.hget(userKey(DELEGATE), "step"), "2");
    await store.drafts.discardDraft(other, DELEGATE);
  });

  it("a change by another client (another process of the unit's delegate) is read at the next answer", async () => {
    const draft = await store.drafts.loadDraft(id);
    assert.ok(draft);
    const invalidated = changed(draftKey(id));
    await admin.hset(draftKey(id), { "v:f0": "1600", cursor: "1", upd: "20", by: String(DELEGATE) });
    await invalidated;
    const counts = await countCommands(admin, async () => {
      const again = await store.drafts.loadDraft(id);
      assert.equal(again?.values.f0, "1600");
      assert.equal(again?.cursor, 1);
      assert.equal(again?.by, DELEGATE);
    });
    assert.deepEqual(counts, { hgetall: 1 });
  });

  it("a read in flight when this process wrote the draft is answered but not kept; a discarded draft is gone at once", async () => {
    const draft = (await store.drafts.loadDraft(id))!;
    cache.forget(draftKey(id));
    const inFlight = store.drafts.loadDraft(id);
    const { draft: written } = await store.drafts.applyAnswer(draft, { updateId: 21, values: { f1: "9" }, cursor: 2 });
    await inFlight;
    assert.deepEqual(await store.drafts.loadDraft(id), written, "the next read is Redis's, after the write");
    await store.drafts.discardDraft(id, AKIM);
    assert.equal(await store.drafts.loadDraft(id), null);
    assert.equal(await store.drafts.loadDraftAt(id, 0, () => ({})), null);
  });

  it("a draft that expires in Redis is dropped when Redis says so", async () => {
    const other = "public-services:talgar:2016-10";
    await store.drafts.startDraft(other, { by: AKIM, base: 0, started: 7, updateId: 50 });
    assert.deepEqual(await countCommands(admin, () => store.drafts.loadDraft(other)), {}, "kept");
    const expiring = changed(draftKey(other));
    await admin.pexpire(draftKey(other), 200);
    await expiring; // the PEXPIRE itself is a change; the expiry comes later
    const gone = changed(draftKey(other));
    // Read and kept again while it lives (on a machine too slow for that it is already gone, and nothing is kept).
    if ((await store.drafts.loadDraft(other)) !== null) await gone;
    assert.equal(await store.drafts.loadDraft(other), null);
  });

  it("a failed write forgets the draft it had already updated", async () => {
    const started = await store.drafts.startDraft(id, { by: AKIM, base: 0, started: 6, updateId: 30 });
    assert.deepEqual(await countCommands(admin, () => store.drafts.loadDraft(id)), {}, "kept from its start");
    // Written past the store through the cache's own connection: no message (NOLOOP), so the draft stays kept; the
    // answer's HSET then fails with WRONGTYPE.
    await redis.set(draftKey(id), "not a hash");
    assert.deepEqual(await store.drafts.loadDraft(id), started);
    await assert.rejects(store.drafts.applyAnswer(started, { updateId: 31, values: { f0: "1" }, cursor: 1 }), /WRONGTYPE/);
    await assert.rejects(store.drafts.loadDraft(id), /WRONGTYPE/, "forgotten: the next read is Redis's");
    await admin.del(draftKey(id));
  });
});
