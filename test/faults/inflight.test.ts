// Issue 16, "no update lost in long polling": the production bot (`node --import tsx src/main.ts`, long polling) is
// killed with SIGKILL while an update is in flight: the bot has received it and its reply is held by the local Bot
// API, so the kill lands between the two. After a restart the update must be handled again: the answer applied
// exactly once, and the akim gets the step it leads to (the next question, the card, the receipt), once. Repeated
// at every step of the public-services form. Fails when the runner confirms an update on its next fetch.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { startRedisServer, type RedisServer } from "../../src/devtools/redisServer.ts";
import { LocalBotApi, type UserHandle } from "../../src/localapi/index.ts";
import { createRedis } from "../../src/store/redis.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import { errorLinesOf } from "../helpers/logs.ts";
import { isText, pressMatching, startPollingMain, stopMain, type MainProcess } from "../helpers/mainProcess.ts";

const TOKEN = "2000016:LOCAL-inflight-test-token-not-real";
const AKIM = 8016;
const FORM = "public-services";
const PERIOD = "2016-10";
const DRAFT = `${FORM}:karatal:${PERIOD}`;
const REPLY_MS = 30_000;

let redisServer: RedisServer;
let redis: Redis;
let store: Store;
let api: LocalBotApi;
const prefix = `if${randomBytes(3).toString("hex")}:`;
const bots: MainProcess[] = [];

before(async () => {
  redisServer = await startRedisServer();
  redis = createRedis(redisServer.socket);
  store = createStore(redis, { prefix, regionId: "almaty-region" });
  await store.users.putUser({ id: AKIM, role: "district", unit: "karatal", lang: "en" });
  // A restart of the bot (tsx compiling the sources) takes seconds on a loaded machine: user actions wait for it.
  api = await LocalBotApi.start({ handoverTimeoutMs: 120_000 });
  api.addBot({ token: TOKEN, id: 2000016, username: "akimat_inflight_bot", first_name: "Akimat" });
});

after(async () => {
  for (const bot of bots) await stopMain(bot, "SIGKILL");
  await api?.close();
  redis?.disconnect();
  await redisServer?.stop();
});

async function startBot(): Promise<MainProcess> {
  const bot = await startPollingMain(api, {
    BOT_TOKEN: TOKEN,
    BOT_API_ROOT: api.apiRoot,
    REDIS_URL: redisServer.socket,
    REDIS_PREFIX: prefix,
    ADMIN_IDS: "4242",
    // Before the first reminder about October (2 November): no calendar message to the akim races the held call.
    CLOCK_START: "2016-11-01T10:00:00+06:00",
    LOG_LEVEL: "warn",
  });
  bots.push(bot);
  return bot;
}

const press = (label: RegExp) => (user: UserHandle) => pressMatching(user, label);

interface Step {
  name: string;
  run: (user: UserHandle) => Promise<unknown>;
  expect: RegExp;
  draft?: { cursor: number; values: Record<string, string> };
}

const question = (n: number) => new RegExp(`Question ${n} of 6`);
const send = (text: string) => (user: UserHandle) => user.send(text);
const STEPS: Step[] = [
  { name: "/report", run: send("/report"), expect: /Which report are you submitting\?/ },
  { name: "press Public services", run: press(/^Public services$/), expect: /Public services: for which period\?/ },
  { name: "press October 2016", run: press(/^October 2016/), expect: question(1), draft: { cursor: 0, values: {} } },
  { name: "answer 1500", run: send("1500"), expect: question(2), draft: { cursor: 1, values: { services_ekyzmet: "1500" } } },
  { name: "answer 700", run: send("700"), expect: question(3), draft: { cursor: 2, values: { services_ekyzmet: "1500", services_egov: "700" } } },
  { name: "skip", run: press(/^Skip/), expect: question(4), draft: { cursor: 3, values: { services_ekyzmet: "1500", services_egov: "700" } } },
  {
    name: "answer 3",
    run: send("3"),
    expect: question(5),
    draft: { cursor: 4, values: { services_ekyzmet: "1500", services_egov: "700", seminars: "3" } },
  },
  {
    name: "answer 1",
    run: send("1"),
    expect: question(6),
    draft: { cursor: 5, values: { services_ekyzmet: "1500", services_egov: "700", seminars: "3", seminars_field: "1" } },
  },
  {
    name: "answer 0",
    run: send("0"),
    expect: /Please check the values and submit the report/,
    draft: { cursor: 6, values: { services_ekyzmet: "1500", services_egov: "700", seminars: "3", seminars_field: "1", violations: "0" } },
  },
  { name: "Submit", run: press(/Submit/), expect: /Report accepted/ },
];

test("SIGKILL with an update in flight at every step: after a restart it is applied once and answered once", async (t) => {
  const started = Date.now();
  const user = api.user({ id: AKIM, first_name: "Akim", language_code: "en" });
  let bot = await startBot();
  for (const step of STEPS) {
    const mark = api.mark();
    // The bot's first call into the akim's chat for this update waits: the bot has the update, the akim no reply.
    const hold = api.hold({ chatId: AKIM });
    const done = step.run(user);
    done.catch(() => undefined);
    const held = await hold.arrived;
    const killed = bot;
    await stopMain(killed, "SIGKILL"); // the held call's connection closes with the bot: it never runs (it is not released)
    assert.deepEqual(errorLinesOf(killed.output()), [], `errors logged up to "${step.name}"`);
    assert.deepEqual(api.eventsSince(mark, AKIM).filter(isText(step.expect)), [], `"${step.name}": nothing reached the akim (${held.method} held)`);

    bot = await startBot();
    await user.waitFor(isText(step.expect), REPLY_MS);
    const handover = (await done) as { status: string };
    assert.equal(handover.status, "handled", `"${step.name}" confirmed once handled`);
    const answered = api.eventsSince(mark, AKIM).filter(isText(step.expect));
    const seen = api.eventsSince(mark, AKIM).map((e) => `${e.method} ${e.kind} ${(e.text ?? "").slice(0, 60)}`);
    assert.equal(answered.length, 1, `"${step.name}" answered once after the restart (held ${held.method}):\n${seen.join("\n")}`);

    const draft = await store.drafts.loadDraft(DRAFT);
    if (step.draft) {
      assert.ok(draft, `after "${step.name}" the draft is in Redis`);
      assert.equal(draft.cursor, step.draft.cursor, `cursor after "${step.name}"`);
      assert.deepEqual(draft.values, step.draft.values, `answers after "${step.name}"`);
    }
  }
  assert.equal(await store.drafts.loadDraft(DRAFT), null, "the draft is gone once the report is submitted");
  const versions = await store.reports.getReportVersions(FORM, "karatal", PERIOD);
  assert.equal(versions.length, 1, "one version stored");
  assert.deepEqual(versions[0]!.values, { services_ekyzmet: 1500, services_egov: 700, seminars: 3, seminars_field: 1, violations: 0 });
  await stopMain(bot, "SIGKILL");
  assert.deepEqual(errorLinesOf(bot.output()), []);
  t.diagnostic(`${STEPS.length} SIGKILLs with an update in flight in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
