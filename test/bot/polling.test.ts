// src/bot/polling.ts: an update is confirmed to the Bot API only once its handler has finished, or once it is kept in
// the Redis inbox; updates arriving meanwhile are handled without waiting for it; a stop lets the update in flight
// finish and confirms it; a start handles what the inbox holds before anything else.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Bot } from "grammy";
import { LocalBotApi } from "../../src/localapi/index.ts";
import { startPolling, Unfinished } from "../../src/bot/polling.ts";
import { createLogger } from "../../src/logger.ts";
import { startStore, type StoreFixture } from "../helpers/store.ts";

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

test("Unfinished with an inbox: kept updates let the offset pass, finished ones leave the inbox, restored ones are not taken twice", () => {
  const u = new Unfinished();
  const batch = [5, 6, 7].map((update_id) => ({ update_id }));
  u.take(batch, 10);
  assert.equal(u.offset(), 5);
  assert.deepEqual(u.looseUpdates().map((x) => x.update_id), [5, 6, 7]);
  u.finish(6); // finished while the write was under way: it went to the inbox all the same
  u.markKept([5, 6, 7]);
  assert.equal(u.looseCount, 0);
  assert.equal(u.offset(), 8, "kept in the inbox: Telegram may forget them");
  assert.equal(u.size, 2);
  assert.deepEqual(u.takeFinishedKept(), [6], "6 is in the inbox and finished: to be deleted");
  u.take([{ update_id: 8 }], 10);
  assert.equal(u.offset(), 8, "8 only Telegram keeps: the offset stops there again");
  u.finish(5);
  u.finish(8);
  assert.deepEqual(u.takeFinishedKept(), [5], "8 was never in the inbox");
  u.unflushed([5]);
  assert.equal(u.finishedKeptCount, 1, "a failed deletion is tried again");

  // A new process: the inbox held 11 and 12; Telegram still has 12 and 13 (12 was taken but not confirmed).
  const next = new Unfinished();
  next.restore([11, 12]);
  assert.equal(next.offset(), 0, "nothing confirmed before Telegram has answered");
  assert.equal(next.size, 2);
  assert.deepEqual(next.take([12, 13].map((update_id) => ({ update_id })), 10).map((x) => x.update_id), [13], "12 comes from the inbox, not twice");
  assert.equal(next.offset(), 13);
  next.finish(12);
  assert.deepEqual(next.takeFinishedKept(), [12]);
});

