// Issue 8, "faults survived": the production bot (`node --import tsx src/main.ts`, long polling) is killed with
// SIGKILL after each step of the public-services form in turn. After every restart the akim sends /report, presses
// "Continue" and must land on the same question, with every earlier answer intact in Redis; at the end the report is
// submitted once and the regional totals equal it. Real processes throughout: redis-server, the local Bot API, the bot.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { BotEvent, LocalBotApi, UserHandle } from "../../src/localapi/index.ts";
import type { Store } from "../../src/store/index.ts";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { errorLinesOf } from "../helpers/logs.ts";
import { PUBLIC_SERVICES_STEPS, PUBLIC_SERVICES_VALUES } from "../helpers/formSteps.ts";
import { isText, pressMatching, startPollingRig, stopMain, type PollingRig } from "../helpers/mainProcess.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const AKIM = 8001;
const FORM = "public-services";
const PERIOD = "2016-10";
const DRAFT = `${FORM}:karatal:${PERIOD}`;
const REPLY_MS = 20_000;

let rig: PollingRig;
let store: Store;
let api: LocalBotApi;

before(async () => {
  rig = await startPollingRig({ botId: 2000008, name: "sigkill", clockStart: "2016-11-03T10:00:00+06:00", akims: [{ id: AKIM, unit: "karatal" }] });
  ({ store, api } = rig);
});

after(() => rig?.close());

const startBot = () => rig.start();

/** Does a user action, waits for the bot's matching reply and for the hand-over (the runner confirms the update). */
async function act(user: UserHandle, action: () => Promise<unknown>, expect: RegExp): Promise<BotEvent> {
  const done = action();
  done.catch(() => undefined);
  const reply = await user.waitFor(isText(expect), REPLY_MS);
  await done; // confirmed by the runner's next fetch: a kill now cannot make Telegram redeliver it
  return reply;
}

const STEPS = PUBLIC_SERVICES_STEPS;
const EXPECTED = PUBLIC_SERVICES_VALUES;

test("SIGKILL after each step of a form: after a restart the akim continues at the same question, answers intact", async (t) => {
  const started = Date.now();
  const user = api.user({ id: AKIM, first_name: "Akim", language_code: "en" });
  let bot = await startBot();
  let restarts = 0;
  for (const [i, step] of STEPS.entries()) {
    await act(user, () => step.run(user), step.expect);
    await stopMain(bot, "SIGKILL");
    assert.deepEqual(errorLinesOf(bot.output()), [], `errors logged up to "${step.name}"`);
    bot = await startBot();
    restarts += 1;

    const draft = await store.drafts.loadDraft(DRAFT);
    if (step.draft) {
      assert.ok(draft, `after "${step.name}" and a SIGKILL the draft is in Redis`);
      assert.equal(draft.cursor, step.draft.cursor, `cursor after "${step.name}"`);
      assert.deepEqual(draft.values, step.draft.values, `answers after "${step.name}"`);
      const shown = Math.min(step.draft.cursor + 1, 6);
      await act(user, () => user.send("/report"), new RegExp(`unfinished report: Public services, October 2016, question ${shown} of 6`));
      const again = await act(user, () => pressMatching(user, /Continue/), step.expect);
      assert.match(again.text ?? "", step.expect, `after "${step.name}" Continue shows the same step`);
      const reread = await store.drafts.loadDraft(DRAFT);
      assert.deepEqual(reread?.values, step.draft.values, `Continue after "${step.name}" changes no answer`);
      assert.equal(reread?.cursor, step.draft.cursor);
    } else if (i < STEPS.length - 1) {
      // Before the period is chosen there is no draft: /report starts again, and the steps so far are replayed.
      assert.equal(draft, null, `no draft before the period is chosen (after "${step.name}")`);
      await act(user, () => user.send("/report"), /Which report are you submitting\?/);
      for (const earlier of STEPS.slice(1, i + 1)) await act(user, () => earlier.run(user), earlier.expect);
    } else {
      assert.equal(draft, null, "the draft is gone once the report is submitted");
      await act(user, () => user.send("/report"), /Which report are you submitting\?/);
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

  await stopMain(bot, "SIGKILL");
  assert.deepEqual(errorLinesOf(bot.output()), []);
  t.diagnostic(`${restarts} SIGKILLs and restarts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
