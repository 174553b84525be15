import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { countCommands, publicServices, roadmap, seededRandom, startStore, type StoreFixture } from "../helpers/store.ts";
import { monthsFrom } from "../../src/store/months.ts";
import type { ReportValues } from "../../src/store/values.ts";
import type { FormShape } from "../../src/store/form-shape.ts";
import type { Store } from "../../src/store/index.ts";
import { createStore } from "../../src/store/index.ts";
import { regionalRange } from "../../src/domain/aggregate.ts";
import { form as domainForm, text } from "../helpers/domain.ts";

/** The store fixture's roadmap as the domain defines it, for regionalRange. */
const roadmapDefinition = domainForm({
  figures: [
    { id: "allotted", label: text("allotted"), type: "money", monthAggregation: "last" },
    { id: "spent", label: text("spent"), type: "money" },
  ],
});

let f: StoreFixture;
before(async () => {
  f = await startStore();
});
after(async () => {
  await f.stop();
});

const YEAR = monthsFrom("2016", 1);
let nextUpdate = 1;
let conflicts = 0;

/** Submits, retrying on conflict with the version it reports, as a second device would after reloading. */
async function submit(store: Store, form: FormShape, unit: string, period: string, values: ReportValues): Promise<void> {
  let expectedVersion = (await store.reports.getReport(form.id, unit, period))?.version ?? 0;
  for (;;) {
    const result = await store.reports.submitReport({ form, unit, period, values, expectedVersion, author: 7, updateId: nextUpdate++, at: 1 });
    if (result.status === "ok") return;
    assert.equal(result.status, "conflict");
    if (result.status === "conflict") expectedVersion = result.currentVersion;
    conflicts++;
  }
}

/** Each unit's numbers per month as its current report holds them: what the cover hashes must equal. */
async function recountCover(store: Store, formId: string, units: readonly string[]): Promise<Map<string, Map<string, Record<string, number>>>> {
  const months = new Map<string, Map<string, Record<string, number>>>();
  for (const month of YEAR) {
    const reports = await store.reports.getReportsForUnits(formId, month, units);
    const byUnit = new Map<string, Record<string, number>>();
    for (const [unit, report] of reports) {
      byUnit.set(unit, Object.fromEntries(Object.entries(report.values).filter(([, value]) => typeof value === "number")) as Record<string, number>);
    }
    months.set(month, byUnit);
  }
  return months;
}

