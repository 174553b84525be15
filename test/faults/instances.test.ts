// Issue 8, "more than one machine": several production bots (`node --import tsx src/main.ts`, webhook mode) behind
// one address, sharing one Redis. A small proxy is that address: it hands the local Bot API's webhook calls to the
// instances in turn, so one chat's updates land on different instances; and it delivers every form answer and every
// submission to two instances at once, as Telegram does when it resends an update whose first delivery is still
// being handled (a webhook call that timed out, a connection reset). The per-chat lock in Redis (src/bot/chatLock.ts)
// makes the two copies take turns, and the draft's update-id guard makes the second one change and send nothing.
// Each instance also runs the calendar scheduler: a due reminder goes out once, whatever the number of instances.
//
// Quick by default (4 akims per phase); FAULTS_FULL=1 runs 8 akims per phase.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { on } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { Queue, QueueEvents } from "bullmq";
import { startRedisServer, type RedisServer } from "../../src/devtools/redisServer.ts";
import { LocalBotApi, type BotEvent, type Delivered, type TgUpdate, type UserAction, type UserHandle } from "../../src/localapi/index.ts";
import { createRedis } from "../../src/store/redis.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { freePort } from "../../src/devtools/ports.ts";
import { errorLinesOf } from "../helpers/logs.ts";
import { outputMatches, spawnMain, stopMain, type MainProcess } from "../helpers/mainProcess.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const TOKEN = "2000009:LOCAL-instances-test-token-not-real";
const SECRET = "instances-webhook-secret-0123456789";
const FORM = "public-services";
const PERIOD = "2016-10";
const REPLY_MS = 30_000;
const FULL = process.env.FAULTS_FULL === "1";
const AKIMS_PER_PHASE = FULL ? 8 : 4;
const UNITS = ["taldykorgan", "kapshagay", "tekeli", "aksu", "alakol", "balkhash", "enbekshikazakh", "eskeldi", "zhambyl", "ile", "karasai", "karatal", "kerbulak", "koksu", "panfilov", "raiymbek"];
const REMINDERS_PER_AKIM = 2; // 10:00 three days before the deadline: one per form (public services, employment)

interface Instance extends MainProcess {
  port: number;
}

let redisServer: RedisServer;
let redis: Redis;
let store: Store;
let api: LocalBotApi;
let proxy: Proxy;
const prefix = `in${randomBytes(3).toString("hex")}:`;
const instances: Instance[] = [];
const akims: UserHandle[] = [];
const submittedBy = new Set<number>();

before(async () => {
  redisServer = await startRedisServer();
  redis = createRedis(redisServer.socket);
  store = createStore(redis, { prefix, regionId: "almaty-region" });
  api = await LocalBotApi.start({ handoverTimeoutMs: REPLY_MS });
  api.addBot({ token: TOKEN, id: 2000009, username: "akimat_instances_bot", first_name: "Akimat" });
  api.events.setMaxListeners(4 * UNITS.length); // every akim waits for its own messages at once
  for (const [i, unit] of UNITS.slice(0, 2 * AKIMS_PER_PHASE).entries()) {
    const id = 9101 + i;
    await store.users.putUser({ id, role: "district", unit, lang: "en" });
    akims.push(api.user({ id, first_name: `Akim ${unit}`, language_code: "en" }));
  }
  proxy = await startProxy();
});

after(async () => {
  await Promise.all(instances.map((instance) => stop(instance)));
  await proxy?.close();
  await api?.close();
  redis?.disconnect();
  await redisServer?.stop();
});

/** The production entry point in webhook mode on its own port, its webhook URL the proxy's; resolves once started. */
async function startInstance(): Promise<Instance> {
  const port = await freePort();
  const main = spawnMain({
    BOT_TOKEN: TOKEN,
    BOT_API_ROOT: api.apiRoot,
    BOT_MODE: "webhook",
    WEBHOOK_URL: proxy.url,
    WEBHOOK_SECRET: SECRET,
    WEBHOOK_HOST: "127.0.0.1",
    WEBHOOK_PORT: String(port),
    REDIS_URL: redisServer.socket,
    REDIS_PREFIX: prefix,
    // 10:00 in Almaty three days before the October reports are due: the reminder moment is due at start.
    CLOCK_START: "2016-11-02T10:00:00+06:00",
    LOG_LEVEL: "info",
    ...(process.env.CHAT_LOCK ? { CHAT_LOCK: process.env.CHAT_LOCK } : {}),
  });
  const started = outputMatches(main, /"bot started"/);
  const instance = { ...main, port };
  instances.push(instance);
  await started;
  return instance;
}

async function stop(instance: Instance): Promise<void> {
  await stopMain(instance, "SIGTERM");
}

interface Proxy {
  url: string;
  /** The instances the proxy hands updates to, in turn. */
  targets: Instance[];
  /** update id → the ports of the instances it was handed to. */
  landed: Map<number, number[]>;
  close(): Promise<void>;
}

