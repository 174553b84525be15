// Injected faults and Telegram's send limits, as grammY and @grammyjs/auto-retry see them.
import assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import { autoRetry } from "@grammyjs/auto-retry";
import { HttpError } from "grammy";
import type { LocalBotApi } from "../../src/localapi/index.ts";
import { grammyError, makeBot, rawCall, startApi } from "../helpers/localapi.ts";

describe("faults and limits", () => {
  let api: LocalBotApi;
  before(async () => {
    api = await startApi();
  });
  afterEach(() => {
    api.clearFaults();
    api.setRateLimits(false);
  });
  after(() => api.close());

  test("an injected 429 is retried by auto-retry after retry_after and the message arrives exactly once", async () => {
    const bot = makeBot(api);
    bot.api.config.use(autoRetry());
    const user = api.user({ id: 1101, first_name: "Olzhas" });
    api.resetStats();
    api.injectFault({ method: "sendMessage", kind: "429", retryAfter: 1 });
    const started = performance.now();
    const sent = await bot.api.sendMessage(user.chatId, "monthly figures accepted");
    const elapsed = performance.now() - started;
    assert.equal(sent.text, "monthly figures accepted");
    assert.ok(elapsed >= 950, `auto-retry waited ${elapsed} ms for retry_after 1`);
    assert.deepEqual(user.botMessages().map((m) => m.text), ["monthly figures accepted"]);
    const stats = api.stats();
    assert.equal(stats.byMethod.sendMessage, 2);
    assert.equal(stats.tooManyRequests, 1);
    assert.equal(stats.faults, 1);
    const refused = stats.calls.find((c) => c.status === 429);
    assert.equal(refused?.description, "Too Many Requests: retry after 1");
  });

  test("without auto-retry the 429 reaches the bot with parameters.retry_after", async () => {
    const bot = makeBot(api);
    const user = api.user({ id: 1102, first_name: "Aizhan" });
    api.injectFault({ method: "sendmessage", kind: "429", retryAfter: 7 });
    const error = await grammyError(bot.api.sendMessage(user.chatId, "x"));
    assert.deepEqual([error.error_code, error.description, error.parameters.retry_after], [429, "Too Many Requests: retry after 7", 7]);
    assert.deepEqual(user.botMessages(), []);
  });

  test("an injected 500 is an Internal Server Error and nothing is sent", async () => {
    const bot = makeBot(api);
    const user = api.user({ id: 1103, first_name: "Berik" });
    api.injectFault({ method: "sendMessage", kind: "500" });
    const error = await grammyError(bot.api.sendMessage(user.chatId, "x"));
    assert.deepEqual([error.error_code, error.description], [500, "Internal Server Error"]);
    assert.deepEqual(user.botMessages(), []);
    assert.equal((await bot.api.sendMessage(user.chatId, "second try")).text, "second try", "times: 1 by default");
  });

  test("a dropped connection is an HttpError; drop_after drops the answer of a call that did happen", async () => {
    const bot = makeBot(api);
    const user = api.user({ id: 1104, first_name: "Gaukhar" });
    api.injectFault({ method: "sendMessage", kind: "drop" });
    await assert.rejects(bot.api.sendMessage(user.chatId, "lost"), HttpError);
    assert.deepEqual(user.botMessages(), []);
    api.injectFault({ method: "sendMessage", kind: "drop_after" });
    await assert.rejects(bot.api.sendMessage(user.chatId, "sent but unanswered"), HttpError);
    assert.deepEqual(user.botMessages().map((m) => m.text), ["sent but unanswered"]);
  });

  test("faults count down per matching call and leave other methods alone", async () => {
    const user = api.user({ id: 1105, first_name: "Dauren" });
    api.injectFault({ method: "sendMessage", kind: "500", times: 2 });
    const me = await rawCall(api, "getMe");
    assert.equal(me.status, 200);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await rawCall(api, "sendMessage", { chat_id: user.chatId, text: `n${i}` })).status);
    assert.deepEqual(statuses, [500, 500, 200]);
  });

  test("rate limits on: a second message to one chat within a second gets 429 with an integer retry_after", async () => {
    const bot = makeBot(api);
    const user = api.user({ id: 1106, first_name: "Akbota" });
    api.setRateLimits({ perChat: { limit: 1, windowMs: 60_000 } });
    api.resetStats();
    await bot.api.sendMessage(user.chatId, "first");
    const errors = [await grammyError(bot.api.sendMessage(user.chatId, "second")), await grammyError(bot.api.sendMessage(user.chatId, "third"))];
    for (const error of errors) {
      assert.equal(error.error_code, 429);
      const retryAfter = error.parameters.retry_after ?? 0;
      assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `retry_after ${retryAfter}`);
    }
    assert.equal(api.stats().tooManyRequests, 2);
    const other = api.user({ id: 1107, first_name: "Nazym" });
    assert.equal((await bot.api.sendMessage(other.chatId, "another chat is fine")).text, "another chat is fine");
    assert.deepEqual(user.botMessages().map((m) => m.text), ["first"]);
  });

  test("rate limits on: the per-bot limit spans chats; group chats have their own per-minute rule", async () => {
    const bot = makeBot(api);
    api.setRateLimits({ global: { limit: 3, windowMs: 60_000 }, perChat: false });
    const users = [1108, 1109, 1110, 1111].map((id) => api.user({ id, first_name: `N${id}` }));
    const statuses: number[] = [];
    for (const user of users) {
      statuses.push((await rawCall(api, "sendMessage", { chat_id: user.chatId, text: "broadcast" })).status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    api.setRateLimits({ global: false, perGroup: { limit: 2, windowMs: 60_000 } });
    const group = api.group({ id: -4001, title: "District heads" });
    await bot.api.sendMessage(group.chatId, "1");
    await bot.api.sendMessage(group.chatId, "2");
    assert.equal((await grammyError(bot.api.sendMessage(group.chatId, "3"))).error_code, 429);
  });
});
