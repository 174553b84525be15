// Operational signals through the real bot over HTTP: /healthz (Redis, webhook), /metrics (Prometheus), and logs
// that never carry the bot token or an invite code.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { LocalBotApi } from "../../src/localapi/index.ts";
import { startHarness, HARNESS_BOT, HARNESS_TOKEN, type Harness } from "../../src/devtools/harness.ts";
import { startRedisServer, type RedisServer } from "../../src/devtools/redisServer.ts";
import { zonedTimeToUtc } from "../../src/domain/zonedTime.ts";
import { numericFigures } from "../../src/domain/forms.ts";
import { accessFor } from "../../src/access/index.ts";
import { runAdmin } from "../../src/admin/cli.ts";
import { createScheduler } from "../../src/scheduler/index.ts";
import { freePort } from "../../src/devtools/ports.ts";
import { startPollingMain, stopMain } from "../helpers/mainProcess.ts";

function opsUrl(harness: Harness, path: string): string {
  return new URL(path, harness.webhookUrl).toString();
}

async function health(harness: Harness): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(opsUrl(harness, "/healthz"));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** One sample of /metrics, e.g. metric("akimat_submissions_total", 'result="new"'); 0 when absent. */
async function scrape(harness: Harness): Promise<(name: string, labels?: string) => number> {
  const response = await fetch(opsUrl(harness, "/metrics"));
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return (name, labels) => {
    const wanted = labels === undefined ? name : `${name}{${labels}}`;
    const line = text.split("\n").find((l) => l.startsWith(`${wanted} `));
    return line === undefined ? 0 : Number(line.slice(wanted.length + 1));
  };
}

describe("/healthz", () => {
  let redisServer: RedisServer;
  let harness: Harness;
  before(async () => {
    redisServer = await startRedisServer();
    harness = await startHarness({ redisUrl: redisServer.socket });
  });
  after(async () => {
    await harness.close();
    await redisServer.stop();
  });

  test("answers 200 with each check ok when Redis answers and the webhook is ours", async () => {
    assert.deepEqual(await health(harness), { status: 200, body: { ok: true, redis: "ok", webhook: "ok" } });
  });

  test("answers 503 naming the webhook when it is not set, once the cached answer is older than a minute", async () => {
    await harness.app.bot.api.deleteWebhook();
    assert.equal((await health(harness)).status, 200, "the webhook answer is cached, so a probe does not ask every time");
    const calls = harness.api.stats().calls.filter((c) => c.method === "getWebhookInfo").length;
    harness.clock.set(new Date(harness.clock.now().getTime() + 61_000));
    assert.deepEqual(await health(harness), { status: 503, body: { ok: false, redis: "ok", webhook: "not set" } });
    assert.equal(harness.api.stats().calls.filter((c) => c.method === "getWebhookInfo").length, calls + 1);

    await harness.app.bot.api.setWebhook("https://elsewhere.example/telegram", { secret_token: harness.secret });
    harness.clock.set(new Date(harness.clock.now().getTime() + 61_000));
    assert.equal((await health(harness)).body.webhook, "points elsewhere");

    await harness.app.bot.api.setWebhook(harness.webhookUrl, { secret_token: harness.secret });
    harness.clock.set(new Date(harness.clock.now().getTime() + 61_000));
    assert.equal((await health(harness)).status, 200);
  });

  test("answers 503 when the Bot API cannot be asked, within a few seconds, and recovers by itself", async () => {
    harness.api.injectFault({ method: "getWebhookInfo", kind: "drop", times: 1000 });
    harness.clock.set(new Date(harness.clock.now().getTime() + 61_000));
    assert.deepEqual(await health(harness), { status: 503, body: { ok: false, redis: "ok", webhook: "unknown (Bot API unreachable)" } });
    harness.api.clearFaults();
    harness.clock.set(new Date(harness.clock.now().getTime() + 11_000));
    assert.equal((await health(harness)).status, 200);
  });

  test("answers 503 naming Redis when its server is stopped", async () => {
    await redisServer.stop();
    assert.deepEqual(await health(harness), { status: 503, body: { ok: false, redis: "unreachable", webhook: "ok" } });
  });
});

