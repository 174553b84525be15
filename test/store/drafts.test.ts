import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { countCommands, startStore, type StoreFixture } from "../helpers/store.ts";
import { createStore } from "../../src/store/index.ts";
import { createRedis } from "../../src/store/redis.ts";
import { draftId } from "../../src/store/keys.ts";
import { applyChange } from "../../src/store/drafts.ts";

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
    const draft = await f.store.drafts.startDraft(id, { by: AKIM, base: 0, started: 5, updateId: 10, refs: { egov: "28" }, flags: { "ok:egov": "1" } });
    assert.deepEqual(draft, {
      id,
      complete: true,
      values: {},
      refs: { egov: "28" },
      acks: {},
      notes: {},
      cursor: 0,
      upd: 10,
      by: AKIM,
      base: 0,
      started: 5,
      flags: { "ok:egov": "1" },
    });
    assert.deepEqual(await f.store.drafts.loadDraft(id), draft);
    assert.deepEqual(await f.admin.hmget(f.store.keys.user(AKIM), "draft", "step"), [id, "0"]);
    const ttl = await f.admin.pttl(f.store.keys.draft(id));
    assert.ok(ttl > 59 * 86_400_000 && ttl <= 60 * 86_400_000, `ttl ${ttl}`);
  });

  it("an answer is one HSET, and it persists for a new client connection", async () => {
    const draft = (await f.store.drafts.loadDraft(id))!;
    const counts = await countCommands(f.admin, () =>
      f.store.drafts.applyAnswer(draft, { updateId: 11, values: { ekyzmet: "91337" }, cursor: 1, by: AKIM }),
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
      result = await f.store.drafts.applyAnswer(before, { updateId: 11, values: { ekyzmet: "1" }, cursor: 0 });
      await f.store.drafts.applyAnswer(before, { updateId: 9, values: { egov: "2" }, cursor: 0 });
    });
    assert.deepEqual(counts, {});
    assert.deepEqual(result, { applied: false, draft: before });
    assert.deepEqual(await f.store.drafts.loadDraft(id), before);
  });

  it("the unit's delegate continues the same draft; removed fields and flags read as absent", async () => {
    const draft = (await f.store.drafts.loadDraft(id))!;
    const { draft: next } = await f.store.drafts.applyAnswer(draft, {
      updateId: 12,
      values: { egov: "27845" },
      notes: { "outlier:egov": "portal down 2 days" },
      acks: ["outlier:egov"],
      clear: ["ok:egov"],
      cursor: 2,
      stage: "figures",
      by: DELEGATE,
    });
    const loaded = await f.store.drafts.loadDraft(id);
    assert.deepEqual(loaded, next);
    assert.deepEqual(loaded, {
      id,
      complete: true,
      values: { ekyzmet: "91337", egov: "27845" },
      refs: { egov: "28" },
      acks: { "outlier:egov": true },
      notes: { "outlier:egov": "portal down 2 days" },
      cursor: 2,
      upd: 12,
      by: DELEGATE,
      base: 0,
      started: 5,
      stage: "figures",
      flags: {},
    });
  });

  it("loadDraftAt reads the walk state and the fields of the cursor's question: one HMGET when the guess is right", async () => {
    const fieldsAt = (cursor: number) => ({ values: [["ekyzmet", "egov", "other"][cursor] ?? "none"], flags: ["pending"] });
    let right: unknown;
    const counts = await countCommands(f.admin, async () => {
      right = await f.store.drafts.loadDraftAt(id, 2, fieldsAt);
    });
    assert.deepEqual(counts, { hmget: 1 });
    assert.deepEqual(right, { id, complete: false, values: {}, refs: {}, acks: {}, notes: {}, cursor: 2, upd: 12, by: DELEGATE, base: 0, started: 5, stage: "figures", flags: {} });
    let wrong: Awaited<ReturnType<typeof f.store.drafts.loadDraftAt>> = null;
    const again = await countCommands(f.admin, async () => {
      wrong = await f.store.drafts.loadDraftAt(id, 1, fieldsAt);
    });
    assert.deepEqual(again, { hmget: 2 }, "a wrong guess costs a second HMGET with the real cursor's fields");
    assert.deepEqual(wrong, right);
    const withValue = await f.store.drafts.loadDraftAt(id, 1, (cursor) => ({ values: [["ekyzmet", "egov"][cursor]!] }));
    assert.equal(withValue?.cursor, 2);
    assert.deepEqual(withValue?.values, {}, "the fields of the real cursor, not of the guess");
    const first = await f.store.drafts.loadDraftAt(id, 2, () => ({ values: ["ekyzmet", "egov"], refs: ["egov"] }));
    assert.deepEqual(first?.values, { ekyzmet: "91337", egov: "27845" });
    assert.deepEqual(first?.refs, { egov: "28" });
    assert.equal(await f.store.drafts.loadDraftAt(draftId({ form: "public-services", unit: "karatal", period: "2016-01" }), 0, fieldsAt), null);
  });

  it("an answer that moves the cursor can also write the user's step, in the same round trip", async () => {
    await f.store.users.putUser({ id: AKIM, role: "district", unit: "karatal", draft: id, step: 2 });
    const draft = (await f.store.drafts.loadDraftAt(id, 2, () => ({})))!;
    const counts = await countCommands(f.admin, () =>
      f.store.drafts.applyAnswer(draft, { updateId: 13, cursor: 3, by: AKIM, stepOf: AKIM }),
    );
    assert.deepEqual(counts, { hset: 2 });
    assert.equal(await f.admin.hget(f.store.keys.user(AKIM), "step"), "3");
    assert.equal((await f.store.users.getUser(AKIM))?.step, 3);
  });

  it("reserved fields and the draft's own prefixes cannot be written as flags", async () => {
    const draft = (await f.store.drafts.loadDraft(id))!;
    await assert.rejects(f.store.drafts.applyAnswer(draft, { updateId: 14, flags: { upd: "999" }, cursor: 3 }), TypeError);
    await assert.rejects(f.store.drafts.applyAnswer(draft, { updateId: 14, flags: { cursor: "9" }, cursor: 3 }), TypeError);
    await assert.rejects(f.store.drafts.applyAnswer(draft, { updateId: 14, flags: { "v:egov": "9" }, cursor: 3 }), TypeError);
    await assert.rejects(f.store.drafts.applyAnswer(draft, { updateId: 14, clear: ["ack:outlier:egov"], cursor: 3 }), TypeError);
    assert.equal((await f.store.drafts.loadDraft(id))?.upd, 13);
  });

  it("applyChange gives the draft applyAnswer writes, without Redis; a new value can withdraw an acceptance and its note", async () => {
    const draft = (await f.store.drafts.loadDraft(id))!;
    const change = { values: { egov: "" }, unack: ["outlier:egov"], flags: { pending: "5" }, cursor: 1, stage: "ask" };
    const preview = applyChange(draft, change);
    assert.deepEqual(draft.acks, { "outlier:egov": true }, "the draft given is not changed");
    assert.deepEqual(preview.values, { ekyzmet: "91337" });
    assert.deepEqual(preview.acks, {});
    assert.deepEqual(preview.notes, {});
    assert.deepEqual(preview.flags, { pending: "5" });
    const { draft: written } = await f.store.drafts.applyAnswer(draft, { ...change, updateId: 15 });
    assert.deepEqual(written, { ...preview, upd: 15 });
    assert.deepEqual(await f.store.drafts.loadDraft(id), written);
  });

  it("discarding removes the draft and the user's pointer", async () => {
    await f.store.drafts.discardDraft(id, AKIM);
    assert.equal(await f.store.drafts.loadDraft(id), null);
    assert.deepEqual(await f.admin.hmget(f.store.keys.user(AKIM), "draft", "step"), [null, null]);
  });

  it("a fresh start (no draft there a moment ago) is HSET, PEXPIRE and the user's pointer, without MULTI", async () => {
    const fresh = draftId({ form: "public-services", unit: "karatal", period: "2016-11" });
    let draft: Awaited<ReturnType<typeof f.store.drafts.startDraft>> | undefined;
    const counts = await countCommands(f.admin, async () => {
      draft = await f.store.drafts.startDraft(fresh, { by: AKIM, base: 0, started: 3, updateId: 40, refs: { egov: "5" }, fresh: true });
    });
    assert.deepEqual(counts, { hset: 2, pexpire: 1 });
    assert.deepEqual(await f.store.drafts.loadDraft(fresh), draft);
    assert.deepEqual(await f.admin.hmget(f.store.keys.user(AKIM), "draft", "step"), [fresh, "0"]);
    assert.ok((await f.admin.pttl(f.store.keys.draft(fresh))) > 59 * 86_400_000);
    await f.store.drafts.discardDraft(fresh, AKIM);
  });

  it("starting over replaces an earlier draft of the same unit, form and period", async () => {
    await f.store.drafts.startDraft(id, { by: AKIM, base: 0, started: 1, updateId: 20, values: { egov: "1" }, flags: { "ok:egov": "1" } });
    const fresh = await f.store.drafts.startDraft(id, { by: DELEGATE, base: 3, started: 2, updateId: 30, values: { ekyzmet: "9" } });
    assert.deepEqual(await f.store.drafts.loadDraft(id), fresh);
    assert.deepEqual(fresh.values, { ekyzmet: "9" });
    assert.deepEqual(fresh.flags, {});
  });
});