describe("regional totals", () => {
  it("carry forward the latest allotment across months a unit skipped, and move with corrections of earlier months", async () => {
    const store = createStore(f.redis, { prefix: f.server.prefix, regionId: "carry-example" });
    const last = async () => (await store.totals.readTotals(roadmap, YEAR)).map((t) => t.last.allotted);
    await submit(store, roadmap, "aksu", "2016-01", { allotted: 100 });
    await submit(store, roadmap, "aksu", "2016-04", { allotted: 200 });
    await submit(store, roadmap, "ile", "2016-02", { allotted: 50 });
    assert.deepEqual(await last(), [100, 150, 150, 250, 250, 250, 250, 250, 250, 250, 250, 250]);
    await submit(store, roadmap, "aksu", "2016-01", { allotted: 150 });
    assert.deepEqual(await last(), [150, 200, 200, 250, 250, 250, 250, 250, 250, 250, 250, 250]);
    await submit(store, roadmap, "aksu", "2016-02", { allotted: 120 });
    assert.deepEqual(await last(), [150, 170, 170, 250, 250, 250, 250, 250, 250, 250, 250, 250]);
    // A report that leaves the allotment out carries aksu's previous one (120, February's) forward, never 0.
    await submit(store, roadmap, "aksu", "2016-04", { spent: 1 });
    assert.deepEqual(await last(), [150, 170, 170, 170, 170, 170, 170, 170, 170, 170, 170, 170]);
    await submit(store, roadmap, "aksu", "2016-02", { allotted: 130 });
    assert.deepEqual(await last(), [150, 180, 180, 180, 180, 180, 180, 180, 180, 180, 180, 180]);
    await submit(store, roadmap, "aksu", "2016-06", { allotted: 300 });
    await submit(store, roadmap, "aksu", "2016-06", { spent: 2 });
    assert.deepEqual(await last(), [150, 180, 180, 180, 180, 180, 180, 180, 180, 180, 180, 180]);
    const totals = await store.totals.readTotals(roadmap, ["2016-02", "2016-03"]);
    assert.deepEqual(totals.map((t) => [t.values.allotted, t.reported]), [
      [180, ["aksu", "ile"]],
      [0, []],
    ]);
    assert.deepEqual(totals, await store.totals.recomputeTotalsNaively(roadmap, ["2016-02", "2016-03"], ["aksu", "ile"]));
  });

  it("after hundreds of concurrent submissions and corrections from 50 units equal a recomputation from every report", async () => {
    const random = seededRandom(20161127);
    const int = (max: number) => Math.floor(random() * max);
    const units = Array.from({ length: 50 }, (_, i) => `unit-${i}`);
    const valuesFor = (form: FormShape): ReportValues => {
      const values: ReportValues = {};
      for (const figure of form.figures) if (random() < 0.85) values[figure.id] = int(5) === 0 ? 0 : int(20_000_000_000);
      if (random() < 0.3) values.comment = `note ${int(100)}`;
      return values;
    };
    const chains: Promise<void>[] = [];
    for (const unit of units) {
      for (const month of YEAR) {
        for (const form of [roadmap, publicServices]) {
          if (random() < 0.25) continue;
          const versions = Array.from({ length: 1 + int(3) }, () => valuesFor(form));
          chains.push(
            (async () => {
              for (const values of versions) await submit(f.store, form, unit, month, values);
            })(),
          );
          // Now and then a second device corrects the same report at once.
          if (random() < 0.1) chains.push(submit(f.store, form, unit, month, valuesFor(form)));
        }
      }
    }
    assert.ok(chains.length > 900);
    await Promise.all(chains);
    assert.ok(conflicts > 0, "some corrections raced and were retried");
    for (const form of [roadmap, publicServices]) {
      const kept = await f.store.totals.readTotals(form, YEAR);
      const recomputed = await f.store.totals.recomputeTotalsNaively(form, YEAR, units);
      assert.deepEqual(kept, recomputed);
      assert.deepEqual(await f.store.totals.readCover(form.id, YEAR), await recountCover(f.store, form.id, units), "each unit's numbers, corrections included");
    }
  });

  it("equal the recomputation for any sequence of submissions (property)", async () => {
    let run = 0;
    const units = ["a", "b", "c"];
    const step = fc.record({
      unit: fc.constantFrom(...units),
      month: fc.integer({ min: 1, max: 12 }),
      allotted: fc.option(fc.integer({ min: -1e15, max: 1e15 }), { nil: undefined }),
      spent: fc.option(fc.nat({ max: 1e12 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const store = createStore(f.redis, { prefix: f.server.prefix, regionId: `property-${run++}` });
        for (const s of steps) {
          const values: ReportValues = {};
          if (s.allotted !== undefined) values.allotted = s.allotted;
          if (s.spent !== undefined) values.spent = s.spent;
          await submit(store, roadmap, s.unit, YEAR[s.month - 1]!, values);
        }
        const kept = await store.totals.readTotals(roadmap, YEAR);
        assert.deepEqual(kept, await store.totals.recomputeTotalsNaively(roadmap, YEAR, units));
        assert.deepEqual(await store.totals.readCover(roadmap.id, YEAR), await recountCover(store, roadmap.id, units));
        // The domain's regionalRange, from every stored report, agrees with the kept totals month by month.
        const byUnit = new Map(
          await Promise.all(
            units.map(async (unit) => {
              const history = await store.reports.getUnitHistory(roadmap.id, unit, YEAR);
              return [unit, new Map([...history].map(([period, report]) => [period, report.values]))] as const;
            }),
          ),
        );
        for (const [i, totals] of kept.entries()) {
          const range = regionalRange(roadmapDefinition, { kind: "month", year: 2016, month: i + 1 }, byUnit);
          assert.deepEqual({ allotted: range.allotted ?? 0, spent: range.spent ?? 0 }, { allotted: totals.last.allotted, spent: totals.values.spent });
        }
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it("each unit's numbers per month are read with two commands per month, and rebuilt from the reports where the hash is missing", async () => {
    const units = Array.from({ length: 50 }, (_, i) => `unit-${i}`);
    const expected = await recountCover(f.store, publicServices.id, units);
    let read: Awaited<ReturnType<Store["totals"]["readCover"]>> = new Map();
    const counts = await countCommands(f.admin, async () => {
      read = await f.store.totals.readCover(publicServices.id, YEAR);
    });
    assert.deepEqual(counts, { hgetall: 12, scard: 12 });
    assert.deepEqual(read, expected);
    // Reports stored before the hashes were kept: one month lost entirely, another lost one unit's field.
    await f.admin.del(f.store.keys.cover(publicServices.id, "2016-03"));
    const [someUnit] = expected.get("2016-07")!.keys();
    await f.admin.hdel(f.store.keys.cover(publicServices.id, "2016-07"), someUnit!);
    assert.deepEqual(await f.store.totals.readCover(publicServices.id, YEAR), expected);
    const again = await countCommands(f.admin, () => f.store.totals.readCover(publicServices.id, YEAR));
    assert.deepEqual(again, { hgetall: 12, scard: 12 }, "the rebuilt months were written back");
  });

  it("are read with two commands per month in one round trip, whatever the number of units", async () => {
    const counts = await countCommands(f.admin, () => f.store.totals.readTotals(roadmap, YEAR));
    assert.deepEqual(counts, { hgetall: 12, smembers: 12 });
  });

  it("list reporting units only for the months asked, counting them for the others", async () => {
    const listed = await f.store.totals.readTotals(roadmap, YEAR);
    let counted: typeof listed = [];
    const counts = await countCommands(f.admin, async () => {
      counted = await f.store.totals.readTotals(roadmap, YEAR, { listUnitsFor: ["2016-10"] });
    });
    assert.deepEqual(counts, { hgetall: 12, smembers: 1, scard: 11 });
    assert.deepEqual(counted.map((t) => t.reportedCount), listed.map((t) => t.reported?.length));
    assert.deepEqual(counted.map((t) => t.reported), listed.map((t) => (t.month === "2016-10" ? t.reported : null)));
    assert.ok(listed.every((t) => t.reportedCount > 30));
  });
});
