import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Locale } from "../../src/domain/locale.ts";
import { LOCALES } from "../../src/domain/locale.ts";
import type { ParseResult } from "../../src/domain/numbers.ts";
import { parseFigureInput } from "../../src/bot/numberInput.ts";
import { figure } from "../helpers/domain.ts";

const FIGURES = {
  count: figure({ type: "count", max: 1_000_000, unitWord: { kk: "қызмет", ru: "услуг", en: "services" } }),
  money: figure({ type: "money", max: 100_000_000_000 }),
  tiyn: figure({ type: "money", decimals: 2, max: 1_000_000_000 }),
  decimal: figure({ type: "decimal" }),
  percentage: figure({ type: "percentage" }),
  signed: figure({ type: "decimal", decimals: 1, min: -100, max: 100 }),
  atLeastTen: figure({ type: "decimal", min: 10 }),
};
type FigureName = keyof typeof FIGURES;

/** [input, figure, locales, expected]: a value with "?" when it must be said back, or an error. */
type Row = [string, FigureName, Locale[] | "all", number | `${number}?` | Exclude<ParseResult, { ok: true }>["error"]];
const RU_KK: Locale[] = ["ru", "kk"];
const EN: Locale[] = ["en"];

const ROWS: Row[] = [
  // Plain and grouped whole numbers.
  ["91337", "count", "all", 91337],
  ["91 337", "count", "all", 91337],
  ["91\u00a0337", "count", "all", 91337],
  ["91\u202f337", "count", "all", 91337],
  ["91\u2009337", "count", "all", 91337],
  ["  91337 \n", "count", "all", 91337],
  ["1 234 567", "money", "all", 1_234_567],
  ["1.000.000", "count", "all", 1_000_000],
  ["1,000,000", "count", "all", 1_000_000],
  ["0", "count", "all", 0],
  ["007", "count", "all", 7],
  ["-0", "count", "all", 0],
  ["17.", "count", "all", 17],
  ["17,0", "count", "all", 17],
  // One separator and three digits: thousands for a whole-number figure, said back.
  ["91,337", "count", "all", "91337?"],
  ["91.337", "count", "all", "91337?"],
  ["91,337", "money", "all", "91337?"],
  ["91.337", "money", "all", "91337?"],
  // Multipliers in three languages.
  ["27,6 тыс", "count", "all", 27_600],
  ["27,6 тыс.", "count", "all", 27_600],
  ["27,6 ТЫС.", "count", "all", 27_600],
  ["27,6 мың", "count", "all", 27_600],
  ["27.6k", "count", "all", 27_600],
  ["27,6 thousand", "count", "all", 27_600],
  ["27,6505 тыс", "count", "all", "fraction"],
  // The figure's own unit word may follow the number.
  ["5 услуг", "count", "all", 5],
  ["5 қызмет", "count", "all", 5],
  ["5 services", "count", "all", 5],
  ["1,5 тыс услуг", "count", "all", 1500],
  // Signs.
  ["+5", "count", "all", "5?"],
  ["-5", "count", "all", "negative"],
  ["\u22125", "count", "all", "negative"],
  ["-1,5", "count", "all", "negative"],
  // Digits of other scripts are read and said back; others are refused.
  ["٩١٣٣٧", "count", "all", "91337?"],
  ["۹۱۳۳۷", "count", "all", "91337?"],
  ["９１３３７", "count", "all", "91337?"],
  ["९१३३७", "count", "all", "not_a_number"],
  // Not numbers.
  ["12abc", "count", "all", "not_a_number"],
  ["1-2", "count", "all", "not_a_number"],
  ["--5", "count", "all", "not_a_number"],
  ["+-5", "count", "all", "not_a_number"],
  ["1,2,3", "count", "all", "not_a_number"],
  ["1.5.5", "count", "all", "not_a_number"],
  ["1,500,5", "count", "all", "not_a_number"],
  ["5 5", "count", "all", "not_a_number"],
  ["1 50 000", "count", "all", "not_a_number"],
  ["5 500,000", "money", "all", "5500000?"],
  ["5 500.000", "money", "all", "5500000?"],
  ["1 000,000", "decimal", RU_KK, "100000?"],
  ["1 000,000", "decimal", EN, "100000000?"],
  ["1 500.000,5", "count", "all", "not_a_number"],
  ["17,", "count", "all", "not_a_number"],
  [".5", "count", "all", "not_a_number"],
  ["1e6", "count", "all", "not_a_number"],
  ["abc", "count", "all", "not_a_number"],
  ["тыс", "count", "all", "not_a_number"],
  ["12 km", "count", "all", "not_a_number"],
  ["250 тенге", "count", "all", "not_a_number"],
  ["88 %", "count", "all", "not_a_number"],
  ["5 млн млн", "money", "all", "not_a_number"],
  // Empty, too long, fractions, limits.
  ["", "count", "all", "empty"],
  [" \u00a0 ", "count", "all", "empty"],
  ["1".repeat(41), "count", "all", "too_long"],
  ["1".repeat(40), "count", "all", "above_max"],
  ["17,9", "count", "all", "fraction"],
  ["17.9", "count", "all", "fraction"],
  ["1 000 000", "count", "all", 1_000_000],
  ["1 000 001", "count", "all", "above_max"],
  // Money: multipliers and currency words.
  ["17,9 млрд", "money", "all", 17_900_000_000],
  ["17.9 млрд", "money", "all", 17_900_000_000],
  ["17,9млрд", "money", "all", 17_900_000_000],
  ["17,9 млрд тенге", "money", "all", 17_900_000_000],
  ["17,9 млрд. теңге", "money", "all", 17_900_000_000],
  ["17,9 МЛРД ₸", "money", "all", 17_900_000_000],
  ["17,9 миллиарда", "money", "all", 17_900_000_000],
  ["17.9 bn", "money", "all", 17_900_000_000],
  ["17.9 billion", "money", "all", 17_900_000_000],
  ["17,9 mlrd", "money", "all", 17_900_000_000],
  ["250 млн", "money", "all", 250_000_000],
  ["250млн", "money", "all", 250_000_000],
  ["250 mln", "money", "all", 250_000_000],
  ["250m", "money", "all", 250_000_000],
  ["250 million", "money", "all", 250_000_000],
  ["1,5 mln", "money", "all", 1_500_000],
  ["1.5 mln", "money", "all", 1_500_000],
  ["1,5 млн тг", "money", "all", 1_500_000],
  ["1,5 млн тг.", "money", "all", 1_500_000],
  ["1 500 000 тенге", "money", "all", 1_500_000],
  ["1 500 000 KZT", "money", "all", 1_500_000],
  ["1 500 000₸", "money", "all", 1_500_000],
  ["₸1 500 000", "money", "all", 1_500_000],
  ["₸ 1,5 млн", "money", "all", 1_500_000],
  ["1.500.000", "money", "all", 1_500_000],
  ["1,500,000.00", "money", "all", 1_500_000],
  ["0,5 тыс", "money", "all", 500],
  ["17,95 тыс", "money", "all", 17_950],
  ["17,9555 тыс", "money", "all", "too_precise"],
  ["17,9", "money", "all", "too_precise"],
  ["101 млрд", "money", "all", "above_max"],
  ["-1 млн", "money", "all", "negative"],
  // With a multiplier a three-digit fraction is read per locale and said back when both readings fit.
  ["1,500 млн", "money", RU_KK, "1500000?"],
  ["1,500 млн", "money", EN, "1500000000?"],
  ["1.500 млн", "money", "all", "1500000?"],
  // Only one reading fits under the maximum: the other one is not offered.
  ["1,500 млрд", "money", RU_KK, 1_500_000_000],
  ["1,500 млрд", "money", EN, "1500000000?"],
  // Money in tiyn (two decimals).
  ["1 234,56", "tiyn", "all", 123_456],
  ["1234.5", "tiyn", "all", 123_450],
  ["91,33", "tiyn", "all", 9133],
  ["91,337", "tiyn", RU_KK, "9133700?"],
  ["91,337", "tiyn", EN, 9_133_700],
  ["1234,567", "tiyn", "all", "too_precise"],
  // Decimals: the locale decides a comma before three digits.
  ["17,9", "decimal", "all", 1790],
  ["17.9", "decimal", "all", 1790],
  ["17,90", "decimal", "all", 1790],
  ["17,900", "decimal", RU_KK, "1790?"],
  ["17,900", "decimal", EN, "1790000?"],
  ["17.900", "decimal", "all", "1790?"],
  ["17,999", "decimal", RU_KK, "1799900?"],
  ["0,125", "decimal", "all", "too_precise"],
  ["0,12", "decimal", "all", 12],
  ["1,234.5", "decimal", "all", 123_450],
  ["1.234,5", "decimal", "all", 123_450],
  ["1,5 k", "decimal", "all", 150_000],
  // Percentages.
  ["88,4 %", "percentage", "all", 884],
  ["88,4\u00a0%", "percentage", "all", 884],
  ["88.4%", "percentage", "all", 884],
  ["88,4", "percentage", "all", 884],
  ["100", "percentage", "all", 1000],
  ["0", "percentage", "all", 0],
  ["100,1", "percentage", "all", "above_max"],
  ["88,45", "percentage", "all", "too_precise"],
  ["-1", "percentage", "all", "negative"],
  ["50 тыс", "percentage", "all", "not_a_number"],
  ["88 % %", "percentage", "all", "not_a_number"],
  // Figures that allow negatives check their minimum instead.
  ["-5,5", "signed", "all", -55],
  ["\u22125,5", "signed", "all", -55],
  ["-100", "signed", "all", -1000],
  ["-100,1", "signed", "all", "below_min"],
  ["+5", "signed", "all", "50?"],
  ["5", "atLeastTen", "all", "below_min"],
];

function expected(value: Row[3]): ParseResult {
  if (typeof value === "number") return { ok: true, value, needsConfirmation: false };
  if (value.endsWith("?")) return { ok: true, value: Number(value.slice(0, -1)), needsConfirmation: true };
  return { ok: false, error: value as Exclude<ParseResult, { ok: true }>["error"] };
}

for (const locale of LOCALES) {
  describe(`parseFigureInput in ${locale}`, () => {
    for (const [input, figureName, locales, value] of ROWS) {
      if (locales !== "all" && !locales.includes(locale)) continue;
      it(`reads ${JSON.stringify(input)} for a ${figureName} figure as ${value}`, () => {
        assert.deepEqual(parseFigureInput(input, FIGURES[figureName], locale), expected(value));
      });
    }
  });
}

describe("parseFigureInput on other figure types", () => {
  it("refuses to read a text figure, which has its own parser", () => {
    assert.throws(() => parseFigureInput("5", figure({ type: "text" }), "ru"), /not numeric/);
  });
});
