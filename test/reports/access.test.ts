// Totals, summaries, inline cards and typed questions are the leadership's: district users and strangers reach none
// of it, forged or stale buttons are refused, and a region user limited to one form sees only that form.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import type { UserHandle } from "../../src/localapi/index.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";

let redis: TestRedis;
let harness: Harness;

before(async () => {
  redis = await startTestRedis();
  harness = await startHarness({ redisUrl: redis.url });
  harness.clock.set(new Date("2016-11-27T10:00:00+06:00"));
  const people = harness.app.deps.people;
  await people.put({ id: 11, role: "district", unit: "talgar", lang: "ru" });
  await people.put({ id: 12, role: "region", lang: "ru" });
  await people.put({ id: 13, role: "region", forms: ["employment-roadmap"], lang: "ru" });
});
after(async () => {
  await harness.close();
  await redis.stop();
});

const user = (id: number) => harness.api.user({ id, first_name: `U${id}`, language_code: "ru" });

/** Presses a button with any data on the bot's last message, as a forged client could. */
async function pressData(handle: UserHandle, data: string) {
  if (!handle.lastBotMessage()) await handle.send("/start");
  const message = handle.lastBotMessage()!;
  const press = (handle as unknown as { callback(m: unknown, d: string): ReturnType<UserHandle["press"]> }).callback.bind(handle);
  return press(message, data);
}

const shown = (events: { kind: string; text?: string; caption?: string }[]) =>
  events.filter((e) => ["message", "edit", "photo", "document"].includes(e.kind)).map((e) => e.text ?? e.caption ?? e.kind);

describe("who reaches the leadership's reports", () => {
  it("inline mode gives a region user cards with the totals and anyone else nothing", async () => {
    const region = await user(12).inlineQuery("");
    assert.equal(region.results.length, 2);
    assert.match(JSON.stringify(region.results), /Оказание государственных услуг/);
    const question = await user(12).inlineQuery("e-gov Q3");
    assert.equal(question.results.length, 3);
    for (const id of [11, 99]) {
      const other = await user(id).inlineQuery("");
      assert.ok(other.answer, "answered");
      assert.deepEqual(other.results, []);
    }
  });

  it("a district user's summary buttons, even forged, show nothing", async () => {
    const akim = user(11);
    const pressed = await pressData(akim, "sms|public-services|2016-10|0");
    assert.deepEqual(shown(pressed.replies), []);
    assert.equal(pressed.answer?.text, "Эта кнопка устарела. Откройте меню: /start");
  });

  it("a region user limited to one form cannot open another by a forged button, and it is logged", async () => {
    const limited = user(13);
    const before = harness.logLines.length;
    const pressed = await pressData(limited, "sms|public-services|ytd-2016-10|0");
    assert.deepEqual(shown(pressed.replies), []);
    assert.equal(pressed.answer?.text, "Это действие вам недоступно.");
    assert.ok(harness.logLines.slice(before).some((line) => line.event === "security" && line.action === "sms"));
  });

  it("a period in the future or malformed button data is refused", async () => {
    const boss = user(12);
    const future = await pressData(boss, "sms|public-services|2016-11|0");
    assert.deepEqual(shown(future.replies), []);
    assert.equal(future.answer?.text, "Этот период недоступен: он ещё не закончился.");
    const malformed = await pressData(boss, "sms|public-services");
    assert.deepEqual(shown(malformed.replies), []);
    const valid = await pressData(boss, "sms|public-services|2016-10|0");
    assert.match(shown(valid.replies).join("\n"), /Отчёты за октябрь 2016: сдали 0 из 19/);
  });

  it("in a group, a region user's /totals is answered without buttons and a district user's is ignored", async () => {
    const group = harness.api.group({ id: -500, title: "Akimat session" });
    const boss = user(12).in(group);
    const answered = await boss.send("/totals");
    const messages = answered.replies.filter((e) => e.kind === "message");
    assert.equal(messages.length, 1);
    assert.match(messages[0]!.text!, /Итоги: Алматинская область/);
    assert.equal(messages[0]!.replyMarkup, undefined);
    const summary = await boss.send("/summary");
    assert.ok(summary.replies.some((e) => e.kind === "message" && /Итого по области/.test(e.text ?? "")));
    const akim = user(11).in(group);
    assert.deepEqual(shown((await akim.send("/totals")).replies), []);
  });
});
