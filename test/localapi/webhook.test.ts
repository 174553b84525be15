// Webhook delivery over real HTTP: grammY's webhookCallback with a secret, retries after a refused update,
// one chat's order, max_connections, webhook replies, and the 409s around webhooks.
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { after, afterEach, before, describe, test } from "node:test";
import { Bot, webhookCallback } from "grammy";
import type { LocalBotApi, WebhookAttempt } from "../../src/localapi/index.ts";
import { BOT_INFO, grammyError, makeBot, nextEmitted, rawCall, startApi, startWebhookServer, TOKEN, type WebhookServer } from "../helpers/localapi.ts";

interface Arrival {
  updateId: number;
  chatId: number;
  respond(status: number): void;
}

/** A webhook that keeps every request open until the test answers it. */
async function holdingWebhook(): Promise<WebhookServer & { arrivals: Arrival[]; waitArrivals(count: number): Promise<void> }> {
  const arrivals: Arrival[] = [];
  const signal = new EventEmitter();
  const server = await startWebhookServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const update = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { update_id: number; message: { chat: { id: number } } };
      arrivals.push({
        updateId: update.update_id,
        chatId: update.message.chat.id,
        respond: (status) => response.writeHead(status).end(),
      });
      signal.emit("arrival");
    });
  });
  const waitArrivals = (count: number): Promise<void> =>
    arrivals.length >= count
      ? Promise.resolve()
      : new Promise((resolve) => {
          const check = (): void => {
            if (arrivals.length < count) return;
            signal.off("arrival", check);
            resolve();
          };
          signal.on("arrival", check);
        });
  return { ...server, arrivals, waitArrivals };
}