/** An update Telegram may resend while its first delivery is still handled: a form answer or a submission. */
function resentAtOnce(update: TgUpdate): boolean {
  const text = update.message?.text;
  if (text !== undefined) return !text.startsWith("/");
  return update.callback_query?.data === "rcard|submit";
}

/** One address in front of the instances: round robin; form answers and submissions to two instances at once. */
async function startProxy(): Promise<Proxy> {
  let next = 0;
  const landed = new Map<number, number[]>();
  const state = { targets: [] as Instance[] };
  const pick = () => state.targets[next++ % state.targets.length]!;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const update = JSON.parse(body) as TgUpdate;
      const first = pick();
      const chosen = resentAtOnce(update) && state.targets.length > 1 ? [first, pick()] : [first];
      landed.set(update.update_id, chosen.map((t) => t.port));
      const headers = { "content-type": "application/json", "x-telegram-bot-api-secret-token": String(req.headers["x-telegram-bot-api-secret-token"] ?? "") };
      const answers = await Promise.all(
        chosen.map((target) => fetch(`http://127.0.0.1:${target.port}${req.url ?? "/"}`, { method: "POST", headers, body })),
      );
      const texts = await Promise.all(answers.map((answer) => answer.text()));
      res.writeHead(answers[0]!.status, { "content-type": "application/json" }).end(texts[0]);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get targets() {
      return state.targets;
    },
    set targets(value: Instance[]) {
      state.targets = value;
    },
    landed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
  });
}

const messages = (user: UserHandle, pattern: RegExp): BotEvent[] =>
  api.eventsSince(0, user.chatId).filter((e) => e.kind === "message" && pattern.test(e.text ?? ""));

/** update ids each chat sent (its messages and button presses). */
const sentUpdates = new Map<number, number[]>();

/** Does a user action and waits for the bot's reply matching `expect`; returns the delivered update. */
async function act(user: UserHandle, action: () => UserAction<Delivered>, expect: RegExp): Promise<TgUpdate> {
  const reply = user.waitFor((e) => e.kind === "message" && expect.test(e.text ?? ""), REPLY_MS);
  const delivered = action();
  sentUpdates.set(user.chatId, [...(sentUpdates.get(user.chatId) ?? []), delivered.updateId]);
  const { update } = await delivered;
  await reply;
  return update;
}

/** Resolves once `count` messages matching `pattern` reached the chat (counted from the start). */
async function received(user: UserHandle, pattern: RegExp, count: number): Promise<void> {
  let seen = 0;
  for (let k = 0; k < count; k++) {
    const event = await api.waitFor(user.chatId, (e) => e.kind === "message" && e.seq > seen && pattern.test(e.text ?? ""), { since: 0, timeoutMs: REPLY_MS });
    seen = event.seq;
  }
}

/** The answers of akim `i`: services via e-Kyzmet, via eGov, other, seminars, of which field seminars, violations. */
const answersOf = (i: number): number[] => [1000 + i, 300 + i, 10 + i, 3 + (i % 4), 1 + (i % 3), i % 5];
const FIGURES = ["services_ekyzmet", "services_egov", "services_other", "seminars", "seminars_field", "violations"];

/** An akim fills the whole public-services form; halfway an old answer comes again, out of order, at another instance. */
async function fillForm(user: UserHandle, i: number): Promise<void> {
  const answers = answersOf(i);
  await act(user, () => user.send("/report"), /Which report are you submitting\?/);
  await act(user, () => user.press(`rform|${FORM}`), /Public services: for which period\?/);
  await act(user, () => user.press(`rper|${FORM}|${PERIOD}`), /Question 1 of 6/);
  let firstAnswer: TgUpdate | undefined;
  for (const [index, value] of answers.entries()) {
    const expect = index < 5 ? new RegExp(`Question ${index + 2} of 6`) : /Please check the values and submit the report/;
    const update = await act(user, () => user.send(String(value)), expect);
    firstAnswer ??= update;
    if (index === 2) await resendLate(user, firstAnswer);
  }
  await act(user, () => user.press("rcard|submit"), /Report accepted/);
}

