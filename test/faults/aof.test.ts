// Issue 8, "faults survived": Redis restarted right after submissions were acknowledged, with the persistence the
// README recommends (append-only file). 1,000 submissions (first versions and corrections, through the store's submit
// script, many in flight) and a few akims' reports through the real bot; the moment the last one is acknowledged
// redis-server is killed (SIGKILL: the process dies, as in a crash or an OOM kill) or shut down cleanly (SIGTERM),
// then started again on the same data folder and socket. With appendfsync always, and after a clean shutdown, every
// acknowledged version must be there; with everysec and SIGKILL at most a tail of the last acknowledgements may be
// missing (writes Redis postponed behind a running fsync), and the test reports how many. In every case: no version
// that was not acknowledged, each with its values, one audit entry per version, totals equal to the sum of the reports.
//
// Quick mode (CI): 1,000 submissions per case. FAULTS_FULL=1: 10,000 per case and more akims through the bot.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { startRedisServer, type AppendFsync, type RedisServer } from "../../src/devtools/redisServer.ts";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import { Akim, ReplyRouter, RunLog, runAll } from "../../src/devtools/akims.ts";
import { fillForm, plainAnswers } from "../../src/devtools/akimForms.ts";
import { seededRandom } from "../../src/devtools/random.ts";
import { createRedis } from "../../src/store/redis.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { numericFigures, type FormDefinition } from "../../src/domain/forms.ts";
import { zonedTimeToUtc } from "../../src/domain/zonedTime.ts";
import type { ReportValues } from "../../src/store/values.ts";

const FULL = process.env.FAULTS_FULL === "1";
const SUBMISSIONS = FULL ? 10_000 : 1_000;
const BOT_AKIMS = FULL ? 10 : 3;
/** Submissions in flight at once (several bot processes' worth of concurrent updates). */
const IN_FLIGHT = 64;
const ROOT = new URL("../..", import.meta.url).pathname;
const domain = loadDomainConfig(`${ROOT}config`);
const UNITS = domain.region.units.map((unit) => unit.id);
const BOT_PERIOD = "2016-10";
/** With appendfsync everysec, how far back a SIGKILL may reach: a write postponed behind a slow fsync, 2 s, and a margin. */
const EVERYSEC_TAIL_MS = 3_000;
const idOf = (ack: Acknowledged) => `${ack.form.id}/${ack.period}/${ack.unit}/v${ack.version}`;

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

interface Acknowledged {
  form: FormDefinition;
  unit: string;
  period: string;
  version: number;
  values: ReportValues;
  /** Date.now() when the acknowledgement arrived. */
  at: number;
}

