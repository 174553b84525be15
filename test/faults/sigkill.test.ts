// Issue 8, "faults survived": the production bot (`node --import tsx src/main.ts`, long polling) is killed with
// SIGKILL after each step of the public-services form in turn. After every restart the akim sends /report, presses
// "Continue" and must land on the same question, with every earlier answer intact in Redis; at the end the report is
// submitted once and the regional totals equal it. Real processes throughout: redis-server, the local Bot API, the bot.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { startRedisServer, type RedisServer } from "../../src/devtools/redisServer.ts";
import { LocalBotApi, type BotEvent, type UserHandle } from "../../src/localapi/index.ts";
import { createRedis } from "../../src/store/redis.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { errorLinesOf } from "../helpers/logs.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const TOKEN = "2000008:LOCAL-sigkill-test-token-not-real";
const AKIM = 8001;
const FORM = "public-services";
const PERIOD = "2016-10";
const DRAFT = `${FORM}:karatal:${PERIOD}`;
const REPLY_MS = 20_000;

interface Bot {
  child: ChildProcess;
  output: () => string;
}

let redisServer: RedisServer;
let redis: Redis;
let store: Store;
let api: LocalBotApi;
const prefix = `sk${randomBytes(3).toString("hex")}:`;
const bots: Bot[] = [];

before(async () => {
  redisServer = await startRedisServer();
  redis = createRedis(redisServer.socket);
  store = createStore(redis, { prefix, regionId: "almaty-region" });
  await store.users.putUser({ id: AKIM, role: "district", unit: "karatal", lang: "en" });
  api = await LocalBotApi.start();
  api.addBot({ token: TOKEN, id: 2000008, username: "akimat_sigkill_bot", first_name: "Akimat" });
});

after(async () => {
  for (const bot of bots) await kill(bot, "SIGKILL");
  await api?.close();
  redis?.disconnect();
  await redisServer?.stop();
});

/** Starts the production entry point and resolves once it long-polls the Bot API. */
async function startBot(): Promise<Bot> {
  const polling = once(api, "pollWaiting");
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: api.apiRoot,
      REDIS_URL: redisServer.socket,
      REDIS_PREFIX: prefix,
      ADMIN_IDS: "4242",
      CLOCK_START: "2016-11-03T10:00:00+06:00",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const bot = { child, output: () => output };
  bots.push(bot);
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`the bot exited with ${String(code)} before polling:\n${output}`);
  });
  await Promise.race([polling, exited]);
  exited.catch(() => undefined);
  return bot;
}

async function kill(bot: Bot, signal: NodeJS.Signals): Promise<void> {
  if (bot.child.exitCode !== null || bot.child.signalCode !== null) return;
  const exited = once(bot.child, "exit");
  bot.child.kill(signal);
  await exited;
}

const isText = (pattern: RegExp) => (e: BotEvent) => (e.kind === "message" || e.kind === "edit") && pattern.test(e.text ?? "");

/** Does a user action, waits for the bot's matching reply and for the hand-over (the runner confirms the update). */
async function act(user: UserHandle, action: () => Promise<unknown>, expect: RegExp): Promise<BotEvent> {
  const done = action();
  done.catch(() => undefined);
  const reply = await user.waitFor(isText(expect), REPLY_MS);
  await done; // confirmed by the runner's next fetch: a kill now cannot make Telegram redeliver it
  return reply;
}

/** Presses the inline button of the newest bot message whose label matches. */
function pressMatching(user: UserHandle, label: RegExp): () => Promise<unknown> {
  return () => {
    for (const message of user.botMessages().reverse()) {
      const button = message.reply_markup?.inline_keyboard.flat().find((b) => label.test(b.text));
      if (button) return user.press(button.text, message.message_id);
    }
    throw new Error(`no button ${String(label)} in the bot's messages`);
  };
}

interface Step {
  name: string;
  run: (user: UserHandle) => () => Promise<unknown>;
  /** What the bot answers to this step, and shows again after "Continue". */
  expect: RegExp;
  /** The draft after this step: cursor and values (undefined: no draft yet, or gone after submitting). */
  draft?: { cursor: number; values: Record<string, string> };
}

const send = (text: string) => (user: UserHandle) => () => user.send(text);
const press = (label: RegExp) => (user: UserHandle) => pressMatching(user, label);
const question = (n: number) => new RegExp(`Question ${n} of 6`);

