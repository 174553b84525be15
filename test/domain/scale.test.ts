import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readFigureInput } from "../../src/bot/numberInput.ts";
import { decodeTyped, encodeTyped, formatReading, isFarFrom, scaleButtons, scaleQuestion } from "../../src/domain/scale.ts";
import type { Locale } from "../../src/domain/locale.ts";
import { figure } from "../helpers/domain.ts";

const money = figure({ id: "allotted", type: "money", max: 100_000_000_000 });
const count = figure({ id: "people", type: "count", max: 20_000 });
const share = figure({ id: "share", type: "percentage" });

/** The buttons offered for `text`, as they read; undefined when the value is taken as typed. */
function offered(text: string, f = money, reference?: number, locale: Locale = "ru"): string[] | undefined {
  const reading = readFigureInput(text, f, locale);
  const choices = scaleQuestion(reading, f, reference);
  if (!choices) return undefined;
  return scaleButtons(choices).map((r) => (r === choices.literal ? "= " : "") + formatReading(reading.typed!, r, f, locale).replace(/\u00a0/g, " "));
}

describe("a scale left out", () => {
  it("offers 441 million beside 441 as typed when last month was 1.2 billion", () => {
    assert.deepEqual(offered("441", money, 1_200_000_000), ["441 млн ₸", "= 441 ₸"]);
  });
  it("takes a value within a hundred times of the reference as typed", () => {
    assert.equal(offered("441 млн", money, 1_200_000_000), undefined);
    assert.equal(offered("13", money, 1_200), undefined);
    assert.equal(offered("1 150 000 000", money, 1_200_000_000), undefined);
  });
  it("asks about a value a hundred times above the reference too, offering the scale that fits", () => {
    assert.deepEqual(offered("1,2 млрд", money, 1_200_000), ["1,2 млн ₸", "= 1,2 млрд ₸"]);
  });
  it("checks nothing without a reference, or for zero", () => {
    assert.equal(offered("441", money, undefined), undefined);
    assert.equal(offered("0", money, 1_200_000_000), undefined);
  });
  it("offers every whole scale for a fraction of a tenge when nothing is known, the likely ones when something is", () => {
    assert.deepEqual(offered("17,9"), ["17,9 тыс. ₸", "17,9 млн ₸", "17,9 млрд ₸"]);
    assert.deepEqual(offered("17,9", money, 1_000_000_000), ["17,9 млрд ₸", "17,9 млн ₸"]);
    assert.deepEqual(offered("17,9", money, 15_000_000_000), ["17,9 млрд ₸"]);
    assert.deepEqual(offered("17.9", money, undefined, "en"), ["17.9 thousand ₸", "17.9 million ₸", "17.9 billion ₸"]);
    assert.deepEqual(offered("17,9", money, undefined, "kk"), ["17,9 мың ₸", "17,9 млн ₸", "17,9 млрд ₸"]);
  });
  it("leaves out readings above the figure's limit", () => {
    assert.deepEqual(offered("441", money, 500_000_000_000), ["= 441 ₸"]);
    assert.deepEqual(offered("150", count, 1), ["= 150"]);
  });
  it("keeps the usual errors for a fraction said with a scale, a count's fraction and percentages", () => {
    assert.equal(offered("17,0009 тыс."), undefined);
    assert.equal(offered("2,5", count), undefined);
    assert.equal(offered("5", share, 1000), undefined);
  });
  it("asks nothing about a negative number", () => {
    const signed = figure({ id: "change", type: "decimal", decimals: 1, min: -1000, max: 1000 });
    assert.equal(scaleQuestion(readFigureInput("-5", signed, "ru"), signed, 900), undefined);
  });
});

describe("the number kept while its scale is asked", () => {
  it("is written and read back exactly", () => {
    const typed = readFigureInput("17,90", money, "ru").typed!;
    assert.deepEqual(typed, { digits: "179", scale: 1, exponent: 0 });
    assert.deepEqual(decodeTyped(encodeTyped(typed)), typed);
  });
  it("refuses anything else", () => {
    for (const text of [undefined, "", "17.9", "179:1:2", "a:1:0", "179:1:0:1", "1".repeat(41) + ":0:0"]) assert.equal(decodeTyped(text), undefined, text);
  });
});

describe("isFarFrom", () => {
  it("is a hundred times either way", () => {
    assert.equal(isFarFrom(100, 1), true);
    assert.equal(isFarFrom(99, 1), false);
    assert.equal(isFarFrom(1, 100), true);
    assert.equal(isFarFrom(0, 100), false);
  });
});
