// getUpdates long polling (offset, limit, timeout, allowed_updates, conflicts) and real grammY bots polling:
// bot.start() and @grammyjs/runner.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { run, sequentialize } from "@grammyjs/runner";
import type { LocalBotApi } from "../../src/localapi/index.ts";
import { BOT_ID, makeBot, nextEmitted, rawCall, startApi } from "../helpers/localapi.ts";

describe("getUpdates", () => {
  let api: LocalBotApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  test("a poll with a timeout waits and is answered as soon as an update arrives", async () => {
    const user = api.user({ id: 501, first_name: "Dana" });
    const waiting = nextEmitted(api, "pollWaiting");
    let answered = false;
    const started = performance.now();
    const poll = rawCall(api, "getUpdates", { timeout: 30 }).then((answer) => {
      answered = true;
      return answer;
    });
    await waiting;
    assert.equal(answered, false, "the poll must wait while there is nothing");
    const sent = user.send("are you there?");
    const { status, json } = await poll;
    const elapsed = performance.now() - started;
    assert.equal(status, 200);
    const updates = json.result as { update_id: number; message: { text: string } }[];
    assert.deepEqual(updates.map((u) => u.message.text), ["are you there?"]);
    assert.equal(updates[0]!.update_id, sent.updateId);
    assert.ok(elapsed < 5000, `answered after ${elapsed} ms, not at the 30 s timeout`);
    await rawCall(api, "getUpdates", { offset: sent.updateId + 1 });
    assert.equal((await sent).status, "handled");
  });

  test("offset confirms and drops earlier updates; limit caps the batch", async () => {
    const user = api.user({ id: 502, first_name: "Erlan" });
    const actions = ["one", "two", "three"].map((text) => user.send(text));
    const ids = actions.map((a) => a.updateId);
    const first = await rawCall(api, "getUpdates", { limit: 2 });
    assert.deepEqual((first.json.result as { update_id: number }[]).map((u) => u.update_id), ids.slice(0, 2));
    const again = await rawCall(api, "getUpdates", { limit: 2 });
    assert.deepEqual((again.json.result as { update_id: number }[]).map((u) => u.update_id), ids.slice(0, 2), "unconfirmed updates come again");
    const rest = await rawCall(api, "getUpdates", { offset: ids[1]! + 1, limit: 100 });
    assert.deepEqual((rest.json.result as { update_id: number }[]).map((u) => u.update_id), [ids[2]]);
    assert.equal((await actions[0]!).status, "handled");
    assert.equal((await actions[1]!).status, "handled");
    assert.equal(api.pendingUpdates(), 1);
    await rawCall(api, "getUpdates", { offset: ids[2]! + 1 });
    assert.equal((await actions[2]!).status, "handled");
    assert.equal(api.pendingUpdates(), 0);
  });

  test("a negative offset keeps only the last updates; limit is clamped to 1..100", async () => {
    const user = api.user({ id: 503, first_name: "Farida" });
    const actions = ["a", "b", "c"].map((text) => user.send(text));
    const { json } = await rawCall(api, "getUpdates", { offset: -1, limit: 0 });
    assert.deepEqual((json.result as { update_id: number }[]).map((u) => u.update_id), [actions[2]!.updateId]);
    assert.equal((await actions[0]!).status, "dropped");
    assert.equal((await actions[1]!).status, "dropped");
    await rawCall(api, "getUpdates", { offset: actions[2]!.updateId + 1 });
    assert.equal((await actions[2]!).status, "handled");
  });

  test("a poll with nothing to give answers [] when its timeout ends", async () => {
    const started = performance.now();
    const { json } = await rawCall(api, "getUpdates", { timeout: 1 });
    const elapsed = performance.now() - started;
    assert.deepEqual(json.result, []);
    assert.ok(elapsed >= 900 && elapsed < 3000, `took ${elapsed} ms for a 1 s timeout`);
  });

  test("a second poller ends the first with 409, as Telegram does", async () => {
    const waiting = nextEmitted(api, "pollWaiting");
    const first = rawCall(api, "getUpdates", { timeout: 30 });
    await waiting;
    const second = await rawCall(api, "getUpdates", { timeout: 0 });
    assert.equal(second.status, 200);
    const { status, json } = await first;
    assert.equal(status, 409);
    assert.equal(json.description, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
  });

  test("allowed_updates leaves other update types out", async () => {
    await rawCall(api, "getUpdates", { allowed_updates: ["callback_query"] });
    const user = api.user({ id: 504, first_name: "Gulnar" });
    const delivered = await user.send("not wanted");
    assert.equal(delivered.status, "filtered");
    assert.equal(api.pendingUpdates(), 0);
    await rawCall(api, "getUpdates", { allowed_updates: [] });
    const wanted = user.send("wanted again");
    const { json } = await rawCall(api, "getUpdates", {});
    assert.equal((json.result as unknown[]).length, 1);
    await rawCall(api, "getUpdates", { offset: wanted.updateId + 1 });
    assert.equal((await wanted).status, "handled");
  });
});

describe("grammY polling", () => {
  let api: LocalBotApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  test("bot.start() replies to a user's text; the action resolves after the bot confirmed it", async () => {
    const bot = makeBot(api);
    bot.on("message:text", (ctx) => ctx.reply(`You said: ${ctx.message.text}`));
    const stopped = bot.start();
    try {
      const user = api.user({ id: 601, first_name: "Aigerim", username: "aigerim", language_code: "kk" });
      const first = await user.send("salem");
      assert.equal(first.status, "handled");
      assert.deepEqual(first.replies.map((e) => [e.kind, e.text]), [["message", "You said: salem"]]);
      const second = await user.send("/help");
      assert.deepEqual(second.update.message?.entities, [{ type: "bot_command", offset: 0, length: 5 }]);
      const reply = second.replies[0]?.message;
      assert.ok(reply !== undefined);
      assert.equal(reply.from?.id, BOT_ID);
      assert.equal(reply.chat.id, 601);
      assert.equal(typeof reply.date, "number");
      const ids = user.messages().map((m) => m.message_id);
      assert.deepEqual(ids, [1, 2, 3, 4], "user and bot messages share the chat's increasing ids");
      assert.deepEqual(user.sinceLastSpoke().map((e) => e.text), ["You said: /help"]);
    } finally {
      await bot.stop();
      await stopped;
    }
  });

  test("@grammyjs/runner with sequentialize keeps each chat in order across users", async () => {
    const bot = makeBot(api);
    bot.use(sequentialize((ctx) => String(ctx.chat?.id)));
    bot.on("message:text", async (ctx) => {
      await ctx.replyWithChatAction("typing");
      await ctx.reply(`ok ${ctx.message.text}`);
    });
    const runner = run(bot);
    try {
      const users = [701, 702, 703].map((id) => api.user({ id, first_name: `U${id}` }));
      const actions = users.flatMap((user) => ["1", "2", "3"].map((n) => user.send(`${user.chatId}-${n}`)));
      await Promise.all(actions);
      for (const user of users) {
        // The runner confirms updates when it fetches them, so wait for the last reply itself.
        await user.waitFor((e) => e.text === `ok ${user.chatId}-3`);
        const texts = user.botMessages().map((m) => m.text);
        assert.deepEqual(texts, ["1", "2", "3"].map((n) => `ok ${user.chatId}-${n}`));
      }
      const actionsRecorded = api.eventsSince(0).filter((e) => e.kind === "action");
      assert.ok(actionsRecorded.length >= 9);
    } finally {
      await runner.stop();
    }
  });
});
