// src/bot/polling.ts: an update is confirmed to the Bot API only once its handler has finished; updates arriving
// meanwhile are handled without waiting for it; a stop lets the update in flight finish and confirms it.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { Bot } from "grammy";
import { LocalBotApi } from "../../src/localapi/index.ts";
import { startPolling, Unfinished } from "../../src/bot/polling.ts";
import { createLogger } from "../../src/logger.ts";

const logger = createLogger({ level: "warn", secrets: [] });
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test("Unfinished: the offset is the oldest unfinished update, updates seen are not taken twice", () => {
  const u = new Unfinished();
  assert.equal(u.offset(), 0);
  const batch = [1, 2, 3].map((update_id) => ({ update_id }));
  assert.deepEqual(u.take(batch, 2).map((x) => x.update_id), [1, 2]);
  assert.deepEqual(u.take(batch, 10).map((x) => x.update_id), [3]);
  assert.equal(u.offset(), 1);
  u.finish(2);
  assert.equal(u.offset(), 1, "2 finished, 1 still running: nothing confirmed");
  u.finish(1);
  assert.equal(u.offset(), 3);
  u.finish(3);
  assert.equal(u.offset(), 4);
});

test("an update is confirmed only after its handler finished, and others are handled meanwhile", async () => {
  const api = await LocalBotApi.start();
  cleanups.push(() => api.close());
  api.addBot({ token: "3000016:LOCAL-polling", id: 3000016, username: "polling_bot", first_name: "P" });
  const bot = new Bot("3000016:LOCAL-polling", { client: { apiRoot: api.apiRoot } });
  let release!: () => void;
  const slow = new Promise<void>((resolve) => (release = resolve));
  bot.on("message:text", async (ctx) => {
    if (ctx.message.text === "slow") await slow;
    await ctx.reply(`done: ${ctx.message.text}`);
  });
  const polling = startPolling(bot, { allowedUpdates: ["message"], logger, longPollSec: 1 });
  cleanups.push(() => polling.stop(1000));
  const a = api.user({ id: 11, first_name: "A" });
  const b = api.user({ id: 12, first_name: "B" });
  const first = a.send("slow");
  const second = b.send("quick");
  await api.waitFor(12, (e) => e.text === "done: quick", 5000);
  // The quick update is answered while the slow one runs, and neither is confirmed: the offset stays at the slow one.
  assert.equal(api.pendingUpdates(), 2);
  release();
  const handed = await first;
  assert.equal(handed.status, "handled");
  assert.ok(handed.replies.some((e) => e.text === "done: slow"), "confirmed after its reply");
  assert.equal((await second).status, "handled");
  assert.equal(api.pendingUpdates(), 0);
});

test("stop lets the update in flight finish and confirms it", async () => {
  const api = await LocalBotApi.start();
  cleanups.push(() => api.close());
  api.addBot({ token: "3000017:LOCAL-polling", id: 3000017, username: "polling2_bot", first_name: "P" });
  const bot = new Bot("3000017:LOCAL-polling", { client: { apiRoot: api.apiRoot } });
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  bot.on("message:text", async (ctx) => {
    started();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await ctx.reply("finished");
  });
  const polling = startPolling(bot, { allowedUpdates: ["message"], logger, longPollSec: 1 });
  const sent = api.user({ id: 13, first_name: "C" }).send("hello");
  await running;
  await polling.stop(5000);
  const handed = await sent;
  assert.equal(handed.status, "handled");
  assert.ok(handed.replies.some((e) => e.text === "finished"));
  assert.equal(api.pendingUpdates(), 0);
});
