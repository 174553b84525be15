import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatFigureValue, formatNumber, formatShare } from "../../src/domain/numbers.ts";
import { figure } from "../helpers/domain.ts";

const NBSP = "\u00a0";
const count = figure({ type: "count" });
const money = figure({ type: "money" });
const tiyn = figure({ type: "money", decimals: 2 });
const decimal = figure({ type: "decimal", decimals: 1 });
const percentage = figure({ type: "percentage" });

describe("formatFigureValue", () => {
  const rows: [string, Parameters<typeof formatFigureValue>, string][] = [
    ["a count in Russian groups thousands with no-break spaces", [91337, count, "ru"], `91${NBSP}337`],
    ["a count in Kazakh groups thousands with no-break spaces", [91337, count, "kk"], `91${NBSP}337`],
    ["a count in English groups thousands with commas", [91337, count, "en"], "91,337"],
    ["a small count has no separator", [999, count, "ru"], "999"],
    ["four digits are grouped", [1000, count, "ru"], `1${NBSP}000`],
    ["zero is written as 0", [0, count, "en"], "0"],
    ["millions group every three digits", [1_500_000, count, "en"], "1,500,000"],
    ["a decimal uses a comma in Russian", [179, decimal, "ru"], "17,9"],
    ["a decimal uses a comma in Kazakh", [179, decimal, "kk"], "17,9"],
    ["a decimal uses a point in English", [179, decimal, "en"], "17.9"],
    ["a decimal keeps the figure's decimals", [1700, figure({ type: "decimal" }), "ru"], "17,00"],
    ["a percentage has a no-break space before % in Russian", [884, percentage, "ru"], `88,4${NBSP}%`],
    ["a percentage has a no-break space before % in Kazakh", [884, percentage, "kk"], `88,4${NBSP}%`],
    ["a percentage has no space in English", [884, percentage, "en"], "88.4%"],
    ["money is written out with the tenge sign", [17_900_000_000, money, "ru"], `17${NBSP}900${NBSP}000${NBSP}000${NBSP}₸`],
    ["money in English", [17_900_000_000, money, "en"], `17,900,000,000${NBSP}₸`],
    ["money in tiyn shows two decimals", [123_456, tiyn, "ru"], `1${NBSP}234,56${NBSP}₸`],
  ];
  for (const [name, args, expected] of rows) it(name, () => assert.equal(formatFigureValue(...args), expected));

  const compact: [string, Parameters<typeof formatFigureValue>, string][] = [
    ["billions in Russian", [17_900_000_000, money, "ru", { compact: true }], `17,9${NBSP}млрд${NBSP}₸`],
    ["billions in Kazakh", [17_900_000_000, money, "kk", { compact: true }], `17,9${NBSP}млрд${NBSP}₸`],
    ["billions in English", [17_900_000_000, money, "en", { compact: true }], `17.9${NBSP}billion${NBSP}₸`],
    ["whole millions drop the ,0", [250_000_000, money, "ru", { compact: true }], `250${NBSP}млн${NBSP}₸`],
    ["millions with a decimal", [1_500_000, money, "ru", { compact: true }], `1,5${NBSP}млн${NBSP}₸`],
    ["thousands of people in Russian", [27_600, count, "ru", { compact: true }], `27,6${NBSP}тыс.`],
    ["thousands of people in Kazakh", [27_600, count, "kk", { compact: true }], `27,6${NBSP}мың`],
    ["thousands of people in English", [27_600, count, "en", { compact: true }], `27.6${NBSP}thousand`],
    ["rounding up to the next word", [999_960, count, "ru", { compact: true }], `1${NBSP}млн`],
    ["three significant digits, not a rounded billion", [1_049_000_000, money, "ru", { compact: true }], `1,05${NBSP}млрд${NBSP}₸`],
    ["three significant digits in Kazakh", [1_049_000_000, money, "kk", { compact: true }], `1,05${NBSP}млрд${NBSP}₸`],
    ["three significant digits in English", [1_049_000_000, money, "en", { compact: true }], `1.05${NBSP}billion${NBSP}₸`],
    ["hundreds of millions keep three digits", [441_300_000, money, "ru", { compact: true }], `441${NBSP}млн${NBSP}₸`],
    ["tens of billions keep one decimal", [17_140_000_000, money, "ru", { compact: true }], `17,1${NBSP}млрд${NBSP}₸`],
    ["rounding to ten millions drops the ,0", [9_996_000, money, "ru", { compact: true }], `10${NBSP}млн${NBSP}₸`],
    ["below a thousand the number is written out", [950, count, "ru", { compact: true }], "950"],
    ["a compact percentage is the same as a full one", [884, percentage, "en", { compact: true }], "88.4%"],
  ];
  for (const [name, args, expected] of compact) it(`compact: ${name}`, () => assert.equal(formatFigureValue(...args), expected));

  it("refuses a text figure", () => {
    assert.throws(() => formatFigureValue(1, figure({ type: "text" }), "ru"), /not numeric/);
  });
});

describe("formatNumber", () => {
  it("rounds to exactly the given decimals", () => assert.equal(formatNumber(1234.56, "ru", 1), `1${NBSP}234,6`));
  it("pads to the given decimals", () => assert.equal(formatNumber(2, "en", 2), "2.00"));
  it("writes negatives with a minus", () => assert.equal(formatNumber(-1234.5, "en", 2), "-1,234.50"));
  it("does not write minus zero", () => assert.equal(formatNumber(-0.01, "ru", 1), "0,0"));
});

describe("formatShare", () => {
  it("gives the seed's electronic share in Russian", () => assert.equal(formatShare(91_337, 91_337 + 27_845, "ru"), `76,6${NBSP}%`));
  it("gives a share in Kazakh", () => assert.equal(formatShare(884, 1000, "kk"), `88,4${NBSP}%`));
  it("gives a share in English", () => assert.equal(formatShare(884, 1000, "en"), "88.4%"));
  it("can exceed 100 %", () => assert.equal(formatShare(11, 10, "en"), "110.0%"));
  it("gives a dash when there is nothing to divide by", () => assert.equal(formatShare(5, 0, "ru"), "—"));
});
