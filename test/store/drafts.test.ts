import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { countCommands, startStore, type StoreFixture } from "./fixtures.ts";
import { createStore } from "../../src/store/index.ts";
import { createRedis } from "../../src/store/redis.ts";
import { draftId } from "../../src/store/keys.ts";
import { valueField } from "../../src/store/drafts.ts";

let f: StoreFixture;
before(async () => {
  f = await startStore();
});
after(async () => {
  await f.stop();
});

const AKIM = 101;
const DELEGATE = 102;
const id = draftId({ form: "public-services", unit: "karatal", period: "2016-10" });

describe("drafts", () => {
  it("a started draft points its user at it and expires after 60 days", async () => {
    const draft = await f.store.drafts.startDraft(id, { by: AKIM, base: 0, started: 5, updateId: 10, flags: { "ref:egov": "28" } });
    assert.deepEqual(draft, { id, values: {}, cursor: 0, upd: 10, by: AKIM, base: 0, started: 5, flags: { "ref:egov": "28" } });
    assert.deepEqual(await f.store.drafts.loadDraft(id), draft);
    assert.equal(await f.admin.hget(f.store.keys.user(AKIM), "draft"), id);
    const ttl = await f.admin.pttl(f.store.keys.draft(id));
    assert.ok(ttl > 59 * 86_400_000 && ttl <= 60 * 86_400_000, `ttl ${ttl}`);
  });

  it("an answer is one HSET, and it persists for a new client connection", async () => {
    const draft = (await f.store.drafts.loadDraft(id))!;
    const counts = await countCommands(f.admin, () =>
      f.store.drafts.applyAnswer(draft, { updateId: 11, set: { [valueField("ekyzmet")]: "91337" }, cursor: 1, by: AKIM }),
    );
    assert.deepEqual(counts, { hset: 1 });
    const other = createRedis(f.server.url);
    try {
      const fresh = createStore(other, { prefix: f.server.prefix, regionId: "almaty-region" });
      const loaded = await fresh.drafts.loadDraft(id);
      assert.equal(loaded?.cursor, 1);
      assert.equal(loaded?.upd, 11);
      assert.deepEqual(loaded?.values, { ekyzmet: "91337" });
    } finally {
      await other.quit();
    }
  });

  it("an answer with an update id already applied changes nothing and sends nothing", async () => {
    const before = (await f.store.drafts.loadDraft(id))!;
    let result: unknown;
    const counts = await countCommands(f.admin, async () => {
      result = await f.store.drafts.applyAnswer(before, { updateId: 11, set: { [valueField("ekyzmet")]: "1" }, cursor: 0 });
      await f.store.drafts.applyAnswer(before, { updateId: 9, set: { [valueField("egov")]: "2" }, cursor: 0 });
    });
    assert.deepEqual(counts, {});
    assert.deepEqual(result, { applied: false, draft: before });
    assert.deepEqual(await f.store.drafts.loadDraft(id), before);
  });

  it("the unit's delegate continues the same draft; removed fields and flags read as absent", async () => {
    const draft = (await f.store.drafts.loadDraft(id))!;
    const { draft: next } = await f.store.drafts.applyAnswer(draft, {
      updateId: 12,
      set: { [valueField("egov")]: "27845", "note:egov": "portal down 2 days" },
      del: ["ref:egov"],
      cursor: 2,
      stage: "figures",
      by: DELEGATE,
    });
    const loaded = await f.store.drafts.loadDraft(id);
    assert.deepEqual(loaded, next);
    assert.deepEqual(loaded, {
      id,
      values: { ekyzmet: "91337", egov: "27845" },
      cursor: 2,
      upd: 12,
      by: DELEGATE,
      base: 0,
      started: 5,
      stage: "figures",
      flags: { "note:egov": "portal down 2 days" },
    });
  });

  it("reserved fields cannot be overwritten through set", async () => {
    const draft = (await f.store.drafts.loadDraft(id))!;
    await assert.rejects(f.store.drafts.applyAnswer(draft, { updateId: 13, set: { upd: "999" }, cursor: 3 }), TypeError);
    assert.equal((await f.store.drafts.loadDraft(id))?.upd, 12);
  });

  it("discarding removes the draft and the user's pointer", async () => {
    await f.store.drafts.discardDraft(id, AKIM);
    assert.equal(await f.store.drafts.loadDraft(id), null);
    assert.equal(await f.admin.hget(f.store.keys.user(AKIM), "draft"), null);
  });

  it("starting over replaces an earlier draft of the same unit, form and period", async () => {
    await f.store.drafts.startDraft(id, { by: AKIM, base: 0, started: 1, updateId: 20, values: { egov: "1" }, flags: { "ok:egov": "1" } });
    const fresh = await f.store.drafts.startDraft(id, { by: DELEGATE, base: 3, started: 2, updateId: 30, values: { ekyzmet: "9" } });
    assert.deepEqual(await f.store.drafts.loadDraft(id), fresh);
    assert.deepEqual(fresh.values, { ekyzmet: "9" });
    assert.deepEqual(fresh.flags, {});
  });
});
