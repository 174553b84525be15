// A number whose scale is asked about: nothing is stored until a reading is picked, the buttons carry only an index
// into readings computed again from the draft (a forged index stores nothing), and the question costs what an answer
// does: one HSET (the draft is kept in memory).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import type { UserHandle } from "../../src/localapi/index.ts";
import { numericFigures } from "../../src/domain/forms.ts";
import { zonedTimeToUtc } from "../../src/domain/zonedTime.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";
import { commandsDuring as commandsOn, type Call } from "../helpers/monitor.ts";
import { pressPlanted } from "../helpers/access.ts";

const FORM = "employment-roadmap";
const UNIT = "kerbulak";
const DRAFT = `${FORM}:${UNIT}:2016-10`;
let redis: TestRedis;
let harness: Harness;
let akim: UserHandle;

before(async () => {
  redis = await startTestRedis();
  harness = await startHarness({ redisUrl: redis.url });
  harness.clock.set(zonedTimeToUtc({ year: 2016, month: 11, day: 3, hour: 10 }, "Asia/Almaty"));
  const form = harness.app.deps.forms.find((f) => f.id === FORM)!;
  const stored = await harness.app.store.reports.submitReport({
    form: { id: FORM, figures: numericFigures(form) },
    unit: UNIT,
    period: "2016-09",
    values: { funds_allotted: 1_200_000_000, funds_spent: 500_000_000, people_employed: 100, jobs_created: 40, jobs_permanent: 10 },
    expectedVersion: 0,
    author: 0,
    updateId: 1,
    at: harness.clock.now().getTime(),
  });
  assert.equal(stored.status, "ok");
  await harness.app.deps.people.put({ id: 778, role: "district", unit: UNIT, lang: "ru" });
  akim = harness.api.user({ id: 778, first_name: "Akim", language_code: "ru" });
  await akim.send("/report");
  await akim.press(`rform|${FORM}`);
  await akim.press(`rper|${FORM}|2016-10`);
});
after(async () => {
  await harness?.close();
  await redis?.stop();
});

/** The commands the bot sent to Redis while `action` ran, on the keys of this harness. */
const commandsDuring = (action: () => Promise<unknown>) => commandsOn(redis.url, harness.prefix, action);

const onDraft = (calls: Call[]) => calls.filter((call) => call.key.includes("draft:")).map((call) => call.command);
const textOf = (replies: { text?: string }[]) => replies.map((reply) => reply.text ?? "").join("\n");
const draft = () => harness.app.store.drafts.loadDraft(DRAFT);

test("a number far from last month's is asked about with one HSET and no read of the draft, and nothing is stored", async () => {
  let text = "";
  const calls = await commandsDuring(async () => (text = textOf((await akim.send("441")).replies)));
  assert.match(text, /Я понял так: 441\s₸/);
  // A short form's draft is read whole (session.readsWhole), here from memory: the harness polls as src/main.ts does,
  // with the identity cache, which keeps the draft from its start (test/e2e/formLength.test.ts has both ways).
  assert.deepEqual(onDraft(calls), ["hset"]);
  const now = await draft();
  assert.equal(now?.values.funds_allotted, undefined, "nothing stored before a reading is picked");
  assert.equal(now?.stage, "scale");
});

test("a forged or old button stores nothing", async () => {
  for (const data of ["rscale|9|0", "rscale|0|1", "rscale|-1|0", "rscale|x|0", "rread|yes|0"]) {
    const text = textOf((await pressPlanted(harness, akim, data)).replies);
    assert.doesNotMatch(text, /Вопрос 2 из 5/, data);
    assert.equal((await draft())?.values.funds_allotted, undefined, data);
  }
});

test("a reading is picked by its index into the readings computed again from the draft", async () => {
  const text = textOf((await akim.press("rscale|0|0")).replies);
  assert.match(text, /Вопрос 2 из 5/);
  const now = await draft();
  assert.equal(now?.values.funds_allotted, "441000000");
  assert.equal(now?.flags.pending, undefined);
  assert.equal(now?.stage, "ask");
});
