// A submission that no replica confirmed in time (REDIS_WAIT_REPLICAS on a Redis without replicas): the akim is told
// in their language that nothing can be saved now, no receipt is sent, the draft stays, and the retry later is safe.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import type { UserHandle } from "../../src/localapi/index.ts";
import { zonedTimeToUtc } from "../../src/domain/zonedTime.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";

let redis: TestRedis;
let harness: Harness;
let akim: UserHandle;

before(async () => {
  redis = await startTestRedis();
  harness = await startHarness({ redisUrl: redis.url, env: { REDIS_WAIT_REPLICAS: "1", REDIS_WAIT_TIMEOUT_MS: "50" } });
  harness.clock.set(zonedTimeToUtc({ year: 2016, month: 11, day: 3, hour: 10 }, "Asia/Almaty"));
  await harness.app.deps.people.put({ id: 902, role: "district", unit: "aksu", lang: "ru" });
  akim = harness.api.user({ id: 902, first_name: "Akim", language_code: "en" });
});
after(async () => {
  await harness?.close();
  await redis?.stop();
});

test("an unconfirmed submission is not acknowledged: the akim is told in their language, the draft stays", async () => {
  await akim.send("/report");
  await akim.press("rform|public-services");
  await akim.press("rper|public-services|2016-10");
  for (const value of ["1500", "700", "0", "1", "0", "0"]) await akim.send(value);
  const submit = await akim.press("rcard|submit");
  const texts = submit.replies.map((e) => e.text ?? "");
  assert.ok(texts.some((t) => /Сейчас ничего не получается сохранить/.test(t)), texts.join("\n"));
  assert.ok(!texts.some((t) => /Отчёт принят|Report accepted/.test(t)), "no receipt");
  const draft = await harness.app.store.drafts.loadDraft("public-services:aksu:2016-10");
  assert.equal(draft?.values.services_ekyzmet, "1500", "the draft keeps the answers");
  assert.ok(harness.logLines.some((line) => line.event === "storage-unavailable"), "logged as storage unavailable");
});
