import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { countCommands, startStore, type StoreFixture } from "../helpers/store.ts";

let f: StoreFixture;
before(async () => {
  f = await startStore();
});
after(async () => {
  await f.stop();
});

describe("users", () => {
  it("a user record reads back whole in exactly one Redis command", async () => {
    const user = { id: 5_000_000_001, role: "district", unit: "karatal", forms: ["public-services", "roadmap-2020"], lang: "kk" } as const;
    await f.store.users.putUser({ ...user, forms: [...user.forms], draft: "public-services:karatal:2016-10", lastSeen: 17 });
    let read: unknown;
    const counts = await countCommands(f.admin, async () => {
      read = await f.store.users.getUser(user.id);
    });
    assert.deepEqual(counts, { hgetall: 1 });
    assert.deepEqual(read, { ...user, forms: [...user.forms], draft: "public-services:karatal:2016-10", lastSeen: 17 });
  });

  it("the language chosen is saved with the user", async () => {
    await f.store.users.putUser({ id: 2, role: "region" });
    await f.store.users.setUserLanguage(2, "ru");
    assert.equal((await f.store.users.getUser(2))?.lang, "ru");
  });

  it("a chat without a user keeps its language apart", async () => {
    assert.equal(await f.store.users.getChatLanguage(-100), null);
    await f.store.users.setChatLanguage(-100, "en");
    assert.equal(await f.store.users.getChatLanguage(-100), "en");
    assert.equal(await f.store.users.getUser(-100), null);
  });

  it("putUser replaces the record: fields left out are gone", async () => {
    await f.store.users.putUser({ id: 3, role: "district", unit: "aksu", lang: "kk", revoked: true });
    await f.store.users.putUser({ id: 3, role: "district", unit: "ile" });
    assert.deepEqual(await f.store.users.getUser(3), { id: 3, role: "district", unit: "ile" });
  });

  it("touch writes lastSeen at most once a minute", async () => {
    await f.store.users.putUser({ id: 4, role: "admin" });
    assert.equal(await f.store.users.touch({ id: 4 }, 1_000_000), true);
    const counts = await countCommands(f.admin, () => f.store.users.touch({ id: 4, lastSeen: 1_000_000 }, 1_030_000));
    assert.deepEqual(counts, {});
    assert.equal(await f.store.users.touch({ id: 4, lastSeen: 1_000_000 }, 1_060_000), true);
    assert.equal((await f.store.users.getUser(4))?.lastSeen, 1_060_000);
  });

  it("the open-draft pointer is set and cleared in the user hash", async () => {
    await f.store.users.setOpenDraft(2, "roadmap-2020:aksu:2016-11");
    assert.equal((await f.store.users.getUser(2))?.draft, "roadmap-2020:aksu:2016-11");
    await f.store.users.setOpenDraft(2, null);
    assert.equal((await f.store.users.getUser(2))?.draft, undefined);
    await assert.rejects(f.store.users.setOpenDraft(2, "not a draft"), TypeError);
  });

  it("a removed user is gone from reads and the list, even if a late touch leaves a stray field", async () => {
    await f.store.users.removeUser(3);
    await f.store.users.touch({ id: 3 }, 99);
    assert.equal(await f.store.users.getUser(3), null);
    assert.deepEqual((await f.store.users.listUsers()).map((u) => u.id), [2, 4, 5_000_000_001]);
  });
});
