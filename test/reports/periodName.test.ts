// Periods in words come from the locales (locales/*/periods.ftl); month names from Intl, as the dates.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { periodName } from "../../src/reports/format.ts";
import { createI18n, translatorOf } from "../../src/bot/i18n.ts";
import type { Locale } from "../../src/domain/locale.ts";

const translate = translatorOf(createI18n() as never);
const reader = (locale: Locale) => ({ locale, t: (key: string, vars?: Record<string, string | number>) => translate(locale, key, vars) });

describe("periodName", () => {
  const rows: [Parameters<typeof periodName>[1], string, string, string][] = [
    ["2016-10", "2016 жылғы қазан", "октябрь 2016", "October 2016"],
    ["2016Q4", "2016 жылғы IV тоқсан", "IV квартал 2016", "Q4 2016"],
    [{ kind: "ytd", year: 2016, month: 10 }, "2016 жылғы қаңтар–қазан", "январь–октябрь 2016", "January–October 2016"],
    [{ kind: "ytd", year: 2016, month: 1 }, "2016 жылғы қаңтар", "январь 2016", "January 2016"],
    ["2016", "2016 жыл", "2016 год", "2016"],
  ];
  for (const [period, kk, ru, en] of rows) {
    it(`writes ${JSON.stringify(period)} as "${ru}"`, () => {
      assert.deepEqual([periodName(reader("kk"), period), periodName(reader("ru"), period), periodName(reader("en"), period)], [kk, ru, en]);
    });
  }

});