describe("HEALTH_PORT in polling mode", () => {
  test("npm start serves /healthz and /metrics on the ops port; the webhook check wants none set", async () => {
    const redisServer = await startRedisServer();
    const api = await LocalBotApi.start();
    const token = "3000003:LOCAL-ops-test-token-not-real";
    api.addBot({ token, id: 3000003, username: "akimat_ops_bot", first_name: "Akimat" });
    const port = await freePort();
    const main = await startPollingMain(api, {
      BOT_TOKEN: token,
      BOT_API_ROOT: api.apiRoot,
      REDIS_URL: redisServer.socket,
      HEALTH_PORT: String(port),
      HEALTH_HOST: "127.0.0.1",
    });
    try {
      const user = api.user({ id: 5005, first_name: "Guest", language_code: "en" });
      const reply = user.waitFor((e) => e.kind === "message", 20_000);
      user.send("/start").catch(() => undefined); // with the runner the hand-over comes with its next fetch
      await reply;
      const healthz = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.deepEqual([healthz.status, await healthz.json()], [200, { ok: true, redis: "ok", webhook: "ok" }]);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      assert.match(metrics, /^akimat_updates_total\{type="message"\} 1$/m);
      assert.equal((await fetch(`http://127.0.0.1:${port}/telegram`, { method: "POST" })).status, 404);
    } finally {
      await stopMain(main, "SIGTERM");
      await api.close();
      await redisServer.stop();
    }
  });
});

describe("/metrics", () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
    harness.clock.set(zonedTimeToUtc({ year: 2016, month: 11, day: 3, hour: 10 }, "Asia/Almaty"));
    await harness.app.deps.people.put({ id: 901, role: "district", unit: "balkhash", lang: "en" });
  });
  after(() => harness.close());

  test("counts and times every update by type", async () => {
    const before = await scrape(harness);
    const akim = harness.api.user({ id: 901, first_name: "Smagulov", language_code: "en" });
    await akim.send("/help");
    await akim.send("/report");
    await akim.press("rform|public-services");
    const now = await scrape(harness);
    assert.equal(now("akimat_updates_total", 'type="message"') - before("akimat_updates_total", 'type="message"'), 2);
    assert.equal(now("akimat_updates_total", 'type="callback_query"') - before("akimat_updates_total", 'type="callback_query"'), 1);
    assert.equal(now("akimat_update_duration_seconds_count", 'type="message"') - before("akimat_update_duration_seconds_count", 'type="message"'), 2);
    assert.ok(now("akimat_update_duration_seconds_sum", 'type="message"') > 0);
    assert.ok(now("process_resident_memory_bytes") > 0, "the process's own metrics are there too");
  });

  test("counts a submission made through the bot as new, then corrections, conflicts and duplicates by result", async () => {
    const akim = harness.api.user({ id: 901, first_name: "Smagulov", language_code: "en" });
    await akim.press("rper|public-services|2016-10");
    for (const value of ["1500", "700", "0", "1", "0", "0"]) await akim.send(value);
    const submitted = await akim.press("rcard|submit");
    assert.ok(submitted.replies.some((e) => /Report accepted/.test(e.text ?? "")));
    let metric = await scrape(harness);
    assert.equal(metric("akimat_submissions_total", 'result="new"'), 1);
    assert.equal(metric("akimat_submissions_total", 'result="correction"'), 0);

    const form = harness.app.deps.forms.find((f) => f.id === "public-services")!;
    const base = { form: { id: form.id, figures: numericFigures(form) }, unit: "balkhash", period: "2016-10", author: 901, at: Date.now() };
    const values = { services_ekyzmet: 1600, services_egov: 700, services_other: 0, seminars: 1, seminars_field: 0, violations: 0 };
    const reports = harness.app.store.reports;
    assert.equal((await reports.submitReport({ ...base, values, expectedVersion: 1, updateId: 7_000_001 })).status, "ok");
    assert.equal((await reports.submitReport({ ...base, values, expectedVersion: 1, updateId: 7_000_002 })).status, "conflict");
    assert.equal((await reports.submitReport({ ...base, values, expectedVersion: 1, updateId: 7_000_001 })).status, "duplicate");
    metric = await scrape(harness);
    assert.deepEqual(
      ["new", "correction", "conflict", "duplicate"].map((result) => metric("akimat_submissions_total", `result="${result}"`)),
      [1, 1, 1, 1],
    );
  });

  test("counts the reminders and other messages the outbox sends, by kind", async () => {
    const scheduler = await createScheduler(harness.app, { settings: { tickEveryMs: 0 } });
    try {
      const jobs = await harness.app.deps.outbox.enqueue([
        { id: "reminder/ops-test/1", chatId: 901, text: "Reminder: the report is due.", kind: "reminder" },
        { id: "digest/ops-test/1", chatId: 901, text: "Digest.", kind: "digest" },
      ]);
      await scheduler.settled(jobs);
      const metric = await scrape(harness);
      assert.equal(metric("akimat_outbox_sent_total", 'kind="reminder"'), 1);
      assert.equal(metric("akimat_outbox_sent_total", 'kind="digest"'), 1);
    } finally {
      await scheduler.stop();
    }
  });

  test("counts an update that failed, and each failed Bot API try, the retried ones included", async () => {
    const before = await scrape(harness);
    const akim = harness.api.user({ id: 901, first_name: "Smagulov", language_code: "en" });
    harness.api.injectFault({ method: "sendMessage", kind: "429", retryAfter: 1, times: 1 });
    const retried = await akim.send("/help");
    assert.equal(retried.replies.filter((e) => e.kind === "message").length, 1);
    // Longer than the harness lets auto-retry wait: the reply fails, the user gets the apology instead.
    harness.api.injectFault({ method: "sendMessage", kind: "429", retryAfter: 60, times: 1 });
    const failed = await akim.send("/help");
    assert.equal(failed.replies.filter((e) => e.kind === "message").length, 1);
    const now = await scrape(harness);
    const failures = 'method="sendMessage",code="429"';
    assert.equal(now("akimat_bot_api_failures_total", failures) - before("akimat_bot_api_failures_total", failures), 2);
    assert.equal(now("akimat_update_errors_total", 'type="message"') - before("akimat_update_errors_total", 'type="message"'), 1);
  });
});