/** The first answer again, after three later ones, straight to an instance it did not land on: changes nothing. */
async function resendLate(user: UserHandle, update: TgUpdate): Promise<void> {
  const landedOn = proxy.landed.get(update.update_id) ?? [];
  const other = proxy.targets.find((t) => !landedOn.includes(t.port)) ?? proxy.targets[0]!;
  const draftId = `${FORM}:${UNITS[akims.indexOf(user)]}:${PERIOD}`;
  const before = await store.drafts.loadDraft(draftId);
  const mark = api.mark();
  const response = await fetch(`http://127.0.0.1:${other.port}/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body: JSON.stringify(update),
  });
  assert.equal(response.status, 200);
  assert.deepEqual(api.eventsSince(mark, user.chatId), [], "an old answer delivered late sends nothing");
  assert.deepEqual(await store.drafts.loadDraft(draftId), before, "an old answer delivered late changes nothing");
}

/** Every answer stored once, every question asked once, one receipt, updates spread over the instances. */
async function checkForms(phase: UserHandle[], ports: number[]): Promise<void> {
  const form = loadDomainConfig(`${ROOT}config`).forms.find((f) => f.id === FORM)!;
  for (const user of phase) {
    const i = akims.indexOf(user);
    const unit = UNITS[i]!;
    const versions = await store.reports.getReportVersions(FORM, unit, PERIOD);
    assert.equal(versions.length, 1, `${unit}: one version`);
    assert.deepEqual(versions[0]!.values, Object.fromEntries(FIGURES.map((f, k) => [f, answersOf(i)[k]])), `${unit}: every answer stored`);
    for (let n = 1; n <= 6; n++) assert.equal(messages(user, new RegExp(`Question ${n} of 6`)).length, 1, `${unit}: question ${n} asked once`);
    assert.equal(messages(user, /Please check the values/).length, 1, `${unit}: one card`);
    assert.equal(messages(user, /Report accepted/).length, 1, `${unit}: one receipt`);
    assert.equal(messages(user, /went wrong/).length, 0, `${unit}: no apology`);
    const reached = new Set((sentUpdates.get(user.chatId) ?? []).flatMap((id) => proxy.landed.get(id) ?? []));
    assert.deepEqual([...reached].sort(), [...ports].sort(), `${unit}: the chat's updates reached every instance`);
  }
  const units = UNITS.slice(0, akims.length);
  const [kept] = await store.totals.readTotals(form, [PERIOD]);
  const [recomputed] = await store.totals.recomputeTotalsNaively(form, [PERIOD], units);
  assert.deepEqual(kept?.values, recomputed?.values, "totals equal the sum of the reports");
  const submitted = units.filter((_, i) => submittedBy.has(akims[i]!.chatId));
  assert.deepEqual([...(kept?.reported ?? [])].sort(), submitted.sort(), "the units that submitted, and only they, are counted");
}

/** Resolves once `count` start-up calendar checks have finished (each instance queues one when it starts). */
async function startTicksDone(count: number): Promise<void> {
  const connection = { path: redisServer.socket, maxRetriesPerRequest: null };
  const bullPrefix = `${store.keys.root}bull`;
  const queue = new Queue("calendar", { connection, prefix: bullPrefix });
  const events = new QueueEvents("calendar", { connection, prefix: bullPrefix, lastEventId: "0-0" });
  try {
    await events.waitUntilReady();
    const completed = on(events, "completed", { signal: AbortSignal.timeout(REPLY_MS) });
    const done = async () => (await queue.getJobs(["completed"])).filter((job) => (job.data as { reason?: string }).reason === "start").length;
    while ((await done()) < count) await completed.next();
  } finally {
    await events.close();
    await queue.close();
  }
}

test("three instances starting at once, each running the scheduler, send each due reminder once", async (t) => {
  const started = Date.now();
  await Promise.all([startInstance(), startInstance(), startInstance()]);
  await startTicksDone(3);
  await Promise.all(akims.map((user) => received(user, /Reminder/, REMINDERS_PER_AKIM)));
  for (const user of akims) {
    const texts = messages(user, /Reminder/).map((e) => e.text);
    assert.equal(texts.length, REMINDERS_PER_AKIM, `chat ${user.chatId}: ${texts.join("\n---\n")}`);
    assert.equal(new Set(texts).size, REMINDERS_PER_AKIM);
  }
  t.diagnostic(`3 instances started and reminded ${akims.length} akims in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

for (const count of [2, 3]) {
  test(`${count} instances behind one address: every form reaches the receipt with each answer stored and each question asked once`, async (t) => {
    const started = Date.now();
    proxy.targets = instances.slice(0, count);
    const phase = akims.slice((count - 2) * AKIMS_PER_PHASE, (count - 1) * AKIMS_PER_PHASE);
    await Promise.all(phase.map((user) => fillForm(user, akims.indexOf(user))));
    for (const user of phase) submittedBy.add(user.chatId);
    await checkForms(phase, proxy.targets.map((target) => target.port));
    const locks = await redis.info("commandstats");
    t.diagnostic(`${phase.length} forms through ${count} instances in ${((Date.now() - started) / 1000).toFixed(1)} s; ${/cmdstat_getdel:calls=(\d+)/.exec(locks)?.[1] ?? 0} lock releases so far`);
  });
}

test("no instance logged an error, and reminders still went out once each", async () => {
  for (const instance of instances) assert.deepEqual(errorLinesOf(instance.output()), [], `instance on port ${instance.port}`);
  for (const user of akims) assert.equal(messages(user, /Reminder/).length, REMINDERS_PER_AKIM);
});
