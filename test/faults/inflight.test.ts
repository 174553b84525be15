// Issue 16, "no update lost in long polling": the production bot (`node --import tsx src/main.ts`, long polling) is
// killed with SIGKILL while an update is in flight: the bot has received it and its reply is held by the local Bot
// API, so the kill lands between the two. After a restart the update must be handled again: the answer applied
// exactly once, and the akim gets the step it leads to (the next question, the card, the receipt), once. Repeated
// at every step of the public-services form, once with the update kept by Telegram (few being handled: the offset
// stays below it) and once with it kept in the Redis inbox (POLLING_INBOX_AFTER=0: every batch written there and
// confirmed to Telegram at once). Fails when the runner confirms an update on its next fetch.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { LocalBotApi } from "../../src/localapi/index.ts";
import type { Store } from "../../src/store/index.ts";
import { errorLinesOf } from "../helpers/logs.ts";
import { PUBLIC_SERVICES_STEPS, PUBLIC_SERVICES_VALUES } from "../helpers/formSteps.ts";
import { isText, startPollingRig, stopMain, type PollingRig } from "../helpers/mainProcess.ts";

const AKIM = 8016;
const FORM = "public-services";
const PERIOD = "2016-10";
const DRAFT = `${FORM}:karatal:${PERIOD}`;
const REPLY_MS = 30_000;

const MODES: { name: string; env: Record<string, string>; botId: number }[] = [
  { name: "kept by Telegram", env: {}, botId: 2000016 },
  { name: "kept in the Redis inbox", env: { POLLING_INBOX_AFTER: "0" }, botId: 2000018 },
];

for (const mode of MODES) {
  describe(mode.name, () => {
    let rig: PollingRig;
    let store: Store;
    let api: LocalBotApi;

    before(async () => {
      // The clock starts before the first reminder about October (2 November): no calendar message to the akim races
      // the held call.
      rig = await startPollingRig({ botId: mode.botId, name: "inflight", clockStart: "2016-11-01T10:00:00+06:00", akims: [{ id: AKIM, unit: "karatal" }], handoverTimeoutMs: 120_000, env: mode.env });
      ({ store, api } = rig);
    });

    after(() => rig?.close());

    const startBot = () => rig.start();

    const STEPS = PUBLIC_SERVICES_STEPS;

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
        // Where the update waits for the next start: the inbox holds it (and nothing finished), or it holds nothing.
        const kept = (await store.inbox.pending()).map((entry) => (JSON.parse(entry.json) as { update_id: number }).update_id);
        assert.equal(kept.length, mode.env.POLLING_INBOX_AFTER === "0" ? 1 : 0, `"${step.name}": ${kept.length} in the inbox`);
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
      assert.deepEqual(versions[0]!.values, PUBLIC_SERVICES_VALUES);
      await stopMain(bot, "SIGKILL");
      assert.deepEqual(errorLinesOf(bot.output()), []);
      t.diagnostic(`${STEPS.length} SIGKILLs with an update in flight in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
  });
}
