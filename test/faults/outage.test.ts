// Issue 8, "faults survived": Redis unreachable while an akim is in the middle of a form, through the real bot
// (webhook mode, local Bot API over HTTP) with the calendar scheduler (BullMQ) running beside it. Two outages:
//   down   — redis-server killed (SIGKILL) and started again on the same data (AOF) and socket: connections refused;
//   frozen — redis-server stopped (SIGSTOP) and thawed (SIGCONT): connections stay open and nothing answers, as in a
//            network partition.
// During the outage every message and button gets "cannot save right now" in the person's own language (their saved
// choice, not Telegram's), once, without a stack trace, and the update is answered (no redelivery). The draft keeps
// every earlier answer; afterwards the bot and the scheduler recover by themselves and the akim submits: one version,
// one audit entry, totals equal to the sum of the reports, and the outbox delivers again.
// Stopping is bounded too: with Redis frozen the scheduler waits out its grace period and cuts its connections (with
// Redis down it stops at once: test/e2e/main.test.ts).
//
// Quick mode (CI): a 4 s outage. FAULTS_FULL=1: 30 s, with answers, buttons and commands all through it.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRedisServer, type RedisServer } from "../../src/devtools/redisServer.ts";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import { Akim, hasButton, ReplyRouter, RunLog } from "../../src/devtools/akims.ts";
import { receiptVersion } from "../../src/devtools/akimForms.ts";
import { createScheduler, type Scheduler } from "../../src/scheduler/index.ts";
import { cardAction, formChoice, periodChoice, questionNav } from "../../src/bot/features/report/actions.ts";
import { zonedTimeToUtc } from "../../src/domain/zonedTime.ts";
import type { BotEvent, UserAction } from "../../src/localapi/index.ts";

const FULL = process.env.FAULTS_FULL === "1";
const OUTAGE_MS = FULL ? 30_000 : 4_000;
const FORM = "public-services";
const PERIOD = "2016-10";
const UNIT = "karatal";
const AKIM = 8201;

const folders: string[] = [];
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
process.on("unhandledRejection", onRejection);
after(() => {
  process.off("unhandledRejection", onRejection);
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  // Twice (on 2026-12-05 and in the CI run after it) the scheduler's stop waited for ever after Redis came back (ioredis 6.0 never ended a client
  // cut while it waited to reconnect; fixed by ioredis 6.1 and a bounded stop). Should anything else stay open, a file
  // still alive 20 s after its tests names what holds it and fails rather than let CI wait for ever.
  setTimeout(() => {
    process.stderr.write(`outage.test.ts: still running 20 s after its tests; open: ${process.getActiveResourcesInfo().join(", ")}\n`);
    process.exit(1);
  }, 20_000).unref();
});

type Outage = "down" | "frozen";

interface Rig {
  server: RedisServer;
  harness: Harness;
  scheduler: Scheduler;
  router: ReplyRouter;
  log: RunLog;
  akim: Akim;
  /** Webhook POSTs per update id. */
  attempts: Map<number, { ok: boolean; status?: number }[]>;
  /** Makes Redis unreachable the given way. */
  fault(outage: Outage): Promise<void>;
  /** Redis back: started again on its data and socket, or thawed (nothing when it is up). */
  restore(): Promise<void>;
  close(): Promise<void>;
}

async function startRig(): Promise<Rig> {
  const dataDir = mkdtempSync(join(tmpdir(), "akimat-outage-"));
  folders.push(dataDir);
  const server = await startRedisServer({ dataDir });
  // The per-chat Redis lock on, as in webhook mode in production: it too must fail gently.
  const harness = await startHarness({ redisUrl: server.socket, env: { CHAT_LOCK: "on" }, api: { handoverTimeoutMs: 60_000 } });
  harness.clock.set(zonedTimeToUtc({ year: 2016, month: 11, day: 3, hour: 10 }, "Asia/Almaty"));
  // Reminders off (they would write into the akim's chat); the calendar is still checked every second.
  const scheduler = await createScheduler(harness.app, { settings: { reminders: [], digest: null, tickEveryMs: 1000 } });
  await harness.app.deps.people.put({ id: AKIM, role: "district", unit: UNIT, lang: "kk" });
  const attempts = new Map<number, { ok: boolean; status?: number }[]>();
  harness.api.on("webhookAttempt", (attempt: { updateId: number; ok: boolean; status?: number }) => {
    attempts.set(attempt.updateId, [...(attempts.get(attempt.updateId) ?? []), { ok: attempt.ok, status: attempt.status }]);
  });
  const router = new ReplyRouter(harness.api);
  const log = new RunLog();
  // Telegram says Russian; the akim chose Kazakh in the bot.
  const user = harness.api.user({ id: AKIM, first_name: "Akim", language_code: "ru" });
  let down: Outage | undefined;
  const rig: Rig = {
    server,
    harness,
    scheduler,
    router,
    log,
    akim: new Akim(user, router, log),
    attempts,
    fault: async (outage) => {
      down = outage;
      await rig.server.signal(outage === "down" ? "SIGKILL" : "SIGSTOP");
    },
    restore: async () => {
      if (down === "down") rig.server = await startRedisServer({ dataDir: rig.server.dir, socket: rig.server.socket });
      if (down === "frozen") await rig.server.signal("SIGCONT");
      down = undefined;
    },
    close: async () => {
      await rig.restore(); // BullMQ waits for Redis to close cleanly
      router.close();
      await scheduler.stop();
      await harness.close();
      await rig.server.stop();
    },
  };
  return rig;
}

