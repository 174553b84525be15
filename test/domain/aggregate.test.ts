import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  aggregatePeriods,
  aggregateRange,
  completeness,
  computeDerived,
  lateUnits,
  regionalRange,
  sumUnits,
} from "../../src/domain/aggregate.ts";
import type { FigureValues } from "../../src/domain/forms.ts";
import { form, text } from "../helpers/domain.ts";

const roadmap = form({
  figures: [
    { id: "employed", label: text("employed"), type: "count" },
    { id: "allotted", label: text("allotted"), type: "money", monthAggregation: "last" },
    { id: "spent", label: text("spent"), type: "money", monthAggregation: "last" },
    { id: "rate", label: text("rate"), type: "percentage" },
    { id: "note", label: text("note"), type: "text", required: false },
  ],
  derived: [{ id: "spent_share", label: text("share"), numerator: ["spent"], denominator: ["allotted"] }],
});

const months = (entries: Record<string, FigureValues>) => new Map(Object.entries(entries));

describe("totals over months", () => {
  const monthly = months({
    "2016-09": { employed: 100, allotted: 1_000, spent: 300, rate: 500 },
    "2016-10": { employed: 200, allotted: 1_200, spent: 500, rate: 600, note: "fine" },
    "2016-11": { employed: 300, allotted: 1_200, spent: 700 },
    "2016-12": { employed: 400 },
  });

  it("add up counts and take the latest value of last-figures over a quarter", () => {
    assert.deepEqual(aggregateRange(roadmap, { kind: "quarter", year: 2016, quarter: 4 }, monthly), {
      employed: 900,
      allotted: 1_200, // December has no allocation: November's stands
      spent: 700,
      rate: 600,
    });
  });

  it("build the year to date from January, skipping months without values", () => {
    assert.deepEqual(aggregateRange(roadmap, { kind: "ytd", year: 2016, month: 10 }, monthly), {
      employed: 300,
      allotted: 1_200,
      spent: 500,
      rate: 600,
    });
  });

  it("leave out figures with no value in the range", () => {
    assert.deepEqual(aggregateRange(roadmap, { kind: "quarter", year: 2016, quarter: 1 }, monthly), {});
  });

  it("work over any ordered list of periods", () => {
    const quarters = months({ "2016Q3": { employed: 5, allotted: 10 }, "2016Q4": { employed: 7 } });
    assert.deepEqual(aggregatePeriods(roadmap, ["2016Q3", "2016Q4"], quarters), { employed: 12, allotted: 10 });
  });
});

describe("totals over units", () => {
  it("add up figures that sum over units and leave out the others", () => {
    const units: FigureValues[] = [
      { employed: 10, allotted: 100, rate: 500, note: "a" },
      { employed: 5, spent: 40 },
    ];
    assert.deepEqual(sumUnits(roadmap, units), { employed: 15, allotted: 100, spent: 40 });
  });

  it("count a unit's latest allocation even when it skipped the last month", () => {
    const byUnit = new Map([
      ["talgar", months({ "2016-10": { allotted: 100, employed: 1 } })],
      ["aksu", months({ "2016-10": { allotted: 200, employed: 2 }, "2016-11": { allotted: 250, employed: 3 } })],
    ]);
    assert.deepEqual(regionalRange(roadmap, { kind: "ytd", year: 2016, month: 11 }, byUnit), { allotted: 350, employed: 6 });
  });

  it("carry a unit's allocation from before the range and over a report that left it out, as the store does", () => {
    const byUnit = new Map([
      ["talgar", months({ "2016-02": { allotted: 100, employed: 1 } })],
      ["aksu", months({ "2016-03": { allotted: 200, employed: 2 }, "2016-05": { employed: 3, spent: 9 } })],
    ]);
    assert.deepEqual(regionalRange(roadmap, { kind: "quarter", year: 2016, quarter: 2 }, byUnit), {
      allotted: 300,
      employed: 3,
      spent: 9,
    });
    assert.deepEqual(regionalRange(roadmap, { kind: "month", year: 2016, month: 1 }, byUnit), {});
  });
});

describe("derived shares", () => {
  const services = form({
    figures: ["ekyzmet", "egov", "other"].map((id) => ({ id, label: text(id), type: "count", required: id !== "other" })),
    derived: [
      { id: "electronic_share", label: text("share"), numerator: ["ekyzmet", "egov"], denominator: ["ekyzmet", "egov", "other"] },
    ],
  });

  it("are recomputed from summed parts, never averaged", () => {
    const units: FigureValues[] = [
      { ekyzmet: 1, egov: 0, other: 1 }, // 50 %
      { ekyzmet: 90, egov: 10, other: 0 }, // 100 %
    ];
    const { electronic_share } = computeDerived(services, sumUnits(services, units));
    assert.deepEqual(electronic_share, { numerator: 101, denominator: 102, share: 101 / 102 });
  });

  it("count a missing optional part as zero", () => {
    assert.equal(computeDerived(services, { ekyzmet: 91_337, egov: 27_845 }).electronic_share?.share, 1);
  });

  it("have no share when there is nothing to divide by", () => {
    assert.deepEqual(computeDerived(services, {}).electronic_share, { numerator: 0, denominator: 0, share: undefined });
  });

  it("use natural units when the parts are stored with decimals", () => {
    const mixed = form({
      figures: [
        { id: "done", label: text("done"), type: "decimal", decimals: 2 },
        { id: "plan", label: text("plan"), type: "decimal", decimals: 1 },
      ],
      derived: [{ id: "share", label: text("share"), numerator: ["done"], denominator: ["plan"] }],
    });
    assert.deepEqual(computeDerived(mixed, { done: 150, plan: 30 }).share, { numerator: 1.5, denominator: 3, share: 0.5 });
  });
});

describe("completeness", () => {
  it("lists the expected, the reported and the missing units in configured order", () => {
    assert.deepEqual(completeness(["taldykorgan", "aksu", "talgar", "uygur"], ["uygur", "taldykorgan"]), {
      expected: ["taldykorgan", "aksu", "talgar", "uygur"],
      reported: ["taldykorgan", "uygur"],
      missing: ["aksu", "talgar"],
    });
  });

  it("ignores reports from units not assigned the form", () => {
    assert.deepEqual(completeness(["aksu"], ["aksu", "kegen"]).reported, ["aksu"]);
  });

  it("finds the units that reported late", () => {
    const lateAt = new Date("2016-11-05T12:00:00Z");
    const submitted = new Map([
      ["aksu", new Date("2016-11-05T11:59:59Z")],
      ["talgar", new Date("2016-11-05T12:00:00Z")],
      ["uygur", new Date("2016-11-07T08:00:00Z")],
    ]);
    assert.deepEqual(lateUnits(submitted, lateAt), ["talgar", "uygur"]);
  });
});
