// The bot with its identity cache on (polling's default), and the person's record changed by another process (as the
// admin CLI changes it): the change holds from the update after Redis's message, in the middle of a form too.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import type { UserHandle } from "../../src/localapi/index.ts";
import { zonedTimeToUtc } from "../../src/domain/zonedTime.ts";
import { createRedis } from "../../src/store/redis.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";
import type { Redis } from "ioredis";

let redis: TestRedis;
let harness: Harness;
let akim: UserHandle;
let elsewhere: Redis;
/** The store as another process has it: its own connection, no cache. */
let other: Store;

before(async () => {
  redis = await startTestRedis();
  harness = await startHarness({ redisUrl: redis.url });
  harness.clock.set(zonedTimeToUtc({ year: 2016, month: 11, day: 3, hour: 10 }, "Asia/Almaty"));
  elsewhere = createRedis(redis.url);
  other = createStore(elsewhere, { prefix: harness.prefix, regionId: harness.app.deps.region.id });
  await other.users.putUser({ id: 903, role: "district", unit: "aksu", lang: "ru" });
  akim = harness.api.user({ id: 903, first_name: "Akim", language_code: "ru" });
});
after(async () => {
  elsewhere?.disconnect();
  await harness?.close();
  await redis?.stop();
});

/** Resolves when Redis has told the bot's cache that the person's record changed. */
function told(id: number): Promise<void> {
  const cache = harness.app.identityCache!;
  const key = harness.app.store.keys.user(id);
  return new Promise((resolve) => {
    const listener = (names: string[] | null) => {
      if (names === null || names.includes(key)) {
        cache.events.off("invalidated", listener);
        resolve();
      }
    };
    cache.events.on("invalidated", listener);
  });
}

test("a person revoked and restored by another process mid-form: refused, then continues where they were", async () => {
  const cache = harness.app.identityCache;
  assert.ok(cache, "on with polling");
  await cache.ready();
  await akim.send("/report");
  await akim.press("rform|public-services");
  await akim.press("rper|public-services|2016-10");
  await akim.send("1500");
  const hitsBefore = cache.stats.hits;
  await akim.send("700");
  assert.ok(cache.stats.hits > hitsBefore, "the record came from memory");

  const revoked = told(903);
  assert.equal(await other.invites.revokeUser(903), true);
  await revoked;
  const refused = await akim.send("0");
  const texts = refused.replies.map((e) => e.text ?? "");
  assert.ok(texts.some((t) => t.includes("Этот бот служит должностным лицам")), texts.join("\n"));
  const draft = await other.drafts.loadDraft("public-services:aksu:2016-10");
  assert.equal(draft?.values.services_other, undefined, "nothing stored from a revoked person");

  const restored = told(903);
  await other.users.putUser({ id: 903, role: "district", unit: "aksu", lang: "ru" });
  await restored;
  // Revocation dropped the person's pointer; the unit's draft stayed and is picked up with its period.
  await akim.send("/report");
  await akim.press("rform|public-services");
  const resumed = await akim.press("rper|public-services|2016-10");
  assert.ok(resumed.replies.some((e) => e.text?.includes("3 из 6")), "at the third question: the answers before are kept");
  const answered = await akim.send("0");
  assert.ok(answered.replies.length > 0);
  assert.equal((await other.drafts.loadDraft("public-services:aksu:2016-10"))?.values.services_other, "0");
});

test("IDENTITY_CACHE=off and webhook mode read the record every update", async () => {
  const envs: Record<string, string>[] = [
    { IDENTITY_CACHE: "off" },
    { BOT_MODE: "webhook", WEBHOOK_URL: "https://bot.example.kz/tg", WEBHOOK_SECRET: "s".repeat(32) },
  ];
  for (const env of envs) {
    const plain = await startHarness({ redisUrl: redis.url, env });
    try {
      assert.equal(plain.app.identityCache, undefined, JSON.stringify(env));
    } finally {
      await plain.close();
    }
  }
});
