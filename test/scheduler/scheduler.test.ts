// Reminders, the digest and the outbox end to end: the real bot (local Bot API over HTTP), real Redis, BullMQ, the
// clock moved by hand. Ticks are triggered explicitly (what BullMQ's job scheduler does each minute) and the test
// awaits the outbox jobs they queued; no test sleeps for a result.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import { createScheduler, type Scheduler } from "../../src/scheduler/index.ts";
import { remindMissing } from "../../src/bot/calendar/remind.ts";
import type { CalendarSettings } from "../../src/domain/calendarSettings.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";
import { given, local, person, secondInstance, textsTo } from "../helpers/calendar.ts";
import { internalIdsShown } from "../helpers/internalIds.ts";

const AKSU = 7001; // district akim of Aksu, Russian
const TALGAR = 7002; // district akim of Talgar, English
const TEKELI = 7003; // district akim of Tekeli, Kazakh
const BOSS = 7010; // first deputy akim, English, every form
const SERVICES_ONLY = 7011; // a department head who sees public services only

const SERVICES = { services_ekyzmet: 3000, services_egov: 1000, seminars: 2, seminars_field: 1, violations: 0 };
/** Ticks by hand; no per-chat spacing except where the outbox itself is tested (it would only add seconds). */
const MANUAL: Partial<CalendarSettings> = { tickEveryMs: 0, perChatGapMs: 0 };

