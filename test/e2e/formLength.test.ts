// The work per answer does not grow with the form's length: in a 100-figure form, an answer near the end reads and
// writes the same Redis commands, with the same number of fields, as one near the start, and never the whole draft.
// Twice: with the draft kept in memory (the identity cache, as long polling runs: an answer reads nothing of the
// draft) and without it (IDENTITY_CACHE=off, as in webhook mode: one HMGET of a few fields).
// (The benchmark `npm run bench -- --only length` measures the CPU; this test pins down what is read.)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import type { UserHandle } from "../../src/localapi/index.ts";
import { zonedTimeToUtc } from "../../src/domain/zonedTime.ts";
import { writeConfigDir, type ConfigDir } from "../../src/devtools/configDir.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";
import { commandsDuring as commandsOn, type Call } from "../helpers/monitor.ts";

for (const cached of [true, false]) {
  describe(cached ? "the draft kept in memory" : "IDENTITY_CACHE=off", () => {
    const FORM = "long-100";
    let redis: TestRedis;
    let config: ConfigDir;
    let harness: Harness;
    let akim: UserHandle;
    let unit: string;

    before(async () => {
      redis = await startTestRedis();
      config = writeConfigDir({ units: 2, projectForms: false, syntheticForms: { [FORM]: 100 } });
      harness = await startHarness({ redisUrl: redis.url, env: { CONFIG_DIR: config.dir, IDENTITY_CACHE: cached ? "on" : "off" } });
      harness.clock.set(zonedTimeToUtc({ year: 2016, month: 11, day: 3, hour: 10 }, "Asia/Almaty"));
      unit = config.unitIds[0]!;
      await harness.app.deps.people.put({ id: 777, role: "district", unit, lang: "en" });
      akim = harness.api.user({ id: 777, first_name: "Akim", language_code: "en" });
    });
    after(async () => {
      await harness?.close();
      await redis?.stop();
      config?.remove();
    });

    /** The commands the bot sent to Redis while `action` ran, on the keys of this harness. */
    const commandsDuring = (action: () => Promise<unknown>) => commandsOn(redis.url, harness.prefix, action);

    const shape = (calls: Call[]) => calls.map((call) => `${call.command} ${call.key.split(":").slice(1, 2).join("")} ${call.args.length}`);

    test("an answer near the end of a 100-figure form costs what one near the start does, and reads no whole draft", async () => {
      await akim.send("/report");
      await akim.press(`rform|${FORM}`);
      await akim.press(`rper|${FORM}|2016-10`);
      await akim.send("1");
      const early = await commandsDuring(() => akim.send("3"));
      for (let i = 2; i < 95; i++) await akim.send(String(i));
      const late = await commandsDuring(() => akim.send("7"));
      const reply = (await akim.send("8")).replies.map((e) => e.text ?? "").join("\n");
      assert.match(reply, /Question 98 of 100/);

      assert.deepEqual(shape(late), shape(early), "the same commands with the same number of arguments");
      const draftReads = late.filter((call) => call.key.includes("draft:") && call.command.startsWith("h") && call.command !== "hset");
      if (cached) assert.deepEqual(draftReads, [], "the draft kept in memory since its start: nothing read");
      else {
        assert.deepEqual(draftReads.map((c) => c.command), ["hmget"], "one HMGET of the draft");
        assert.ok(draftReads[0]!.args.length < 20, `a handful of fields, not the draft's ${2 * 96}: ${draftReads[0]!.args.length}`);
      }
      assert.ok(!late.some((call) => call.command === "hgetall" && call.key.includes("draft:")), "no HGETALL of the draft");
      const draft = await harness.app.store.drafts.loadDraft(`${FORM}:${unit}:2016-10`);
      assert.equal(draft?.cursor, 97);
      assert.equal(Object.keys(draft?.values ?? {}).length, 97, "every answer kept");
    });

    const draftReads = (calls: Call[]) =>
      calls.filter((call) => call.key.includes("draft:") && ["hgetall", "hmget"].includes(call.command)).map((call) => call.command);

    test("the last answer (it leads to the card) and a button past it read the whole draft once, with no HMGET before it", async () => {
      for (let i = 97; i < 99; i++) await akim.send(String(i));
      // Kept in memory: nothing read at all.
      const whole = cached ? [] : ["hgetall"];
      assert.deepEqual(draftReads(await commandsDuring(() => akim.send("99"))), whole);
      const calls = await commandsDuring(() => akim.press("rcard|change"));
      assert.deepEqual(draftReads(calls), whole);
    });
  });
}