describe("with the Redis inbox", () => {
  let fixture: StoreFixture;
  before(async () => {
    fixture = await startStore();
  });
  after(() => fixture.stop());

  test("an update being handled is kept in the inbox and confirmed; a new process handles what the inbox holds first", async () => {
    const api = await LocalBotApi.start();
    cleanups.push(() => api.close());
    api.addBot({ token: "3000018:LOCAL-polling", id: 3000018, username: "polling3_bot", first_name: "P" });
    const inbox = fixture.store.inbox;
    const first = new Bot("3000018:LOCAL-polling", { client: { apiRoot: api.apiRoot } });
    let entered!: () => void;
    const running = new Promise<void>((resolve) => (entered = resolve));
    const never = new Promise<void>(() => undefined);
    first.on("message:text", async () => {
      entered();
      await never; // the process that took it dies before it answers
    });
    const polling = startPolling(first, { allowedUpdates: ["message"], logger, longPollSec: 1, inbox, inboxAfter: 0 });
    const akim = api.user({ id: 14, first_name: "D" });
    const sent = akim.send("kept");
    await running;
    assert.equal((await sent).status, "handled", "confirmed to Telegram while its handler runs");
    assert.equal(api.pendingUpdates(), 0);
    const kept = await inbox.pending();
    assert.equal(kept.length, 1);
    assert.equal((JSON.parse(kept[0]!.json) as { message: { text: string } }).message.text, "kept");
    await polling.stop(0);
    assert.equal((await inbox.pending()).length, 1, "a stop leaves the unfinished update in the inbox");

    const second = new Bot("3000018:LOCAL-polling", { client: { apiRoot: api.apiRoot } });
    const seen: string[] = [];
    second.on("message:text", async (ctx) => {
      seen.push(ctx.message.text);
      await ctx.reply(`done: ${ctx.message.text}`);
    });
    const restarted = startPolling(second, { allowedUpdates: ["message"], logger, longPollSec: 1, inbox, inboxAfter: 0 });
    cleanups.push(() => restarted.stop(1000));
    await api.waitFor(14, (e) => e.text === "done: kept", 5000);
    const later = akim.send("after");
    await api.waitFor(14, (e) => e.text === "done: after", 5000);
    assert.equal((await later).status, "handled");
    assert.deepEqual(seen, ["kept", "after"], "the kept update first, once");
    await restarted.stop(1000);
    assert.deepEqual(await inbox.pending(), [], "finished updates leave the inbox");
  });

  test("below inboxAfter nothing is written to Redis; past it what only Telegram kept is, a batch per write", async () => {
    const api = await LocalBotApi.start();
    cleanups.push(() => api.close());
    api.addBot({ token: "3000019:LOCAL-polling", id: 3000019, username: "polling4_bot", first_name: "P" });
    const writes: number[] = [];
    const inbox = {
      ready: () => fixture.store.inbox.ready(),
      pending: () => fixture.store.inbox.pending(),
      keep: (entries: readonly { id: number; json: string }[], finished: readonly number[]) => {
        if (entries.length > 0) writes.push(entries.length);
        return fixture.store.inbox.keep(entries, finished);
      },
    };
    const bot = new Bot("3000019:LOCAL-polling", { client: { apiRoot: api.apiRoot } });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const waiting: { count: number; wake: () => void }[] = [];
    let entered = 0;
    const enteredAll = (count: number) => new Promise<void>((resolve) => waiting.push({ count, wake: resolve }));
    bot.on("message:text", async (ctx) => {
      entered++;
      for (const w of waiting) if (entered === w.count) w.wake();
      await gate;
      await ctx.reply(`done: ${ctx.message.text}`);
    });
    const polling = startPolling(bot, { allowedUpdates: ["message"], logger, longPollSec: 1, inbox, inboxAfter: 2 });
    cleanups.push(() => polling.stop(1000));
    const akims = [21, 22, 23, 24].map((id) => api.user({ id, first_name: `U${id}` }));
    const twoIn = enteredAll(2);
    const sent = akims.slice(0, 2).map((akim, i) => akim.send(`m${i}`));
    await twoIn;
    assert.deepEqual(writes, [], "two being handled: Telegram keeps them, no Redis write");
    assert.deepEqual(await fixture.store.inbox.pending(), []);
    const fourIn = enteredAll(4);
    sent.push(...akims.slice(2).map((akim, i) => akim.send(`m${i + 2}`)));
    await fourIn;
    // Four being handled, two allowed to Telegram alone: what was loose went to the inbox, a batch per write.
    assert.ok(writes.length >= 1 && writes.every((n) => n >= 3), `written in batches of more than two: ${writes.join(", ")}`);
    const kept = (await fixture.store.inbox.pending()).length;
    assert.ok(kept >= 2 && kept <= 4, `${kept} kept`);
    release();
    for (const id of [21, 22, 23, 24]) await api.waitFor(id, (e) => (e.text ?? "").startsWith("done:"), 5000);
    for (const handed of sent) assert.equal((await handed).status, "handled");
    await polling.stop(1000);
    assert.deepEqual(await fixture.store.inbox.pending(), []);
  });

  test("an entry of the inbox that is not an update is dropped with a warning; the others are handled", async () => {
    const api = await LocalBotApi.start();
    cleanups.push(() => api.close());
    api.addBot({ token: "3000020:LOCAL-polling", id: 3000020, username: "polling5_bot", first_name: "P" });
    api.user({ id: 31, first_name: "E" }); // the chat the kept update came from
    const key = fixture.store.keys.inbox();
    const update = { update_id: 77, message: { message_id: 1, date: 1, chat: { id: 31, type: "private", first_name: "E" }, from: { id: 31, is_bot: false, first_name: "E" }, text: "kept" } };
    await fixture.admin.hset(key, { "76": "{not json", "77": JSON.stringify(update), "78": JSON.stringify({ ...update, update_id: 5 }) });
    const lines: string[] = [];
    const warnings = createLogger({ level: "warn", secrets: [], destination: { write: (line: string) => lines.push(line) } });
    const bot = new Bot("3000020:LOCAL-polling", { client: { apiRoot: api.apiRoot } });
    bot.on("message:text", (ctx) => ctx.reply(`done: ${ctx.message.text}`));
    const polling = startPolling(bot, { allowedUpdates: ["message"], logger: warnings, longPollSec: 1, inbox: fixture.store.inbox });
    cleanups.push(() => polling.stop(1000));
    await api.waitFor(31, (e) => e.text === "done: kept", 5000);
    await polling.stop(1000);
    assert.deepEqual(await fixture.store.inbox.pending(), []);
    const warned = lines.map((line) => JSON.parse(line) as { event?: string; ids?: number[] }).find((entry) => entry.event === "polling-inbox-unreadable");
    assert.deepEqual(warned?.ids, [76, 78]);
  });
});