/** Report slots (form, unit, month) in a fixed order: months from January 2000, every unit, both forms. */
function slots(count: number): { form: FormDefinition; unit: string; period: string }[] {
  const list: { form: FormDefinition; unit: string; period: string }[] = [];
  for (let m = 0; list.length < count; m++) {
    const period = `${2000 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
    if (period === BOT_PERIOD) continue;
    for (const form of domain.forms) for (const unit of UNITS) if (list.length < count) list.push({ form, unit, period });
  }
  return list;
}

function valuesOf(form: FormDefinition, random: () => number): ReportValues {
  return Object.fromEntries(numericFigures(form).map((figure) => [figure.id, Math.floor(random() * 100_000)]));
}

/**
 * `total` submissions: every slot a first version, every third slot a correction after it (its own update id).
 * Calls `onLast` synchronously when the last acknowledgement arrives, before anything else can run.
 */
async function submitAll(store: Store, total: number, onLast: () => void): Promise<Acknowledged[]> {
  const corrections = Math.floor(total / 4);
  const list = slots(total - corrections);
  const random = seededRandom(total);
  const acknowledged: Acknowledged[] = [];
  let updateId = 1_000_000;
  let next = 0;
  const submitOne = async (slot: (typeof list)[number], expectedVersion: number) => {
    const values = valuesOf(slot.form, random);
    const result = await store.reports.submitReport({
      form: { id: slot.form.id, figures: numericFigures(slot.form) },
      unit: slot.unit,
      period: slot.period,
      values,
      expectedVersion,
      author: 77,
      updateId: updateId++,
      at: Date.parse(`${slot.period}-04T10:00:00+06:00`),
    });
    if (result.status !== "ok") throw new Error(`${slot.form.id} ${slot.unit} ${slot.period}: ${result.status}`);
    acknowledged.push({ ...slot, version: result.version, values, at: Date.now() });
    if (acknowledged.length === total) onLast();
  };
  const worker = async () => {
    while (next < list.length) {
      const index = next++;
      await submitOne(list[index]!, 0);
      if (index % 3 === 0 && index / 3 < corrections) await submitOne(list[index]!, 1);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  assert.equal(acknowledged.length, total, "every submission acknowledged before the kill");
  return acknowledged;
}

interface Check {
  /** Acknowledged versions not found after the restart, in the order they were acknowledged. */
  lost: Acknowledged[];
  versions: number;
}

/**
 * What came back after the restart: each acknowledged version stored with its values, or lost; no version that was
 * not acknowledged; totals equal to the sum of the stored reports; one audit entry per stored version.
 */
async function checkAcknowledged(store: Store, acknowledged: readonly Acknowledged[]): Promise<Check> {
  const bySlot = new Map<string, Acknowledged[]>();
  for (const ack of acknowledged) {
    const key = `${ack.form.id} ${ack.unit} ${ack.period}`;
    bySlot.set(key, [...(bySlot.get(key) ?? []), ack]);
  }
  const lost: Acknowledged[] = [];
  const storedPerForm = new Map<string, number>();
  for (const acks of bySlot.values()) {
    const { form, unit, period } = acks[0]!;
    const stored = await store.reports.getReportVersions(form.id, unit, period);
    storedPerForm.set(form.id, (storedPerForm.get(form.id) ?? 0) + stored.length);
    for (const report of stored) {
      const ack = acks.find((a) => a.version === report.version);
      assert.ok(ack, `${report.reportId} is stored but was never acknowledged`);
      assert.deepEqual(report.values, ack.values, `values of ${report.reportId}`);
    }
    lost.push(...acks.filter((ack) => !stored.some((report) => report.version === ack.version)));
  }
  for (const form of domain.forms) {
    const months = [...new Set(acknowledged.filter((a) => a.form === form).map((a) => a.period))].sort();
    const kept = await store.totals.readTotals(form, months, { listUnitsFor: [] });
    const naive = await store.totals.recomputeTotalsNaively(form, months, UNITS);
    kept.forEach((month, i) => {
      assert.deepEqual(month.values, naive[i]!.values, `${form.id} ${month.month}: totals`);
      assert.deepEqual(month.last, naive[i]!.last, `${form.id} ${month.month}: carried totals`);
      assert.equal(month.reportedCount, naive[i]!.reportedCount, `${form.id} ${month.month}: units reported`);
    });
    assert.equal(await auditCount(store, form.id), storedPerForm.get(form.id) ?? 0, `${form.id}: one audit entry per stored version`);
  }
  const order = new Map(acknowledged.map((ack, i) => [ack, i]));
  lost.sort((a, b) => order.get(a)! - order.get(b)!);
  return { lost, versions: [...storedPerForm.values()].reduce((sum, n) => sum + n, 0) };
}

async function auditCount(store: Store, formId: string): Promise<number> {
  let count = 0;
  let after: string | undefined;
  for (;;) {
    const page = await store.audit.readAudit(formId, { ...(after ? { after } : {}), count: 1000 });
    count += page.length;
    if (page.length < 1000) return count;
    after = page.at(-1)!.id;
  }
}

/** A few akims fill the public-services form through the bot; each receipt is an acknowledgement. */
async function submitThroughBot(harness: Harness, akims: number): Promise<Acknowledged[]> {
  const form = domain.forms.find((f) => f.id === "public-services")!;
  harness.clock.set(zonedTimeToUtc({ year: 2016, month: 11, day: 3, hour: 10 }, "Asia/Almaty"));
  const units = UNITS.slice(0, akims);
  await Promise.all(units.map((unit, i) => harness.app.deps.people.put({ id: 7000 + i, role: "district", unit, lang: "en" })));
  const router = new ReplyRouter(harness.api);
  const log = new RunLog();
  try {
    await runAll(units, log, (unit) => {
      const i = units.indexOf(unit);
      const user = harness.api.user({ id: 7000 + i, first_name: `Akim ${i}`, language_code: "en" });
      return fillForm(new Akim(user, router, log), form, unit, BOT_PERIOD);
    });
  } finally {
    router.close();
  }
  assert.deepEqual(log.errors, [], "every akim got a receipt");
  const answers = plainAnswers(form);
  const values = Object.fromEntries(form.figures.map((figure, i) => [figure.id, Number(answers[i])]));
  const at = Date.now();
  return units.map((unit) => ({ form, unit, period: BOT_PERIOD, version: 1, values, at }));
}

interface Case {
  fsync: AppendFsync;
  stop: "SIGKILL" | "SIGTERM";
  viaBot: boolean;
}

async function runCase(t: { diagnostic(message: string): void }, { fsync, stop, viaBot }: Case): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "akimat-aof-"));
  folders.push(dataDir);
  let server: RedisServer = await startRedisServer({ dataDir, appendfsync: fsync });
  const socket = server.socket;
  const prefix = `aof${randomBytes(3).toString("hex")}:`;
  const redis: Redis = createRedis(socket);
  redis.on("error", () => undefined); // the kill below drops the connection; the client reconnects by itself
  const store = createStore(redis, { prefix, regionId: domain.region.id });
  let harness: Harness | undefined;
  try {
    const fromBot = viaBot ? await submitThroughBot((harness = await startHarness({ redisUrl: socket, prefix })), BOT_AKIMS) : [];
    let killed: Promise<void> | undefined;
    let killedAt = 0;
    const started = Date.now();
    const acknowledged = await submitAll(store, SUBMISSIONS, () => {
      killedAt = Date.now();
      killed = server.signal(stop);
    });
    await killed;
    const seconds = (Date.now() - started) / 1000;
    const log = server.log();
    server = await startRedisServer({ dataDir, appendfsync: fsync, socket });
    const check = await checkAcknowledged(store, [...fromBot, ...acknowledged]);
    const tail = check.lost.length === 0 ? "" : `, acknowledged ${killedAt - check.lost[0]!.at} ms or less before the kill`;
    t.diagnostic(
      `appendfsync ${fsync}, ${stop} right after the last acknowledgement: ${acknowledged.length + fromBot.length} acknowledged ` +
        `(${fromBot.length} through the bot) in ${seconds.toFixed(1)} s, ${check.lost.length} lost${tail}, ${check.versions} versions stored` +
        (/fsync is taking too long/i.test(log) ? "; Redis logged a slow fsync" : ""),
    );
    if (fsync === "always" || stop === "SIGTERM") {
      assert.deepEqual(check.lost.map(idOf), [], "no acknowledged submission lost");
      return;
    }
    // everysec: Redis writes each command to the OS before it answers, unless a background fsync is still running;
    // then it postpones the write (up to 2 s) and answers anyway. Only such a tail can be lost when the process dies:
    // the last acknowledgements, never one from before, never a hole.
    for (const ack of check.lost) assert.ok(killedAt - ack.at <= EVERYSEC_TAIL_MS, `${idOf(ack)} lost though acknowledged ${killedAt - ack.at} ms before the kill`);
    const firstLost = acknowledged.indexOf(check.lost[0]!);
    if (firstLost >= 0) assert.deepEqual(check.lost.map(idOf), acknowledged.slice(firstLost).map(idOf), "only a tail of the acknowledgements is lost");
  } finally {
    await harness?.close();
    redis.disconnect();
    await server.stop();
  }
}

test(`appendfsync always: redis-server SIGKILLed right after the last of ${SUBMISSIONS} acknowledgements loses none`, async (t) => {
  await runCase(t, { fsync: "always", stop: "SIGKILL", viaBot: false });
});

test("appendfsync everysec (recommended): SIGKILL right after the last acknowledgement loses at most a tail of the last 3 s, bot receipts included", async (t) => {
  await runCase(t, { fsync: "everysec", stop: "SIGKILL", viaBot: true });
});

test("appendfsync everysec: a clean shutdown (SIGTERM) right after the last acknowledgement loses none", async (t) => {
  await runCase(t, { fsync: "everysec", stop: "SIGTERM", viaBot: false });
});
