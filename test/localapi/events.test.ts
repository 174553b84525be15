// The local Bot API's event log is bounded: a long benchmark or sandbox session keeps the newest events only,
// and marks, since() and waitFor keep working across the drops.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Bot } from "grammy";
import { EventLog } from "../../src/localapi/events.ts";
import { LocalBotApi } from "../../src/localapi/index.ts";

const message = (chatId: number, text: string) => ({ kind: "message" as const, botId: 1, chatId, method: "sendMessage", text });

test("the log keeps at most a quarter more than maxEvents, newest first kept, per chat too", () => {
  const log = new EventLog(40);
  for (let i = 1; i <= 1000; i++) log.record(message(i % 3, `m${i}`));
  const kept = log.all();
  assert.ok(kept.length >= 40 && kept.length <= 50, `${kept.length} events kept`);
  assert.equal(kept.at(-1)!.text, "m1000");
  assert.equal(log.dropped + kept.length, 1000);
  assert.equal(log.mark(), 1000, "seq numbers go on across drops");
  const oldest = kept[0]!.seq;
  assert.deepEqual(log.since(0).map((e) => e.seq), kept.map((e) => e.seq), "since an old mark: what is kept");
  for (const chat of [0, 1, 2]) {
    const events = log.since(0, chat);
    assert.ok(events.every((e) => e.seq >= oldest && e.chatId === chat), `chat ${chat} keeps only events still in the log`);
    assert.deepEqual(events, kept.filter((e) => e.chatId === chat));
  }
  assert.deepEqual(log.since(995).map((e) => e.text), ["m996", "m997", "m998", "m999", "m1000"]);
});

test("a chat whose events were all dropped is forgotten; waitFor still sees new ones", async () => {
  const log = new EventLog(5);
  log.record(message(7, "old"));
  for (let i = 0; i < 20; i++) log.record(message(8, `n${i}`));
  assert.deepEqual(log.since(0, 7), []);
  const waiting = log.waitFor(7, (e) => e.text === "new", { since: 0, timeoutMs: 1000 });
  log.record(message(7, "new"));
  assert.equal((await waiting).text, "new");
});

test("a server with maxEvents keeps its log bounded while a bot sends many messages", async () => {
  const api = await LocalBotApi.start({ maxEvents: 50 });
  try {
    api.addBot({ token: "3000018:LOCAL-events", id: 3000018, username: "events_bot", first_name: "E" });
    const user = api.user({ id: 21, first_name: "U" });
    const bot = new Bot("3000018:LOCAL-events", { client: { apiRoot: api.apiRoot } });
    for (let i = 0; i < 300; i++) await bot.api.sendMessage(21, `message ${i}`);
    assert.ok(api.events.all().length <= 63, `${api.events.all().length} events kept`);
    assert.equal(api.events.all().at(-1)!.text, "message 299");
    assert.equal(api.messages(21).length, 300, "the chat itself keeps its messages");
    assert.equal(user.botMessages().at(-1)!.text, "message 299");
  } finally {
    await api.close();
  }
});

test("the default keeps 100,000 events", () => {
  assert.equal(new EventLog().maxEvents, 100_000);
});
