// Buttons a phone cuts short must still differ: every keyboard the bot builds from form and figure names (the
// leadership's form, period, chart and unit choices; the akim's form choice and "change a value" list), in kk, ru
// and en, has no two buttons that show the same words before the "…".
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import type { UserHandle } from "../../src/localapi/index.ts";
import type { BotEvent } from "../../src/localapi/events.ts";
import { samePrefixes, visiblePrefix } from "../../src/domain/buttons.ts";
import { LOCALES, type Locale } from "../../src/domain/locale.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";

let redis: TestRedis;
let harness: Harness;

before(async () => {
  redis = await startTestRedis();
  harness = await startHarness({ redisUrl: redis.url });
  harness.clock.set(new Date("2016-11-03T10:00:00+06:00"));
});
after(async () => {
  await harness.close();
  await redis.stop();
});

type Keyboard = { text: string; callback_data?: string }[][];

function keyboardsOf(events: readonly BotEvent[]): Keyboard[] {
  return events
    .map((event) => (event.replyMarkup as { inline_keyboard?: Keyboard } | undefined)?.inline_keyboard)
    .filter((keyboard): keyboard is Keyboard => keyboard !== undefined);
}

/** Every keyboard seen, checked; returns the last one. */
function check(seen: Keyboard[], events: readonly BotEvent[]): Keyboard {
  const keyboards = keyboardsOf(events);
  seen.push(...keyboards);
  for (const keyboard of keyboards) {
    const rows = keyboard.map((row) => row.map((button) => button.text));
    assert.deepEqual(samePrefixes(rows), [], `buttons that look the same on a phone: ${JSON.stringify(rows)}`);
  }
  return keyboards.at(-1) ?? [];
}

/** Presses the first button of the last keyboard whose text passes `pick`. */
async function pressWhere(user: UserHandle, seen: Keyboard[], keyboard: Keyboard, pick: (text: string) => boolean): Promise<Keyboard> {
  const button = keyboard.flat().find((b) => pick(b.text));
  assert.ok(button?.callback_data, `no button to press among ${keyboard.flat().map((b) => b.text).join(" | ")}`);
  return check(seen, (await user.press(button.callback_data)).replies);
}

const t = (locale: Locale, key: string) => harness.app.translate(locale, key);

describe("buttons built from form and figure names", () => {
  it("catch two buttons that differ only after the part a phone shows", () => {
    const rows = [["Оказано государственных услуг через «Е-кызмет»"], ["Оказано государственных услуг через портал «электронного правительства» (egov.kz)"]];
    assert.equal(samePrefixes(rows).length, 1);
    assert.deepEqual(samePrefixes([["Услуги через «Е-кызмет»"], ["Услуги через egov.kz"]]), []);
    // Two to a row, a phone shows half as much.
    assert.equal(visiblePrefix("Енбекшиказахский район", 2), "Енбекшиказахск");
  });

  for (const locale of LOCALES) {
    it(`differ on a phone in every keyboard the leadership gets (${locale})`, async () => {
      const id = 7100 + LOCALES.indexOf(locale);
      await harness.app.deps.people.put({ id, role: "region", lang: locale });
      const boss = harness.api.user({ id, first_name: "Boss", language_code: locale });
      const seen: Keyboard[] = [];
      check(seen, (await boss.send("/totals")).replies);
      let keyboard = check(seen, (await boss.send("/summary")).replies);
      assert.ok(keyboard.flat().length >= 2, "a form per button");
      for (const formButton of keyboard.flat().map((b) => b.text)) {
        // Each screen replaces the one before in place: start again from /summary for the next branch.
        const earlier = await pressWhere(boss, seen, keyboard, (text) => text === formButton);
        await pressWhere(boss, seen, earlier, (text) => text === t(locale, "reports-button-earlier"));
        keyboard = check(seen, (await boss.send("/summary")).replies);
        const periods = await pressWhere(boss, seen, keyboard, (text) => text === formButton);
        const summary = await pressWhere(boss, seen, periods, () => true);
        const figures = await pressWhere(boss, seen, summary, (text) => text === t(locale, "reports-button-chart"));
        assert.ok(figures.flat().length >= 5, `${formButton}: a button per figure`);
        await pressWhere(boss, seen, summary, (text) => text === t(locale, "reports-button-per-unit"));
        keyboard = check(seen, (await boss.send("/summary")).replies);
      }
      assert.ok(seen.length >= 10, `${seen.length} keyboards checked`);
    });

    it(`differ on a phone in the akim's form choice and "change a value" list of every form (${locale})`, async () => {
      for (const [index, unit] of ["karatal", "talgar"].entries()) {
        const id = 7200 + 10 * LOCALES.indexOf(locale) + index;
        await harness.app.deps.people.put({ id, role: "district", unit, lang: locale });
        const akim = harness.api.user({ id, first_name: "Akim", language_code: locale });
        const seen: Keyboard[] = [];
        const forms = check(seen, (await akim.send("/report")).replies);
        const formButton = forms.flat()[index]!.text;
        let keyboard = await pressWhere(akim, seen, forms, (text) => text === formButton);
        keyboard = await pressWhere(akim, seen, keyboard, () => true); // the period due
        const change = t(locale, "report-card-change");
        for (let question = 0; question < 12 && !keyboard.flat().some((b) => b.text === change); question++) {
          keyboard = check(seen, (await akim.send("1")).replies);
        }
        const list = await pressWhere(akim, seen, keyboard, (text) => text === change);
        assert.ok(list.flat().length >= 6, `${formButton}: a button per figure`);
      }
    });
  }
});