describe("logs", () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({ env: { ADMIN_IDS: "8800" }, logLevel: "trace" });
  });
  after(() => harness.close());

  test("never show the bot token or an invite code, whether created in the bot or the shell, redeemed, wrong or in a failed send", async () => {
    const admin = harness.api.user({ id: 8800, first_name: "Boss", language_code: "en" });
    const codes: string[] = [];
    const codeIn = (text: string) => /\/start ([\w-]+)/.exec(text)?.[1];

    await admin.send("/invite");
    await admin.press("Unit representative");
    const created = await admin.press("Karatal District");
    const inBot = created.replies.map((e) => codeIn(e.text ?? "")).find(Boolean);
    assert.ok(inBot, "the bot showed a code");
    codes.push(inBot);

    const out: string[] = [];
    const context = {
      access: accessFor(harness.app.deps),
      region: harness.app.deps.region,
      forms: harness.app.deps.forms,
      timeZone: "Asia/Almaty",
      botUsername: async () => HARNESS_BOT.username,
    };
    const exit = await runAdmin(["invite", "create", "--role", "region"], context, { out: (l) => out.push(l), err: (l) => out.push(l) });
    assert.equal(exit, 0, out.join("\n"));
    const inShell = out.map(codeIn).find(Boolean);
    assert.ok(inShell, "the shell printed a code");
    codes.push(inShell);

    // A send that fails carries the invite's text in the error: the log must not.
    await admin.send("/invite");
    await admin.press("Region leadership");
    harness.api.injectFault({ method: "sendMessage", kind: "429", retryAfter: 60, times: 1 });
    await admin.press("✅ Done");
    const lost = (await harness.app.store.invites.listOpenInvites(Date.now())).length;
    assert.equal(lost, 3, "the third invite was made, its message lost");

    const newcomer = harness.api.user({ id: 8801, first_name: "Newcomer", language_code: "en" });
    assert.ok((await newcomer.send(`/start ${inBot}`)).replies.some((e) => /accepted/.test(e.text ?? "")));
    const leader = harness.api.user({ id: 8802, first_name: "Leader", language_code: "en" });
    assert.ok((await leader.send(`/start ${inShell}`)).replies.some((e) => /accepted/.test(e.text ?? "")));
    const wrong = "Zz9-wrong-code-0123456789";
    codes.push(wrong);
    const stranger = harness.api.user({ id: 8803, first_name: "Stranger", language_code: "en" });
    assert.ok((await stranger.send(`/start ${wrong}`)).replies.some((e) => /not valid/.test(e.text ?? "")));
    await newcomer.send(`/start ${inBot}`);

    const log = harness.logLines.map((line) => JSON.stringify(line));
    assert.ok(log.some((line) => /invite-created/.test(line)) && log.some((line) => /invite-redeemed/.test(line)), "the events were logged");
    assert.ok(log.some((line) => /"level":50/.test(line)), "the failed send was logged as an error");
    const secrets = [HARNESS_TOKEN, HARNESS_TOKEN.split(":")[1]!, ...codes];
    assert.deepEqual(log.filter((line) => /start[= ][\w-]{8,}/.test(line)), [], "no line shows a code, even one the test never saw");
    for (const secret of secrets) {
      const leaks = log.filter((line) => line.includes(secret));
      assert.deepEqual(leaks, [], `"${secret.slice(0, 6)}…" appears in the log`);
    }
  });
});
