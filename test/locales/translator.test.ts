// The translator keeps which Fluent bundles serve a language (src/bot/i18n.ts: @grammyjs/i18n would negotiate it on
// every call): asked in turn for every language, and for one it does not speak, each answer is still that language's.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LOCALES } from "../../src/domain/locale.ts";
import { createI18n, DEFAULT_LOCALE, LOCALES_DIR } from "../../src/bot/i18n.ts";
import { monthName } from "../../src/domain/periodNames.ts";

/** The text of a one-line message of report.ftl as the file writes it. */
function sourceText(locale: string, id: string): string {
  const line = readFileSync(join(LOCALES_DIR, locale, "report.ftl"), "utf8").split("\n").find((l) => l.startsWith(`${id} =`));
  if (!line) throw new Error(`${id} not in ${locale}`);
  return line.slice(line.indexOf("=") + 1).trim();
}

describe("the translator", () => {
  it("answers each language in its own words, asked in turn many times, and an unknown language in Russian", () => {
    const i18n = createI18n();
    for (let round = 0; round < 3; round++) {
      for (const locale of [...LOCALES, "xx", ...[...LOCALES].reverse()]) {
        const expected = sourceText(LOCALES.includes(locale as never) ? locale : DEFAULT_LOCALE, "report-back");
        assert.equal(i18n.t(locale, "report-back"), expected, `${locale}, round ${round}`);
      }
    }
  });

  it("names the months of every language, each month once", () => {
    for (const locale of LOCALES) {
      const names = Array.from({ length: 12 }, (_, i) => monthName(i + 1, locale));
      assert.equal(new Set(names).size, 12, locale);
      assert.equal(monthName(10, locale), names[9]);
    }
    assert.equal(monthName(10, "ru"), "октябрь");
    assert.equal(monthName(10, "kk"), "қазан");
    assert.equal(monthName(10, "en"), "October");
  });
});