describe("the reporting calendar", () => {
  let redis: TestRedis;
  before(async () => {
    redis = await startTestRedis();
  });
  after(() => redis.stop());

  /** A harness with the people above, and schedulers stopped at the end. */
  async function withBot(run: (harness: Harness, schedulers: Scheduler[]) => Promise<void>): Promise<void> {
    const harness = await startHarness({ redisUrl: redis.url });
    const schedulers: Scheduler[] = [];
    try {
      await person(harness, { id: AKSU, name: "Aidos", role: "district", unit: "aksu", lang: "ru" });
      await person(harness, { id: TALGAR, name: "Tanat", role: "district", unit: "talgar", lang: "en" });
      await person(harness, { id: TEKELI, name: "Tolkyn", role: "district", unit: "tekeli", lang: "kk" });
      await person(harness, { id: BOSS, name: "Boss", role: "region", lang: "en" });
      await person(harness, { id: SERVICES_ONLY, name: "Dana", role: "region", forms: ["public-services"], lang: "en" });
      await run(harness, schedulers);
      assert.deepEqual(internalIdsShown(harness.api.events.all(), harness.app.deps.forms), [], "no internal id in a reminder, digest or notice");
    } finally {
      for (const scheduler of schedulers) await scheduler.stop();
      await harness.close();
    }
  }

  const start = async (harness: Harness, schedulers: Scheduler[], settings: Partial<CalendarSettings> = MANUAL) => {
    const scheduler = await createScheduler(harness.app, { settings });
    schedulers.push(scheduler);
    return scheduler;
  };

  test("reminds, at 10:00 Almaty time three days before the deadline, each person of each unit that has not reported", () =>
    withBot(async (harness, schedulers) => {
      await given(harness, { form: "public-services", unit: "talgar", period: "2016-10", values: SERVICES, at: local(2016, 11, 1, 9) });
      const scheduler = await start(harness, schedulers);
      const mark = harness.api.mark();

      harness.clock.set(local(2016, 11, 2, 9, 59));
      const early = await scheduler.tick();
      assert.deepEqual(early.fired, []);

      harness.clock.set(local(2016, 11, 2, 10, 0));
      const due = await scheduler.tick();
      assert.deepEqual(due.fired.map((m) => [m.id, m.late]).sort(), [
        ["reminder:employment-roadmap:2016-10:d-3t1000", false],
        ["reminder:public-services:2016-10:d-3t1000", false],
      ]);
      await scheduler.settled(due.jobs);

      const aksu = textsTo(harness, AKSU, mark);
      assert.equal(aksu.length, 2, aksu.join("\n---\n"));
      const services = aksu.find((text) => text.includes("Оказание государственных услуг"))!;
      assert.match(services, /Напоминание: отчёт «Оказание государственных услуг» за октябрь 2016 \(Аксуский район\) ещё не сдан\. Срок — через 3 дня\./);
      assert.match(services, /Срок сдачи: 5 ноября 2016 г\., 18:00\./);
      assert.match(services, /Закрывается: 30 ноября 2016 г\., 18:00\./);
      // Talgar reported public services: only the employment programme is asked for.
      const talgar = textsTo(harness, TALGAR, mark);
      assert.equal(talgar.length, 1);
      assert.match(talgar[0]!, /"Employment Roadmap 2020" for October 2016 \(Talgar District\)/);
      assert.equal(textsTo(harness, TEKELI, mark).length, 2);
      assert.match(textsTo(harness, TEKELI, mark).join("\n"), /Мерзіміне 3 күн қалды/);
      assert.deepEqual(textsTo(harness, BOSS, mark), []);

      harness.clock.set(local(2016, 11, 2, 10, 1));
      assert.deepEqual((await scheduler.tick()).jobs, []);
      assert.equal(textsTo(harness, AKSU, mark).length, 2);
    }));

  test("a muted unit is not reminded, and the reminder offers to report or to mute", () =>
    withBot(async (harness, schedulers) => {
      await harness.app.store.calendar.mute("employment-roadmap", "2016-10", { unit: "aksu", by: AKSU, at: local(2016, 11, 1).getTime(), reason: "нет мероприятий" });
      const scheduler = await start(harness, schedulers);
      const mark = harness.api.mark();
      harness.clock.set(local(2016, 11, 5, 10, 0));
      const result = await scheduler.tick();
      await scheduler.settled(result.jobs);
      const events = harness.api.eventsSince(mark, AKSU).filter((e) => e.kind === "message");
      assert.equal(events.length, 1);
      assert.match(events[0]!.text!, /Сегодня последний день: отчёт «Оказание государственных услуг» за октябрь 2016 \(Аксуский район\) ещё не сдан\. Срок — сегодня в 18:00\./);
      const labels = (events[0]!.replyMarkup as { inline_keyboard: { text: string }[][] }).inline_keyboard.flat().map((b) => b.text);
      assert.deepEqual(labels, ["📝 Сдать отчёт", "🔕 В этом месяце сдавать нечего"]);
    }));

  test("two bot instances on one Redis send each reminder once", () =>
    withBot(async (harness, schedulers) => {
      const other = await secondInstance(harness, redis.url);
      try {
        const first = await start(harness, schedulers);
        const second = await createScheduler(other.app, { settings: MANUAL });
        schedulers.push(second);
        const mark = harness.api.mark();
        harness.clock.set(local(2016, 11, 2, 10, 0));
        const [a, b] = await Promise.all([first.tick(), second.tick()]);
        const fired = [...a.fired, ...b.fired].map((m) => m.id).sort();
        assert.deepEqual(fired, ["reminder:employment-roadmap:2016-10:d-3t1000", "reminder:public-services:2016-10:d-3t1000"]);
        await first.settled([...a.jobs, ...b.jobs]);
        // And again, as both instances' job schedulers would a minute later.
        harness.clock.set(local(2016, 11, 2, 10, 1));
        const again = await Promise.all([first.tick(), second.tick()]);
        assert.deepEqual(again.flatMap((r) => r.jobs), []);
        for (const chat of [AKSU, TALGAR, TEKELI]) {
          const texts = textsTo(harness, chat, mark);
          assert.equal(texts.length, 2, `chat ${chat} got ${texts.length}: ${texts.join("\n---\n")}`);
          assert.equal(new Set(texts).size, 2);
        }
      } finally {
        other.close();
      }
    }));

  test("a deadline crossed while the bot was stopped: on start one overdue reminder per form and person, the digest, all logged as late", () =>
    withBot(async (harness, schedulers) => {
      harness.clock.set(local(2016, 11, 1, 12));
      const before = await start(harness, schedulers);
      assert.deepEqual((await before.tick()).fired, []);
      await before.stop();
      schedulers.splice(0);

      // Stopped from 1 November until 6 November, 12:00: three reminders and the digest were missed.
      harness.clock.set(local(2016, 11, 6, 12, 0));
      await harness.restart();
      const mark = harness.api.mark();
      const after = await start(harness, schedulers);
      const result = await after.tick();
      const services = result.fired.filter((m) => m.id.includes(":public-services:")).map((m) => [m.id, m.late, m.supersededBy ?? null]);
      assert.deepEqual(services, [
        ["reminder:public-services:2016-10:d-3t1000", true, "reminder:public-services:2016-10:d1t1000"],
        ["reminder:public-services:2016-10:d0t1000", true, "reminder:public-services:2016-10:d1t1000"],
        ["reminder:public-services:2016-10:d1t1000", true, null],
        ["digest:public-services:2016-10:d1t0900", true, null],
      ]);
      await after.settled(result.jobs);

      const aksu = textsTo(harness, AKSU, mark);
      assert.equal(aksu.length, 2, "one reminder per form, not one per missed moment");
      assert.ok(aksu.every((text) => text.startsWith("⏰") && text.includes("просрочен")), aksu.join("\n---\n"));
      const boss = textsTo(harness, BOSS, mark);
      assert.equal(boss.length, 2, "a digest per form");
      assert.ok(boss.some((text) => text.startsWith('📮 After the deadline: "Public services" · October 2016')));

      const late = harness.logLines.filter((line) => line.event === "calendar-late").map((line) => line.moment);
      assert.equal(late.length, 8);
      assert.ok(late.includes("digest:public-services:2016-10:d1t0900"));
      const log = await harness.app.store.calendar.recentLog(50);
      const moments = log.filter((entry) => entry.fields.kind === "moment");
      assert.equal(moments.length, 8);
      assert.ok(moments.every((entry) => entry.fields.late === "true"));
      const steps = await harness.app.store.calendar.steps("public-services", "aksu", "2016-10");
      assert.deepEqual(steps.map((s) => [s.kind, s.late, s.recipients]), [["reminder", true, 1]]);
    }));

  test("the digest states completeness, the late and the missing, who explained why, and the totals so far", () =>
    withBot(async (harness, schedulers) => {
      await given(harness, { form: "public-services", unit: "talgar", period: "2016-10", values: SERVICES, at: local(2016, 11, 3, 9) });
      await given(harness, {
        form: "public-services",
        unit: "uygur",
        period: "2016-10",
        values: { ...SERVICES, services_ekyzmet: 4000, seminars: 5 },
        at: local(2016, 11, 5, 19),
        late: true,
      });
      await harness.app.store.calendar.mute("public-services", "2016-10", { unit: "tekeli", by: TEKELI, at: local(2016, 11, 4).getTime(), reason: "the akimat's office was closed for repairs" });
      const scheduler = await start(harness, schedulers, { ...MANUAL, reminders: [] });
      const mark = harness.api.mark();
      harness.clock.set(local(2016, 11, 6, 9, 0));
      const result = await scheduler.tick();
      await scheduler.settled(result.jobs);

      const digest = textsTo(harness, BOSS, mark).find((text) => text.includes('"Public services"'))!;
      const lines = digest.split("\n");
      assert.equal(lines[0], '📮 After the deadline: "Public services" · October 2016');
      assert.equal(lines[1], "The deadline was 5 November 2016, 18:00.");
      assert.equal(lines[2], "Reported: 2 of 19 (10.5%); of them late: 1.");
      assert.match(lines[3]!, /^Not reported \(16\): Taldykorgan City, Kapshagay City, Aksu District, /);
      assert.ok(!lines[3]!.includes("Tekeli"), "a unit that explained itself is listed with its reason instead");
      assert.deepEqual(lines.slice(4, 6), ["Not reporting, with a reason:", '• Tekeli City: "the akimat\'s office was closed for repairs"']);
      assert.equal(lines[7], "Totals so far (2 units):");
      assert.ok(lines.includes("• Public services rendered via e-Kyzmet: 7,000"), digest);
      assert.ok(lines.includes("• Seminars held on public service standards and regulations: 7"), digest);
      // A department head who sees public services only gets that digest, not the employment programme's.
      const dana = textsTo(harness, SERVICES_ONLY, mark);
      assert.equal(dana.length, 1);
      assert.ok(dana[0]!.includes('"Public services"'));
      assert.deepEqual(textsTo(harness, AKSU, mark), []);
    }));

  test("the optional morning brief tells the leadership each form's completeness and deadline, once a day", () =>
    withBot(async (harness, schedulers) => {
      await given(harness, { form: "public-services", unit: "talgar", period: "2016-10", values: SERVICES, at: local(2016, 11, 1, 9) });
      const scheduler = await start(harness, schedulers, { ...MANUAL, reminders: [], digest: null, morningBrief: { time: "09:00" } });
      const mark = harness.api.mark();
      harness.clock.set(local(2016, 11, 3, 8, 59));
      assert.deepEqual((await scheduler.tick()).fired, []);
      harness.clock.set(local(2016, 11, 3, 9, 0));
      const result = await scheduler.tick();
      assert.deepEqual(result.fired.map((m) => m.id), ["brief:2016-11-03"]);
      await scheduler.settled(result.jobs);
      assert.deepEqual(textsTo(harness, BOSS, mark)[0]?.split("\n"), [
        "☀️ Morning brief, 3 November 2016",
        '"Employment Roadmap 2020" · October 2016: 0 of 19 reported; due 5 November 2016, 18:00.',
        '"Public services" · October 2016: 1 of 19 reported; due 5 November 2016, 18:00.',
      ]);
      assert.equal(textsTo(harness, SERVICES_ONLY, mark)[0]?.split("\n").length, 2, "only the forms the reader may see");
      assert.deepEqual(textsTo(harness, AKSU, mark), []);
      harness.clock.set(local(2016, 11, 3, 15, 0));
      assert.deepEqual((await scheduler.tick()).jobs, []);
    }));

  test("the digest and the morning brief carry the units' notes: explanations with reports and reasons for corrections", () =>
    withBot(async (harness, schedulers) => {
      await given(harness, { form: "public-services", unit: "talgar", period: "2016-10", values: SERVICES, at: local(2016, 11, 3, 9), reason: "a mobile service centre worked all month" });
      await given(harness, { form: "public-services", unit: "koksu", period: "2016-10", values: SERVICES, at: local(2016, 11, 3, 11) });
      await harness.app.store.calendar.mute("public-services", "2016-10", { unit: "tekeli", by: TEKELI, at: local(2016, 11, 4).getTime(), reason: "the akimat's office was closed for repairs" });
      const scheduler = await start(harness, schedulers, { ...MANUAL, reminders: [], morningBrief: { time: "09:00" } });
      const mark = harness.api.mark();
      harness.clock.set(local(2016, 11, 4, 9, 0));
      const brief = await scheduler.tick();
      await scheduler.settled(brief.jobs);
      const morning = textsTo(harness, BOSS, mark).find((text) => text.startsWith("☀️"))!;
      assert.ok(morning.includes("📝 Notes (2):"), morning);
      assert.ok(morning.includes('• October 2016 · explanation with the report (version 1): "a mobile service centre worked all month"'), morning);
      assert.ok(morning.includes("Tekeli City\n• October 2016 · nothing to report: \"the akimat's office was closed for repairs\""), morning);

      const next = harness.api.mark();
      harness.clock.set(local(2016, 11, 6, 9, 0));
      const digest = await scheduler.tick();
      await scheduler.settled(digest.jobs);
      const text = textsTo(harness, BOSS, next).find((message) => message.includes('📮 After the deadline: "Public services"'))!;
      const lines = text.split("\n");
      const at = lines.indexOf("Notes with the reports:");
      assert.ok(at > 0, text);
      assert.deepEqual(lines.slice(at + 1, at + 3), ["Talgar District", '• October 2016 · explanation with the report (version 1): "a mobile service centre worked all month"']);
      // "Nothing to report" stays in its own list, once.
      assert.equal(text.split("closed for repairs").length, 2, text);
    }));

  test("remind the missing sends at once through the outbox, names who asked, records it, and not twice within the hour", () =>
    withBot(async (harness, schedulers) => {
      const scheduler = await start(harness, schedulers);
      await given(harness, { form: "public-services", unit: "talgar", period: "2016-10", values: SERVICES, at: local(2016, 11, 3, 9) });
      harness.clock.set(local(2016, 11, 7, 11, 30));
      const mark = harness.api.mark();
      const request = { form: "public-services", period: "2016-10", askedBy: BOSS, units: ["aksu", "talgar", "tekeli", "uygur"] };
      const result = await remindMissing(harness.app.deps, request);
      assert.deepEqual(result.reminded, [
        { unit: "tekeli", recipients: 1 },
        { unit: "aksu", recipients: 1 },
      ]);
      assert.deepEqual(result.reported, ["talgar"]);
      assert.deepEqual(result.unreachable, ["uygur"]);
      await scheduler.settled(result.jobIds);
      const [aksu] = textsTo(harness, AKSU, mark);
      assert.match(aksu!, /просрочен/);
      assert.match(aksu!, /Напомнить вам попросил\(а\) Boss\./);
      const steps = await harness.app.store.calendar.steps("public-services", "aksu", "2016-10");
      assert.deepEqual(steps.map((s) => [s.kind, s.by]), [["remind", BOSS]]);

      const again = await remindMissing(harness.app.deps, request);
      assert.deepEqual(again.reminded, []);
      assert.deepEqual(again.recently.map((r) => [r.unit, r.by]), [["tekeli", BOSS], ["aksu", BOSS]]);
      assert.deepEqual(again.jobIds, []);
    }));

  test("a report corrected through a reopening after the lock is shown to the leadership with each change, once", () =>
    withBot(async (harness, schedulers) => {
      await given(harness, { form: "public-services", unit: "talgar", period: "2016-08", values: SERVICES, at: local(2016, 9, 3, 10), by: TALGAR });
      const { calendar } = harness.app.store;
      const asked = local(2016, 10, 2, 10).getTime();
      await calendar.requestReopen({ form: "public-services", unit: "talgar", period: "2016-08", by: TALGAR, at: asked, reason: "typo in seminars", updateId: 1 });
      await calendar.decideReopen({ form: "public-services", unit: "talgar", period: "2016-08", n: 1, decision: "approved", by: BOSS, at: asked + 60_000, until: asked + 48 * 3_600_000 });
      const scheduler = await start(harness, schedulers, { ...MANUAL, reminders: [], digest: null });
      harness.clock.set(local(2016, 10, 2, 10, 30));
      await scheduler.tick(); // nothing changed after the lock yet
      const mark = harness.api.mark();
      await given(harness, { form: "public-services", unit: "talgar", period: "2016-08", values: { ...SERVICES, seminars: 3 }, at: local(2016, 10, 2, 11), by: TALGAR });
      harness.clock.set(local(2016, 10, 2, 11, 1));
      const result = await scheduler.tick();
      await scheduler.settled(result.jobs);
      const boss = textsTo(harness, BOSS, mark);
      assert.equal(boss.length, 1);
      assert.deepEqual(boss[0]!.split("\n"), [
        '✏️ Correction after the lock: Talgar District · "Public services" · August 2016',
        "Version 2 of 2 October 2016, 11:00, by Tanat.",
        'Reopened with the approval of Boss; the reason given: "typo in seminars".',
        "",
        "• Seminars held on public service standards and regulations: 2 → 3",
      ]);
      assert.equal(textsTo(harness, SERVICES_ONLY, mark).length, 1);
      assert.deepEqual((await scheduler.tick()).jobs, []);
      const steps = await calendar.steps("public-services", "talgar", "2016-08");
      assert.deepEqual(steps.map((s) => s.kind), ["reopen-request", "reopen-approved", "correction-shown"]);
    }));

  test("the outbox waits out a 429 and sends each message once, one a second per chat", () =>
    withBot(async (harness, schedulers) => {
      const scheduler = await start(harness, schedulers, { tickEveryMs: 0 });
      harness.api.setRateLimits(true);
      harness.api.injectFault({ method: "sendMessage", kind: "429", retryAfter: 1 });
      const mark = harness.api.mark();
      const jobs = await harness.app.deps.outbox.enqueue([
        { id: "test/one/a", chatId: AKSU, text: "first", kind: "test" },
        { id: "test/one/b", chatId: AKSU, text: "second", kind: "test" },
        { id: "test/two/a", chatId: TALGAR, text: "third", kind: "test" },
        { id: "test/one/a", chatId: AKSU, text: "first again", kind: "test" },
      ]);
      await scheduler.settled(jobs);
      assert.deepEqual(textsTo(harness, AKSU, mark).sort(), ["first", "second"]);
      assert.deepEqual(textsTo(harness, TALGAR, mark), ["third"]);
      const stats = harness.api.stats();
      assert.equal(stats.tooManyRequests, 1, "only the injected 429: the outbox itself kept within the limits");
      const sent = harness.api.eventsSince(mark, AKSU).filter((e) => e.kind === "message");
      assert.ok(Math.abs(sent[1]!.at - sent[0]!.at) >= 900, `two messages to one chat ${sent[1]!.at - sent[0]!.at} ms apart`);
      assert.ok(harness.logLines.some((line) => line.event === "outbox-429"));
    }));

  test("BullMQ's job scheduler checks the calendar by itself, at start and every interval", () =>
    withBot(async (harness, schedulers) => {
      harness.clock.set(local(2016, 11, 2, 10, 5));
      const mark = harness.api.mark();
      const scheduler = await start(harness, schedulers, { tickEveryMs: 60_000, perChatGapMs: 0 });
      const [result] = (await once(scheduler.events, "tick")) as [Awaited<ReturnType<Scheduler["tick"]>>];
      // The settable clock runs on in real time from the instant set: the check saw that instant, give or take a moment.
      assert.ok(Math.abs(result.now.getTime() - local(2016, 11, 2, 10, 5).getTime()) < 10_000);
      assert.equal(result.fired.length, 2);
      await scheduler.settled(result.jobs);
      assert.equal(textsTo(harness, AKSU, mark).length, 2);
    }));
});