const question = (index: number) => (e: BotEvent) => hasButton(e, questionNav.pack("cancel", index));

/** One action during the outage: the only answer is the "cannot save" message; the update is answered, once. */
async function refused(rig: Rig, label: string, act: () => UserAction<unknown>, apology: string): Promise<number> {
  const started = Date.now();
  let action: UserAction<unknown> | undefined;
  const event = await rig.akim.step(label, () => (action = act()), (e) => e.text === apology);
  const waited = Date.now() - started;
  assert.doesNotMatch(event.text ?? "", /\bat |Error|redis|ioredis|timed out/i, "no technical detail reaches the person");
  await action; // handed over: the webhook answered
  assert.deepEqual(rig.attempts.get(action!.updateId), [{ ok: true, status: 200 }], `${label}: answered, not left for Telegram to resend`);
  return waited;
}

async function runOutage(t: { diagnostic(message: string): void }, outage: Outage): Promise<void> {
  const rig = await startRig();
  const { harness, akim } = rig;
  const store = harness.app.store;
  const apology = harness.app.translate("kk", "error-storage-unavailable");
  try {
    await akim.step("/report", () => akim.user.send("/report"), (e) => hasButton(e, formChoice.pack(FORM)));
    await akim.step("form", () => akim.user.press(formChoice.pack(FORM)), (e) => hasButton(e, periodChoice.pack(FORM, PERIOD)));
    await akim.step("period", () => akim.user.press(periodChoice.pack(FORM, PERIOD)), question(0));
    await akim.step("answer 1", () => akim.user.send("1500"), question(1));
    await akim.step("answer 2", () => akim.user.send("700"), question(2));
    const draftId = `${FORM}:${UNIT}:${PERIOD}`;
    const before = await store.drafts.loadDraft(draftId);
    assert.deepEqual(before?.values, { services_ekyzmet: "1500", services_egov: "700" });

    // The outage.
    const faultAt = Date.now();
    await rig.fault(outage);
    const actions: [string, () => UserAction<unknown>][] = [
      ["answer 3 (outage)", () => akim.user.send("3")],
      ["skip (outage)", () => akim.user.press(questionNav.pack("skip", 2))],
      ["/report (outage)", () => akim.user.send("/report")],
    ];
    const waits: number[] = [];
    for (let i = 0; i < (FULL ? Number.POSITIVE_INFINITY : 2); i++) {
      // Full mode keeps trying until 6 s before the end (one try lasts at most the 5 s command timeout).
      if (FULL && Date.now() - faultAt > OUTAGE_MS - 6_000) break;
      const [label, act] = actions[i % actions.length]!;
      waits.push(await refused(rig, label, act, apology));
    }
    const rest = OUTAGE_MS - (Date.now() - faultAt);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest)); // the outage lasts its full length
    const redis = harness.app.redis;
    await rig.restore();
    const downFor = Date.now() - faultAt;
    if (redis.status !== "ready") await once(redis, "ready");
    const restoredAt = Date.now();

    // Nothing was lost or half-written, and the scheduler checks the calendar again by itself.
    const during = await store.drafts.loadDraft(draftId);
    assert.deepEqual(during?.values, before?.values, "the draft keeps every answer given before the outage");
    assert.equal(during?.cursor, 2, "and stands at the same question");
    assert.equal(await store.reports.getReport(FORM, UNIT, PERIOD), null, "no report was written");
    const [tick] = (await once(rig.scheduler.events, "tick", { signal: AbortSignal.timeout(30_000) })) as [{ now: Date }];
    assert.ok(tick, "the calendar scheduler ticks again after the outage");
    // …and its outbox sends again (its worker's blocking connection came back too): a message queued now is delivered.
    const colleague = harness.api.user({ id: AKIM + 1, first_name: "Colleague", language_code: "kk" });
    const delivered = colleague.waitFor((e) => e.kind === "message", 30_000);
    const [job] = await harness.app.deps.outbox.enqueue([{ id: `after-outage/${outage}`, chatId: AKIM + 1, text: apology, kind: "remind" }]);
    await rig.scheduler.settled([job!], 30_000);
    assert.equal((await delivered).text, apology, "the outbox delivers after the outage");

    // The akim goes on where they were and submits.
    await akim.step("answer 3", () => akim.user.send("3"), question(3));
    await akim.step("answer 4", () => akim.user.send("2"), question(4));
    await akim.step("answer 5", () => akim.user.send("1"), question(5));
    await akim.step("answer 6", () => akim.user.send("0"), (e) => hasButton(e, cardAction.pack("submit")), 4);
    const receipt = await akim.step("submit", () => akim.user.press(cardAction.pack("submit")), (e) => receiptVersion(e.text) === 1);
    assert.ok(receipt);
    assert.deepEqual(rig.log.errors, [], "every update was answered");

    const versions = await store.reports.getReportVersions(FORM, UNIT, PERIOD);
    assert.equal(versions.length, 1, "one version");
    assert.deepEqual(versions[0]!.values, { services_ekyzmet: 1500, services_egov: 700, services_other: 3, seminars: 2, seminars_field: 1, violations: 0 });
    assert.equal((await store.audit.readAudit(FORM)).length, 1, "one audit entry");
    const form = harness.app.deps.forms.find((f) => f.id === FORM)!;
    const units = harness.app.deps.region.units.map((unit) => unit.id);
    const [kept] = await store.totals.readTotals(form, [PERIOD]);
    const [naive] = await store.totals.recomputeTotalsNaively(form, [PERIOD], units);
    assert.deepEqual(kept, naive, "totals equal the sum of the reports");

    // No crash: errors are logged as the storage being unavailable, none escaped to grammY's last resort.
    const errors = harness.logLines.filter((line) => Number(line.level) >= 50);
    const refusedUpdates = errors.filter((line) => line.msg === "update failed");
    assert.equal(refusedUpdates.length, waits.length, "each refused update logged once");
    assert.ok(refusedUpdates.every((line) => line.event === "storage-unavailable"), "…as the storage being unavailable");
    assert.deepEqual(errors.filter((line) => line.msg === "unhandled error"), []);
    assert.deepEqual(rejections, [], "no unhandled promise rejection");
    const schedulerErrors = errors.filter((line) => /^(calendar|outbox)-error$/.test(String(line.event))).length;
    t.diagnostic(
      `${outage}: Redis unreachable for ${(downFor / 1000).toFixed(1)} s; ${waits.length} updates refused, answered after ` +
        `${waits.map((ms) => (ms / 1000).toFixed(1)).join(", ")} s; client ready ${restoredAt - faultAt - downFor} ms after Redis was back; ` +
        `${schedulerErrors} scheduler connection errors logged`,
    );
  } finally {
    await rig.close();
  }
}