describe("webhook delivery", () => {
  let api: LocalBotApi;
  const servers: WebhookServer[] = [];
  before(async () => {
    api = await startApi();
  });
  afterEach(async () => {
    await rawCall(api, "deleteWebhook", { drop_pending_updates: true });
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  after(() => api.close());

  test("grammY's webhookCallback gets updates with the secret header; the action resolves on its 2xx", async () => {
    const bot = makeBot(api);
    bot.on("message:text", (ctx) => ctx.reply(`got ${ctx.message.text}`));
    const callback = webhookCallback(bot, "http", { secretToken: "s3cret-Token_1" });
    const headers: (string | undefined)[] = [];
    const server = await startWebhookServer((request, response) => {
      headers.push(request.headers["x-telegram-bot-api-secret-token"] as string | undefined);
      return callback(request, response);
    });
    servers.push(server);
    assert.equal(await bot.api.setWebhook(server.url, { secret_token: "s3cret-Token_1" }), true);
    const user = api.user({ id: 801, first_name: "Bolat" });
    const delivered = await user.send("hello");
    assert.equal(delivered.status, "handled");
    assert.deepEqual(delivered.replies.map((e) => e.text), ["got hello"]);
    assert.deepEqual(headers, ["s3cret-Token_1"]);
    const info = await bot.api.getWebhookInfo();
    assert.equal(info.url, server.url);
    assert.equal(info.pending_update_count, 0);
    assert.equal(info.max_connections, 40);
    assert.equal(info.last_error_message, undefined);
  });

  test("a 401 from a bot expecting another secret is retried until the webhook is fixed, then handled once", async () => {
    const bot = makeBot(api);
    bot.on("message:text", (ctx) => ctx.reply("processed"));
    const server = await startWebhookServer(webhookCallback(bot, "http", { secretToken: "right" }));
    servers.push(server);
    await bot.api.setWebhook(server.url, { secret_token: "wrong" });
    const failures: WebhookAttempt[] = [];
    const twoFailures = nextEmitted<WebhookAttempt>(api, "webhookAttempt", (attempt) => {
      if (!attempt.ok) failures.push(attempt);
      return failures.length >= 2;
    });
    const user = api.user({ id: 802, first_name: "Saule" });
    const sent = user.send("please retry");
    await twoFailures;
    assert.deepEqual(failures.map((f) => [f.updateId, f.status]), [[sent.updateId, 401], [sent.updateId, 401]]);
    const info = await bot.api.getWebhookInfo();
    assert.equal(info.last_error_message, "Wrong response from the webhook: 401 Unauthorized");
    assert.equal(info.pending_update_count, 1);
    assert.equal(typeof info.last_error_date, "number");
    await bot.api.setWebhook(server.url, { secret_token: "right" });
    const delivered = await sent;
    assert.equal(delivered.status, "handled");
    assert.deepEqual(user.botMessages().map((m) => m.text), ["processed"]);
  });

  test("one chat strictly in order (the next only after a 2xx), other chats meanwhile; errors are retried", async () => {
    const hook = await holdingWebhook();
    servers.push(hook);
    await rawCall(api, "setWebhook", { url: hook.url });
    const a = api.user({ id: 803, first_name: "A" });
    const b = api.user({ id: 804, first_name: "B" });
    const a1 = a.send("a1");
    const a2 = a.send("a2");
    const b1 = b.send("b1");
    await hook.waitArrivals(2);
    assert.deepEqual(new Set(hook.arrivals.map((x) => x.updateId)), new Set([a1.updateId, b1.updateId]));
    hook.arrivals.find((x) => x.updateId === b1.updateId)!.respond(200);
    assert.equal((await b1).status, "handled");
    assert.equal(hook.arrivals.length, 2, "a2 must wait for a1");
    hook.arrivals.find((x) => x.updateId === a1.updateId)!.respond(500);
    await hook.waitArrivals(3);
    assert.equal(hook.arrivals[2]!.updateId, a1.updateId, "a1 again after the 500");
    hook.arrivals[2]!.respond(200);
    await hook.waitArrivals(4);
    assert.equal(hook.arrivals[3]!.updateId, a2.updateId);
    hook.arrivals[3]!.respond(204);
    assert.equal((await a1).status, "handled");
    assert.equal((await a2).status, "handled");
    const { json } = await rawCall(api, "getWebhookInfo");
    assert.equal((json.result as { last_error_message: string }).last_error_message, "Wrong response from the webhook: 500 Internal Server Error");
  });

  test("max_connections bounds how many chats are in flight at once", async () => {
    const hook = await holdingWebhook();
    servers.push(hook);
    await rawCall(api, "setWebhook", { url: hook.url, max_connections: 1 });
    const first = api.user({ id: 805, first_name: "C" }).send("c1");
    const second = api.user({ id: 806, first_name: "D" }).send("d1");
    await hook.waitArrivals(1);
    hook.arrivals[0]!.respond(200);
    await first;
    await hook.waitArrivals(2);
    assert.equal(hook.arrivals[1]!.updateId, second.updateId);
    hook.arrivals[1]!.respond(200);
    assert.equal((await second).status, "handled");
  });

  test("a webhook reply (a method in the 2xx body) is executed before the hand-over", async () => {
    const bot = new Bot(TOKEN, {
      client: { apiRoot: api.apiRoot, canUseWebhookReply: (method) => method === "sendMessage" },
      botInfo: BOT_INFO,
    });
    bot.on("message:text", (ctx) => ctx.reply("via webhook reply"));
    const server = await startWebhookServer(webhookCallback(bot, "http"));
    servers.push(server);
    await rawCall(api, "setWebhook", { url: server.url });
    const before = api.stats().byMethod.sendMessage ?? 0;
    const delivered = await api.user({ id: 807, first_name: "E" }).send("hi");
    assert.deepEqual(delivered.replies.map((e) => e.text), ["via webhook reply"]);
    assert.equal(api.stats().byMethod.sendMessage, before + 1);
  });

  test("connection errors are retried; deleteWebhook with drop_pending_updates drops the update", async () => {
    const closed = await startWebhookServer(() => {});
    await closed.close();
    await rawCall(api, "setWebhook", { url: closed.url });
    const failed = nextEmitted<WebhookAttempt>(api, "webhookAttempt", (attempt) => !attempt.ok);
    const sent = api.user({ id: 808, first_name: "F" }).send("lost");
    assert.equal((await failed).error, "Connection refused");
    const { json } = await rawCall(api, "deleteWebhook", { drop_pending_updates: true });
    assert.deepEqual(json, { ok: true, result: true, description: "Webhook was deleted" });
    assert.equal((await sent).status, "dropped");
  });

  test("getUpdates while a webhook is set is a 409; setWebhook ends a waiting poll", async () => {
    const bot = makeBot(api);
    const waiting = nextEmitted(api, "pollWaiting");
    const poll = rawCall(api, "getUpdates", { timeout: 30 });
    await waiting;
    await bot.api.setWebhook("http://127.0.0.1:9/never");
    const ended = await poll;
    assert.equal(ended.status, 409);
    assert.equal(ended.json.description, "Conflict: terminated by setWebhook request");
    const error = await grammyError(bot.api.getUpdates());
    assert.equal(error.error_code, 409);
    assert.equal(error.description, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    assert.deepEqual((await rawCall(api, "setWebhook", { url: "http://127.0.0.1:9/never" })).json.description, "Webhook is already set");
    assert.equal((await rawCall(api, "setWebhook", { url: "http://x/", secret_token: "no spaces" })).json.description, "Bad Request: secret token contains unallowed characters");
  });
});
