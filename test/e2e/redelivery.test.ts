// Telegram resends an update whose webhook call failed: a form answer or a submission delivered twice changes
// nothing the second time and sends nothing again.
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
  harness = await startHarness({ redisUrl: redis.url });
  harness.clock.set(zonedTimeToUtc({ year: 2016, month: 11, day: 3, hour: 10 }, "Asia/Almaty"));
  await harness.app.deps.people.put({ id: 901, role: "district", unit: "balkhash", lang: "en" });
  akim = harness.api.user({ id: 901, first_name: "Smagulov", language_code: "en" });
});
after(async () => {
  await harness.close();
  await redis.stop();
});

/** Delivers the same update again, as Telegram does after a failed webhook call. */
async function redeliver(update: object): Promise<number> {
  const response = await fetch(harness.webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": harness.secret },
    body: JSON.stringify(update),
  });
  return response.status;
}

const draftId = "public-services:balkhash:2016-10";

test("an answer delivered twice is stored once and the next question is not asked twice", async () => {
  await akim.send("/report");
  await akim.press("rform|public-services");
  await akim.press("rper|public-services|2016-10");
  const answer = await akim.send("1500");
  assert.ok(answer.replies.some((e) => /Question 2 of 6/.test(e.text ?? "")));
  const mark = harness.api.mark();
  assert.equal(await redeliver(answer.update), 200);
  assert.deepEqual(harness.api.eventsSince(mark, 901), []);
  const draft = await harness.app.store.drafts.loadDraft(draftId);
  assert.equal(draft?.cursor, 1);
  assert.equal(draft?.values.services_ekyzmet, "1500");
});

test("a submission delivered twice makes one version and one receipt", async () => {
  for (const value of ["700", "0", "1", "0", "0"]) await akim.send(value);
  const submit = await akim.press("rcard|submit");
  assert.equal(submit.replies.filter((e) => /Report accepted/.test(e.text ?? "")).length, 1);
  const mark = harness.api.mark();
  assert.equal(await redeliver(submit.update), 200);
  assert.equal(harness.api.eventsSince(mark, 901).filter((e) => /Report accepted/.test(e.text ?? "")).length, 0);
  const versions = await harness.app.store.reports.getReportVersions("public-services", "balkhash", "2016-10");
  assert.equal(versions.length, 1);
  const [totals] = await harness.app.store.totals.readTotals(
    { id: "public-services", figures: harness.app.deps.forms.find((f) => f.id === "public-services")!.figures.filter((f) => f.type !== "text" && f.type !== "choice") },
    ["2016-10"],
  );
  assert.equal(totals?.values.services_ekyzmet, 1500);
});