const STEPS: Step[] = [
  { name: "/report", run: send("/report"), expect: /Which report are you submitting\?/ },
  { name: "press Public services", run: press(/^Public services$/), expect: /Public services: for which period\?/ },
  { name: "press October 2016", run: press(/^October 2016/), expect: question(1), draft: { cursor: 0, values: {} } },
  { name: "answer 1500", run: send("1500"), expect: question(2), draft: { cursor: 1, values: { services_ekyzmet: "1500" } } },
  {
    name: "answer 700",
    run: send("700"),
    expect: question(3),
    draft: { cursor: 2, values: { services_ekyzmet: "1500", services_egov: "700" } },
  },
  // A skipped answer is stored as "" which the draft reads as absent; the cursor shows it was passed.
  {
    name: "skip",
    run: press(/^Skip/),
    expect: question(4),
    draft: { cursor: 3, values: { services_ekyzmet: "1500", services_egov: "700" } },
  },
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
    draft: {
      cursor: 6,
      values: { services_ekyzmet: "1500", services_egov: "700", seminars: "3", seminars_field: "1", violations: "0" },
    },
  },
  { name: "Submit", run: press(/Submit/), expect: /Report accepted/ },
];

const EXPECTED = { services_ekyzmet: 1500, services_egov: 700, seminars: 3, seminars_field: 1, violations: 0 };

test("SIGKILL after each step of a form: after a restart the akim continues at the same question, answers intact", async (t) => {
  const started = Date.now();
  const user = api.user({ id: AKIM, first_name: "Akim", language_code: "en" });
  let bot = await startBot();
  let restarts = 0;
  for (const [i, step] of STEPS.entries()) {
    await act(user, step.run(user), step.expect);
    await kill(bot, "SIGKILL");
    assert.deepEqual(errorLinesOf(bot.output()), [], `errors logged up to "${step.name}"`);
    bot = await startBot();
    restarts += 1;

    const draft = await store.drafts.loadDraft(DRAFT);
    if (step.draft) {
      assert.ok(draft, `after "${step.name}" and a SIGKILL the draft is in Redis`);
      assert.equal(draft.cursor, step.draft.cursor, `cursor after "${step.name}"`);
      assert.deepEqual(draft.values, step.draft.values, `answers after "${step.name}"`);
      const shown = Math.min(step.draft.cursor + 1, 6);
      await act(user, send("/report")(user), new RegExp(`unfinished report: Public services, October 2016, question ${shown} of 6`));
      const again = await act(user, pressMatching(user, /Continue/), step.expect);
      assert.match(again.text ?? "", step.expect, `after "${step.name}" Continue shows the same step`);
      const reread = await store.drafts.loadDraft(DRAFT);
      assert.deepEqual(reread?.values, step.draft.values, `Continue after "${step.name}" changes no answer`);
      assert.equal(reread?.cursor, step.draft.cursor);
    } else if (i < STEPS.length - 1) {
      // Before the period is chosen there is no draft: /report starts again, and the steps so far are replayed.
      assert.equal(draft, null, `no draft before the period is chosen (after "${step.name}")`);
      await act(user, send("/report")(user), /Which report are you submitting\?/);
      for (const earlier of STEPS.slice(1, i + 1)) await act(user, earlier.run(user), earlier.expect);
    } else {
      assert.equal(draft, null, "the draft is gone once the report is submitted");
      await act(user, send("/report")(user), /Which report are you submitting\?/);
    }
  }

  const versions = await store.reports.getReportVersions(FORM, "karatal", PERIOD);
  assert.equal(versions.length, 1, "one version stored");
  assert.equal(versions[0]!.version, 1);
  assert.deepEqual(versions[0]!.values, EXPECTED);

  const form = loadDomainConfig(`${ROOT}config`).forms.find((f) => f.id === FORM)!;
  const [kept] = await store.totals.readTotals(form, [PERIOD]);
  const [recomputed] = await store.totals.recomputeTotalsNaively(form, [PERIOD], ["karatal"]);
  assert.deepEqual(kept?.reported, ["karatal"]);
  assert.deepEqual(kept?.values, recomputed?.values);
  for (const [figure, value] of Object.entries(EXPECTED)) assert.equal(kept?.values[figure], value, `total of ${figure}`);

  await kill(bot, "SIGKILL");
  assert.deepEqual(errorLinesOf(bot.output()), []);
  t.diagnostic(`${restarts} SIGKILLs and restarts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
