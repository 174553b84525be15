// The per-chat lock across instances (src/bot/chatLock.ts) on a real Redis: each "instance" is the middleware with
// its own Redis connection, as separate processes would have.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import { chatLock, type ChatLockOptions } from "../../src/bot/chatLock.ts";
import type { BotContext } from "../../src/bot/context.ts";
import { createStore } from "../../src/store/index.ts";
import { createLogger } from "../../src/logger.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";

let redis: TestRedis;
const clients: Redis[] = [];
const logLines: Record<string, unknown>[] = [];
const logger = createLogger({
  level: "warn",
  secrets: [],
  destination: { write: (line: string) => logLines.push(JSON.parse(line) as Record<string, unknown>) } as never,
});

before(async () => {
  redis = await startTestRedis();
});
after(async () => {
  for (const client of clients) client.disconnect();
  await redis.stop();
});

/** One bot instance: its own connection, the lock middleware; `handle` runs an update of a chat under it. */
function instance(options: ChatLockOptions = { ttlMs: 2_000, maxWaitMs: 20_000 }) {
  const client = redis.connect();
  clients.push(client);
  const store = createStore(client, { prefix: redis.prefix, regionId: "almaty-region" });
  const middleware = chatLock(options);
  let updateId = 1;
  return {
    store,
    handle: (chatId: number, work: () => Promise<void>) => {
      const ctx = { chat: { id: chatId, type: "private" }, from: { id: chatId }, update: { update_id: updateId++ }, deps: { store, logger } };
      return middleware(ctx as unknown as BotContext, work);
    },
  };
}

/** A promise and the function that resolves it. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** Records when each piece of work runs, to see whether two overlapped. */
function timeline() {
  const spans: { name: string; start: number; end: number }[] = [];
  return {
    spans,
    work: (name: string, ms: number) => async () => {
      const start = performance.now();
      await sleep(ms);
      spans.push({ name, start, end: performance.now() });
    },
    overlapping: () => spans.some((a, i) => spans.some((b, j) => i < j && a.start < b.end && b.start < a.end)),
  };
}

test("one chat's updates on three instances run one at a time; other chats run alongside", async () => {
  const [a, b, c] = [instance(), instance(), instance()];
  const chat = timeline();
  // Two other chats whose handlers each wait for the other to start: they finish only if both run at once.
  const started = [signal(), signal()];
  const meet = (mine: number) => async () => {
    started[mine]!.resolve();
    await started[1 - mine]!.promise;
  };
  await Promise.all([
    a.handle(1, chat.work("a", 40)),
    b.handle(1, chat.work("b", 40)),
    c.handle(1, chat.work("c", 40)),
    a.handle(2, meet(0)),
    b.handle(3, meet(1)),
  ]);
  assert.equal(chat.spans.length, 3);
  assert.equal(chat.overlapping(), false, "one chat: never two at once");
  assert.equal(await clients[0]!.exists(a.store.keys.chatLock(1)), 0, "released");
});

test("a handler running longer than the lock's TTL keeps it: the other instance waits", async () => {
  const [a, b] = [instance({ ttlMs: 300, maxWaitMs: 20_000 }), instance({ ttlMs: 300, maxWaitMs: 20_000 })];
  const chat = timeline();
  const holding = signal();
  const long = a.handle(10, async () => {
    holding.resolve();
    await chat.work("long", 1_000)();
  });
  await holding.promise;
  await Promise.all([long, b.handle(10, chat.work("next", 1))]);
  assert.deepEqual(chat.spans.map((s) => s.name), ["long", "next"]);
  assert.equal(chat.overlapping(), false);
});

test("a lock left by a crashed instance is taken once it expires", async () => {
  const a = instance({ ttlMs: 500, maxWaitMs: 20_000 });
  const client = clients.at(-1)!;
  const key = a.store.keys.chatLock(20);
  await client.set(key, "crashed-instance", "PX", 500);
  let holder: string | null = null;
  await a.handle(20, async () => {
    holder = await client.get(key);
  });
  assert.ok(holder !== null && holder !== "crashed-instance", "handled holding its own lock");
});

test("waiting is bounded: after maxWaitMs the update is handled anyway, and the wait is logged", async () => {
  const a = instance({ ttlMs: 10_000, maxWaitMs: 200 });
  await clients.at(-1)!.set(a.store.keys.chatLock(30), "stuck-instance", "PX", 10_000);
  const chat = timeline();
  await a.handle(30, chat.work("anyway", 1));
  assert.equal(chat.spans.length, 1);
  assert.ok(logLines.some((line) => line.event === "chat-lock-timeout" && line.chat === 30));
  assert.equal(await clients.at(-1)!.get(a.store.keys.chatLock(30)), "stuck-instance", "the other holder's lock is left alone");
});

test("a lock that expired while its handler stalled is not taken from the instance holding it now", async () => {
  const a = instance({ ttlMs: 100_000, maxWaitMs: 20_000 });
  const client = clients.at(-1)!;
  const key = a.store.keys.chatLock(40);
  await a.handle(40, async () => {
    // The handler stalls; its lock expires and another instance takes the chat.
    await client.set(key, "next-holder", "PX", 100_000);
  });
  assert.equal(await client.get(key), "next-holder");
  assert.ok(logLines.some((line) => line.event === "chat-lock-lost" && line.chat === 40));
});
