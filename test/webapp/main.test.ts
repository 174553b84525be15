// `npm start` with the Mini App: in polling mode it gets a server of its own on WEBAPP_PORT, and the menu buttons
// of region users and admins are set at start.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { Api } from "grammy";
import { LocalBotApi, signInitData } from "../../src/localapi/index.ts";
import { freePort } from "../../src/devtools/ports.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";
import { exitOf, outputMatches, spawnMain } from "../helpers/mainProcess.ts";

const TOKEN = "2000003:LOCAL-webapp-main-token-not-real";
const APP_URL = "https://akimat.example.kz/app/";

describe("npm start with WEBAPP_URL", () => {
  let redis: TestRedis;
  let api: LocalBotApi;
  before(async () => {
    redis = await startTestRedis();
    api = await LocalBotApi.start();
    api.addBot({ token: TOKEN, id: 2000003, username: "akimat_webapp_bot", first_name: "Akimat" });
  });
  after(async () => {
    await api.close();
    await redis.stop();
  });

  test("long polling: serves the Mini App on WEBAPP_PORT and puts it in the admin's menu", async () => {
    api.user({ id: 4343, first_name: "Admin", language_code: "en" });
    const port = await freePort();
    const main = spawnMain({
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: api.apiRoot,
      REDIS_URL: redis.url,
      REDIS_PREFIX: `${redis.prefix}webapp:`,
      ADMIN_IDS: "4343",
      LOG_LEVEL: "info",
      WEBAPP_URL: APP_URL,
      WEBAPP_HOST: "127.0.0.1",
      WEBAPP_PORT: String(port),
    });
    try {
      await outputMatches(main, /mini app served/);
      const page = await fetch(`http://127.0.0.1:${port}/app/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<script type="module" src="app\.js\?v=/);
      const unsigned = await fetch(`http://127.0.0.1:${port}/app/api/me`);
      assert.equal(unsigned.status, 401);
      const me = await fetch(`http://127.0.0.1:${port}/app/api/me`, {
        headers: { authorization: `tma ${signInitData(TOKEN, { id: 4343, is_bot: false, first_name: "Admin", language_code: "en" })}` },
      });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { role: string }).role, "admin");
      const bot = new Api(TOKEN, { apiRoot: api.apiRoot });
      const deadline = Date.now() + 10_000;
      let menu = await bot.getChatMenuButton({ chat_id: 4343 });
      while (menu.type !== "web_app" && Date.now() < deadline) {
        await once(api, "call");
        menu = await bot.getChatMenuButton({ chat_id: 4343 });
      }
      assert.deepEqual(menu, { type: "web_app", text: "Область", web_app: { url: APP_URL } });
      main.child.kill("SIGTERM");
      assert.equal(await exitOf(main), 0);
    } finally {
      if (main.child.exitCode === null) main.child.kill();
    }
  });
});
