// The bot's side of the Bot API: the webhook endpoint's refusals, Telegram's limits, retries after 429.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import { TELEGRAM_TEXT_LIMIT } from "../../src/bot/api.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";

describe("the bot against the local Bot API", () => {
  let redis: TestRedis;
  let harness: Harness;
  before(async () => {
    redis = await startTestRedis();
    harness = await startHarness({ redisUrl: redis.url });
    await harness.app.deps.people.put({ id: 801, role: "district", unit: "karatal", lang: "ru" });
    harness.api.user({ id: 801, first_name: "Akim", language_code: "ru" });
  });
  after(async () => {
    await harness.close();
    await redis.stop();
  });

  const post = (body: string, headers: Record<string, string>) =>
    fetch(harness.webhookUrl, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const update = JSON.stringify({
    update_id: 77,
    message: { message_id: 1, date: 0, chat: { id: 801, type: "private" }, from: { id: 801, is_bot: false, first_name: "A" }, text: "/start" },
  });

  test("the webhook refuses a wrong or missing secret with 401 and handles nothing", async () => {
    const before = harness.api.stats().byMethod.sendMessage ?? 0;
    assert.equal((await post(update, { "x-telegram-bot-api-secret-token": "wrong" })).status, 401);
    assert.equal((await post(update, {})).status, 401);
    assert.equal(harness.api.stats().byMethod.sendMessage ?? 0, before);
  });

  test("the webhook answers malformed, non-JSON and oversized bodies with 4xx", async () => {
    const secret = { "x-telegram-bot-api-secret-token": harness.secret };
    assert.equal((await post("{not json", secret)).status, 400);
    assert.equal((await post(JSON.stringify({ hello: 1 }), secret)).status, 400);
    assert.equal((await post("x".repeat(2 << 20), secret)).status, 413);
    const text = await fetch(harness.webhookUrl, { method: "POST", headers: { ...secret, "content-type": "text/plain" }, body: update });
    assert.equal(text.status, 415);
  });

  test("a text over Telegram's limit is sent as several messages, none over 4096 characters", async () => {
    const lines = Array.from({ length: 400 }, (_, i) => `Строка ${i}: ${"данные ".repeat(4)}`).join("\n");
    assert.ok(lines.length > 2 * TELEGRAM_TEXT_LIMIT);
    const mark = harness.api.mark();
    await harness.app.bot.api.sendMessage(801, lines);
    const sent = harness.api.eventsSince(mark, 801).filter((e) => e.kind === "message");
    assert.ok(sent.length >= 3);
    assert.ok(sent.every((e) => (e.text ?? "").length <= TELEGRAM_TEXT_LIMIT));
    const squeeze = (text: string) => text.replace(/\s+/g, "");
    assert.ok(squeeze(sent.map((e) => e.text).join("")) === squeeze(lines), "the pieces together are the whole text");
  });

  test("a 429 with retry_after outside a conversation is retried: the answer arrives once", async () => {
    const user = harness.api.user({ id: 801, first_name: "Akim", language_code: "ru" });
    harness.api.injectFault({ method: "sendMessage", kind: "429", retryAfter: 1, times: 1 });
    const delivered = await user.send("/help");
    const answers = delivered.replies.filter((e) => e.kind === "message");
    assert.equal(answers.length, 1);
    assert.match(answers[0]!.text ?? "", /Как сдать отчёт/);
  });

  test("a 429 inside a conversation is retried too: the language choice arrives once and works", async () => {
    const user = harness.api.user({ id: 801, first_name: "Akim", language_code: "ru" });
    harness.api.injectFault({ method: "sendMessage", kind: "429", retryAfter: 1, times: 1 });
    const delivered = await user.send("/language");
    const offers = delivered.replies.filter((e) => e.kind === "message");
    assert.equal(offers.length, 1);
    assert.match(offers[0]!.text ?? "", /Выберите язык/);
    harness.api.injectFault({ method: "sendMessage", kind: "429", retryAfter: 1, times: 1 });
    const chosen = await user.press("lang|en");
    assert.equal(chosen.replies.filter((e) => e.kind === "message").length, 1);
    assert.equal((await harness.app.deps.people.get(801))?.lang, "en");
  });

  test("the command list is registered in Kazakh, Russian and English", async () => {
    for (const [language, word] of [["kk", "Есеп"], ["ru", "отчёт"], ["en", "report"]] as const) {
      const commands = await harness.app.bot.api.getMyCommands({ language_code: language });
      assert.ok(commands.find((c) => c.command === "report")?.description.includes(word), language);
    }
  });
});

describe("an administrator from ADMIN_IDS without a record", () => {
  test("keeps the language chosen with /language", async () => {
    const redis = await startTestRedis();
    const harness = await startHarness({ redisUrl: redis.url, env: { ADMIN_IDS: "8800" } });
    try {
      const admin = harness.api.user({ id: 8800, first_name: "Boss", language_code: "ru" });
      assert.ok((await admin.send("/start")).replies.some((e) => /администратор/.test(e.text ?? "")));
      await admin.send("/language");
      await admin.press("lang|kk");
      assert.equal((await harness.app.deps.people.get(8800))?.lang, "kk");
      assert.ok((await admin.send("/start")).replies.some((e) => /Сәлеметсіз бе/.test(e.text ?? "")));
    } finally {
      await harness.close();
      await redis.stop();
    }
  });
});