// A failure must not leave CI waiting: BullMQ and the akims' waits are bounded by the test's own limit.
const LIMIT = { timeout: FULL ? 240_000 : 90_000 };

test("Redis down (killed, restarted on its AOF): the akim is told it cannot save, keeps the draft, and submits after", LIMIT, async (t) => {
  await runOutage(t, "down");
});

test("Redis frozen (SIGSTOP, no answers): the akim is told within the command timeout, keeps the draft, and submits after", LIMIT, async (t) => {
  await runOutage(t, "frozen");
});

test("stopping while Redis is frozen: the scheduler waits out its grace period, then cuts its connections", LIMIT, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "akimat-outage-"));
  folders.push(dataDir);
  const server = await startRedisServer({ dataDir });
  const harness = await startHarness({ redisUrl: server.socket });
  const scheduler = await createScheduler(harness.app, { settings: { reminders: [], digest: null, tickEveryMs: 1000 }, stopGraceMs: 1000 });
  try {
    await once(scheduler.events, "tick"); // the workers run and block on Redis
    await server.signal("SIGSTOP"); // connections stay open, nothing answers: BullMQ's graceful close would wait for ever
    await scheduler.stop(); // resolves: without the grace period this test would time out
    const events = harness.logLines.map((line) => line.event);
    assert.ok(events.includes("scheduler-stop-cut"), "the grace period ran out and the connections were cut");
  } finally {
    await server.signal("SIGCONT");
    await harness.close();
    await server.stop();
  }
});
