// `npm start` as the office's IT person runs it: the production entry point in a child process.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Api } from "grammy";
import { LocalBotApi } from "../../src/localapi/index.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";
import { freePort } from "../../src/devtools/ports.ts";
import { startRedisServer } from "../../src/devtools/redisServer.ts";
import { exitOf, outputMatches, spawnMain, startPollingMain } from "../helpers/mainProcess.ts";

const TOKEN = "2000002:LOCAL-main-test-token-not-real";

test("without BOT_TOKEN it says what to set and points to the sandbox", async () => {
  const main = spawnMain({});
  assert.equal(await exitOf(main), 1);
  const output = main.output;
  assert.match(output(), /BOT_TOKEN is not set/);
  assert.match(output(), /npm run sandbox/);
});

test("a malformed setting stops it with one line and exit code 1", async () => {
  const main = spawnMain({ BOT_TOKEN: TOKEN, CLOCK_START: "3 November" });
  assert.equal(await exitOf(main), 1);
  const output = main.output;
  assert.equal(output().trim().split("\n").length, 1);
  assert.match(output(), /CLOCK_START: a date and time/);
});

describe("the production bot against a Bot API server", () => {
  let redis: TestRedis;
  let api: LocalBotApi;
  before(async () => {
    redis = await startTestRedis();
    api = await LocalBotApi.start();
    api.addBot({ token: TOKEN, id: 2000002, username: "akimat_main_bot", first_name: "Akimat" });
  });
  after(async () => {
    await api.close();
    await redis.stop();
  });

  const env = () => ({
    BOT_TOKEN: TOKEN,
    BOT_API_ROOT: api.apiRoot,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `${redis.prefix}main:`,
    ADMIN_IDS: "4242",
    LOG_LEVEL: "info",
  });

  test("long polling: answers, registers its commands per language, and stops cleanly on SIGTERM", async () => {
    const main = await startPollingMain(api, env());
    const admin = api.user({ id: 4242, first_name: "Admin", language_code: "en" });
    const reply = admin.waitFor((e) => e.kind === "message", 20_000);
    admin.send("/start").catch(() => undefined); // with the runner the hand-over comes with its next fetch; the reply is what counts
    assert.match((await reply).text ?? "", /You are an administrator/);
    const commands = await new Api(TOKEN, { apiRoot: api.apiRoot }).getMyCommands({ language_code: "kk" });
    assert.ok(commands.some((c) => c.command === "report" && /Есеп/.test(c.description)));
    main.child.kill("SIGTERM");
    assert.equal(await exitOf(main), 0);
    assert.match(main.output(), /stopped/);
    assert.doesNotMatch(main.output(), new RegExp(TOKEN.split(":")[1]!));
  });

  test("SIGTERM while Redis is down: the bot, the scheduler and the workers stop at once, exit code 0", { timeout: 60_000 }, async () => {
    // BullMQ's graceful close waits for ever on a QUIT no one answers (and ioredis before 6.1 never ended a client cut
    // while it waited to reconnect): a host restarting Redis and the bot together must not wait for the SIGKILL.
    const own = await startRedisServer();
    try {
      const main = await startPollingMain(api, { ...env(), REDIS_URL: own.socket, REDIS_PREFIX: "down:" });
      await outputMatches(main, /calendar scheduler started/);
      await own.signal("SIGKILL");
      await outputMatches(main, /ECONNREFUSED|ENOENT/); // the clients noticed, and wait to reconnect
      main.child.kill("SIGTERM");
      assert.equal(await exitOf(main), 0, main.output());
      assert.match(main.output(), /calendar scheduler stopped/);
      assert.match(main.output(), /"forced":true/, "cut at once, Redis being away");
      assert.match(main.output(), /"msg":"stopped"/, "and to the end: Redis's connection cut, not QUIT behind a queue that fails");
      assert.doesNotMatch(main.output(), /did not stop in time/, "without waiting out the grace period");
    } finally {
      await own.stop();
    }
  });

  test("webhook mode: updates arrive with the secret, the health endpoint answers", async () => {
    const port = await freePort();
    const main = spawnMain({
      ...env(),
      BOT_MODE: "webhook",
      WEBHOOK_URL: `http://127.0.0.1:${port}`,
      WEBHOOK_SECRET: "local-webhook-secret-0123456789",
      WEBHOOK_HOST: "127.0.0.1",
      WEBHOOK_PORT: String(port),
    });
    await outputMatches(main, /bot started/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    const admin = api.user({ id: 4242, first_name: "Admin", language_code: "en" });
    const delivered = await admin.send("/help");
    assert.equal(delivered.status, "handled");
    assert.ok(delivered.replies.some((e) => /\/invite/.test(e.text ?? "")));
    const forged = await fetch(`http://127.0.0.1:${port}/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "wrong-secret-0000000000" },
      body: JSON.stringify({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: 4242, type: "private" }, text: "/start" } }),
    });
    assert.equal(forged.status, 401);
    main.child.kill("SIGTERM");
    assert.equal(await exitOf(main), 0);
  });
});
