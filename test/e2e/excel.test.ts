// The filled spreadsheet through the real bot and local Bot API: a redelivered document changes nothing (before and
// after the submit), a file over the size limit is refused from Telegram's file_size, another unit's template is
// refused, and nothing is stored as a report before the submit.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import type { UserHandle } from "../../src/localapi/index.ts";
import { zonedTimeToUtc } from "../../src/domain/zonedTime.ts";
import { fillWorkbook } from "../../src/devtools/xlsxFill.ts";
import { FILE_LIMITS } from "../../src/reports/formWorkbook.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";

let redis: TestRedis;
let harness: Harness;
let akim: UserHandle;
let other: UserHandle;

before(async () => {
  redis = await startTestRedis();
  harness = await startHarness({ redisUrl: redis.url });
  harness.clock.set(zonedTimeToUtc({ year: 2016, month: 11, day: 3, hour: 10 }, "Asia/Almaty"));
  await harness.app.deps.people.put({ id: 901, role: "district", unit: "balkhash", lang: "en" });
  await harness.app.deps.people.put({ id: 902, role: "district", unit: "karatal", lang: "en" });
  akim = harness.api.user({ id: 901, first_name: "Smagulov", language_code: "en" });
  other = harness.api.user({ id: 902, first_name: "Abenov", language_code: "en" });
});
after(async () => {
  await harness.close();
  await redis.stop();
});

async function redeliver(update: object): Promise<number> {
  const response = await fetch(harness.webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": harness.secret },
    body: JSON.stringify(update),
  });
  return response.status;
}

async function template(): Promise<Buffer> {
  await akim.send("/report");
  await akim.press("rform|public-services");
  const asked = await akim.press("rxls|public-services|2016-10");
  const file = asked.replies.find((event) => event.kind === "document");
  assert.equal(file?.fileName, "public-services_2016-10_balkhash.xlsx");
  return file!.bytes!;
}

const GOOD = { C7: 1500, C8: 700, C9: null, C10: 1, C11: 0, C12: 0 };

test("a file with problems stores nothing and says which cells", async () => {
  const sent = await akim.sendDocument("report.xlsx", await fillWorkbook(await template(), { ...GOOD, C7: 2_000_000 }));
  assert.ok(sent.replies.some((e) => /C7: more than 1,000,000/.test(e.text ?? "")), JSON.stringify(sent.replies.map((e) => e.text)));
  assert.equal(await harness.app.store.drafts.loadDraft("public-services:balkhash:2016-10"), null);
  assert.equal(await harness.app.store.reports.getReport("public-services", "balkhash", "2016-10"), null);
});

test("a good file delivered twice changes nothing the second time, before and after the submit", async () => {
  const sent = await akim.sendDocument("report.xlsx", await fillWorkbook(await template(), GOOD));
  assert.ok(sent.replies.some((e) => /check the values and submit/i.test(e.text ?? "")), JSON.stringify(sent.replies.map((e) => e.text)));
  const draftBefore = await harness.app.store.drafts.loadDraft("public-services:balkhash:2016-10");
  assert.equal(draftBefore?.values.services_ekyzmet, "1500");
  assert.equal(await harness.app.store.reports.getReport("public-services", "balkhash", "2016-10"), null, "nothing stored before the submit");

  let mark = harness.api.mark();
  assert.equal(await redeliver(sent.update), 200);
  assert.deepEqual(harness.api.eventsSince(mark, 901), []);
  assert.deepEqual(await harness.app.store.drafts.loadDraft("public-services:balkhash:2016-10"), draftBefore);

  const submit = await akim.press("rcard|submit");
  assert.ok(submit.replies.some((e) => /Report accepted/.test(e.text ?? "")));
  mark = harness.api.mark();
  assert.equal(await redeliver(sent.update), 200);
  assert.deepEqual(harness.api.eventsSince(mark, 901), []);
  assert.equal(await harness.app.store.drafts.loadDraft("public-services:balkhash:2016-10"), null);
  const versions = await harness.app.store.reports.getReportVersions("public-services", "balkhash", "2016-10");
  assert.equal(versions.length, 1);
  assert.equal(versions[0]?.values.services_ekyzmet, 1500);
});

test("another unit's template is refused", async () => {
  const sent = await other.sendDocument("report.xlsx", await fillWorkbook(await template(), GOOD));
  assert.ok(sent.replies.some((e) => /not for your unit/.test(e.text ?? "")), JSON.stringify(sent.replies.map((e) => e.text)));
  assert.equal(await harness.app.store.drafts.loadDraft("public-services:karatal:2016-10"), null);
});

test("a file over the size limit is refused from its declared size", async () => {
  const sent = await akim.sendDocument("huge.xlsx", Buffer.alloc(FILE_LIMITS.maxFileBytes + 1));
  assert.ok(sent.replies.some((e) => /too large/.test(e.text ?? "")), JSON.stringify(sent.replies.map((e) => e.text)));
});
