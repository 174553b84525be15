// How the region's figures add up in summaries: sums and latest values, missing units, corrections, quarters and
// years from months, shares from their parts; against the store's naive recomputation as the oracle.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { loadDomainConfig } from "../../src/configFiles.ts";
import type { FormDefinition } from "../../src/domain/forms.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import type { ReportValues } from "../../src/store/values.ts";
import { comparedValues, comparisonBasis, readRegional, totalsOver, percentChange } from "../../src/reports/regional.ts";
import { regionShare } from "../../src/reports/totalsText.ts";
import { readUnitRows, unitsInOrder } from "../../src/reports/units.ts";
import type { ReportEnv } from "../../src/reports/types.ts";
import { countCommands, seededRandom, startStore, type StoreFixture } from "../helpers/store.ts";
import { CONFIG_DIR } from "../helpers/domain.ts";

const domain = loadDomainConfig(CONFIG_DIR);
const services = domain.forms.find((form) => form.id === "public-services")!;
const roadmap = domain.forms.find((form) => form.id === "employment-roadmap")!;

let f: StoreFixture;
before(async () => {
  f = await startStore(domain.region.id);
});
after(() => f.stop());

/** A store on a fresh key prefix: every test its own region data. */
function freshEnv(): ReportEnv & { store: Store } {
  const store = createStore(f.redis, { prefix: `${f.server.prefix}${randomBytes(3).toString("hex")}:`, regionId: domain.region.id });
  return { store, region: domain.region, forms: domain.forms, timeZone: "Asia/Almaty" };
}

let update = 1;
async function submit(env: ReportEnv, form: FormDefinition, unit: string, period: string, values: ReportValues, late = false): Promise<void> {
  const current = await env.store.reports.getReport(form.id, unit, period);
  const result = await env.store.reports.submitReport({
    form, unit, period, values, expectedVersion: current?.version ?? 0, author: 1, updateId: update++, at: 1, late,
  });
  assert.equal(result.status, "ok");
}

describe("regional figures for a period", () => {
  it("add up monthly figures over a quarter and the year so far, and take each unit's latest allotment, even from before the quarter", async () => {
    const env = freshEnv();
    await submit(env, roadmap, "aksu", "2016-01", { funds_allotted: 100, people_employed: 5 });
    await submit(env, roadmap, "aksu", "2016-04", { funds_allotted: 200, people_employed: 7 });
    await submit(env, roadmap, "ile", "2016-02", { funds_allotted: 50, people_employed: 3 });
    const [q1, q2, ytd] = await readRegional(env, roadmap, [
      { kind: "quarter", year: 2016, quarter: 1 },
      { kind: "quarter", year: 2016, quarter: 2 },
      { kind: "ytd", year: 2016, month: 6 },
    ], "2016-06");
    assert.deepEqual([q1!.current.values.people_employed, q1!.current.values.funds_allotted], [8, 150]);
    // Ile reported its allotment in February only: it still counts in the second quarter.
    assert.deepEqual([q2!.current.values.people_employed, q2!.current.values.funds_allotted], [7, 250]);
    assert.deepEqual([ytd!.current.values.people_employed, ytd!.current.values.funds_allotted], [15, 250]);
  });

  it("per-unit rows add up to the regional totals, allotments carried the same way", async () => {
    const env = freshEnv();
    await submit(env, roadmap, "aksu", "2016-01", { funds_allotted: 100, people_employed: 5 });
    await submit(env, roadmap, "aksu", "2016-04", { funds_allotted: 200, people_employed: 7 });
    await submit(env, roadmap, "ile", "2016-02", { funds_allotted: 50, people_employed: 3 });
    const [q2] = await readRegional(env, roadmap, [{ kind: "quarter", year: 2016, quarter: 2 }], "2016-06");
    const rows = await readUnitRows(env, roadmap, q2!.months, unitsInOrder(roadmap, domain.region, "ru"));
    const sum = (id: string) => rows.reduce((total, row) => total + (row.values[id] ?? 0), 0);
    assert.equal(sum("funds_allotted"), q2!.current.values.funds_allotted);
    assert.equal(sum("people_employed"), q2!.current.values.people_employed);
    const ile = rows.find((row) => row.unitId === "ile")!;
    assert.deepEqual([ile.monthsReported, ile.missing, ile.values.funds_allotted, ile.values.people_employed], [0, true, 50, undefined]);
  });

  it("count a unit that has not reported as missing, never as zero", async () => {
    const env = freshEnv();
    const [nothing] = await readRegional(env, services, [{ kind: "month", year: 2016, month: 10 }], "2016-10");
    assert.equal(nothing!.current.hasData, false);
    assert.equal(nothing!.completeness.missing.length, domain.region.units.length);
    await submit(env, services, "talgar", "2016-10", { services_ekyzmet: 10, services_egov: 5, seminars: 1, seminars_field: 0 });
    const [one] = await readRegional(env, services, [{ kind: "month", year: 2016, month: 10 }], "2016-10");
    assert.equal(one!.current.hasData, true);
    assert.deepEqual(one!.completeness.reported, ["talgar"]);
    assert.ok(one!.completeness.missing.includes("uygur"));
    assert.equal(one!.completeness.missing.length, domain.region.units.length - 1);
  });

  it("list no unit as missing when every unit has reported (the month is counted, not listed)", async () => {
    const env = freshEnv();
    for (const unit of domain.region.units) await submit(env, services, unit.id, "2016-10", { services_ekyzmet: 1 });
    const [month] = await readRegional(env, services, [{ kind: "month", year: 2016, month: 10 }], "2016-10");
    assert.deepEqual(month!.completeness.missing, []);
    assert.equal(month!.completeness.reported.length, domain.region.units.length);
    assert.equal(month!.current.values.services_ekyzmet, domain.region.units.length);
  });

  it("follow corrections: the corrected value replaces the first, and the unit is marked corrected", async () => {
    const env = freshEnv();
    await submit(env, services, "karatal", "2016-09", { services_ekyzmet: 1000, services_egov: 10 });
    await submit(env, services, "karatal", "2016-09", { services_ekyzmet: 100, services_egov: 10 });
    const [month] = await readRegional(env, services, [{ kind: "month", year: 2016, month: 9 }], "2016-09");
    assert.equal(month!.current.values.services_ekyzmet, 100);
    const [row] = await readUnitRows(env, services, ["2016-09"], ["karatal"]);
    assert.equal(row!.corrected, true);
  });

  it("recompute shares from the summed parts, never average them", async () => {
    const env = freshEnv();
    await submit(env, services, "aksu", "2016-10", { services_ekyzmet: 90, services_egov: 0, services_other: 10 }); // 90 %
    await submit(env, services, "ile", "2016-10", { services_ekyzmet: 1, services_egov: 0, services_other: 9 }); // 10 %
    const [month] = await readRegional(env, services, [{ kind: "month", year: 2016, month: 10 }], "2016-10");
    const share = month!.current.derived.electronic_share!;
    assert.deepEqual([share.numerator, share.denominator], [91, 110]);
    assert.ok(Math.abs(share.share! - 91 / 110) < 1e-12, "not the mean of 90 % and 10 %");
  });

  it("compare with the previous month and the same month a year earlier, and not at all without data", async () => {
    const env = freshEnv();
    await submit(env, services, "aksu", "2015-10", { services_ekyzmet: 80 });
    await submit(env, services, "aksu", "2016-09", { services_ekyzmet: 50 });
    await submit(env, services, "aksu", "2016-10", { services_ekyzmet: 100 });
    const [month, ytd] = await readRegional(env, services, [{ kind: "month", year: 2016, month: 10 }, { kind: "ytd", year: 2016, month: 10 }], "2016-10");
    assert.equal(percentChange(month!.current.values.services_ekyzmet, month!.previous?.values.services_ekyzmet), 100);
    assert.equal(percentChange(month!.current.values.services_ekyzmet, month!.lastYear?.values.services_ekyzmet), 25);
    assert.equal(ytd!.previous, undefined, "the year so far has no previous period");
    assert.equal(ytd!.lastYear?.values.services_ekyzmet, 80);
    const [september] = await readRegional(env, services, [{ kind: "month", year: 2016, month: 9 }], "2016-10");
    assert.equal(september!.lastYear, undefined, "September 2015 had no reports");
    assert.equal(percentChange(5, 0), undefined);
  });

  it("equal totals recomputed from every report after random submissions and corrections", async () => {
    const env = freshEnv();
    const random = seededRandom(42);
    const units = domain.region.units.map((unit) => unit.id);
    const months = Array.from({ length: 12 }, (_, i) => `2016-${String(i + 1).padStart(2, "0")}`);
    for (let i = 0; i < 150; i++) {
      const unit = units[Math.floor(random() * units.length)]!;
      const month = months[Math.floor(random() * 10)]!;
      const values: ReportValues = {};
      for (const figure of roadmap.figures) if (random() < 0.8) values[figure.id] = Math.floor(random() * 1_000_000_000);
      await submit(env, roadmap, unit, month, values);
    }
    const ranges = [
      { kind: "quarter", year: 2016, quarter: 2 },
      { kind: "quarter", year: 2016, quarter: 3 },
      { kind: "ytd", year: 2016, month: 10 },
    ] as const;
    const readings = await readRegional(env, roadmap, ranges, "2016-10");
    const naive = new Map((await env.store.totals.recomputeTotalsNaively(roadmap, months, units)).map((t) => [t.month, t]));
    for (const reading of readings) {
      assert.deepEqual(reading.current.values, totalsOver(roadmap, reading.months, naive).values, reading.range.kind);
      const rows = await readUnitRows(env, roadmap, reading.months, units);
      for (const figure of roadmap.figures) {
        assert.equal(rows.reduce((sum, row) => sum + (row.values[figure.id] ?? 0), 0), reading.current.values[figure.id], figure.id);
      }
    }
  });

  it("read the same number of Redis commands for two years of history as for five", async () => {
    const count = async (years: number) => {
      const env = freshEnv();
      for (let year = 2016 - years + 1; year <= 2016; year++) {
        for (let month = 1; month <= (year === 2016 ? 10 : 12); month++) {
          await submit(env, roadmap, "aksu", `${year}-${String(month).padStart(2, "0")}`, { funds_allotted: 10, people_employed: month });
        }
      }
      const commands = await countCommands(f.admin, () =>
        readRegional(env, roadmap, [{ kind: "month", year: 2016, month: 10 }, { kind: "ytd", year: 2016, month: 10 }], "2016-10"),
      );
      return Object.values(commands).reduce((a, b) => a + b, 0);
    };
    // Two years (one to compare with) against five: what is read does not grow with the history behind it.
    assert.equal(await count(2), await count(5));
  });

  it("say how many units gave an optional figure, and compute a share only over the units that gave all its parts", async () => {
    const env = freshEnv();
    await submit(env, services, "aksu", "2016-10", { services_ekyzmet: 90, services_egov: 0, services_other: 10 });
    await submit(env, services, "ile", "2016-10", { services_ekyzmet: 50, services_egov: 50 }); // other channels skipped
    const [month] = await readRegional(env, services, [{ kind: "month", year: 2016, month: 10 }], "2016-10");
    assert.deepEqual(month!.basis!.coverage!.figures.services_other, { given: 1, reported: 2 });
    assert.deepEqual(month!.basis!.coverage!.figures.services_ekyzmet, { given: 2, reported: 2 });
    const share = regionShare(month!, services.derived[0]!)!;
    // Ile's skipped answer is not a zero: the share is Aksu's 90 %, over 1 of 2 units, not 190 / 200 = 95 %.
    assert.deepEqual([share.numerator, share.denominator, share.units, share.reported], [90, 100, 1, 2]);
  });

  it("count a unit that skipped a part in one month of a range as not having given it", async () => {
    const env = freshEnv();
    await submit(env, services, "aksu", "2016-09", { services_ekyzmet: 90, services_egov: 0, services_other: 10 });
    await submit(env, services, "aksu", "2016-10", { services_ekyzmet: 90, services_egov: 0 });
    await submit(env, services, "ile", "2016-10", { services_ekyzmet: 30, services_egov: 0, services_other: 10 });
    const [q4] = await readRegional(env, services, [{ kind: "ytd", year: 2016, month: 10 }], "2016-10");
    assert.deepEqual(q4!.basis!.coverage!.figures.services_other, { given: 1, reported: 2 });
    assert.equal(regionShare(q4!, services.derived[0]!)!.share, 30 / 40);
  });

  it("compare a month with the previous one over the same units only, and say so, while the month is incomplete", async () => {
    const env = freshEnv();
    for (const unit of domain.region.units) await submit(env, services, unit.id, "2016-09", { services_ekyzmet: 100 });
    // Four days before the deadline one unit has reported October.
    await submit(env, services, "aksu", "2016-10", { services_ekyzmet: 80 });
    const [month] = await readRegional(env, services, [{ kind: "month", year: 2016, month: 10 }], "2016-10");
    assert.equal(month!.current.values.services_ekyzmet, 80);
    assert.deepEqual(comparedValues(month!, "previous", "services_ekyzmet"), [80, 100], "Aksu against Aksu: −20 %, not −95,8 %");
    assert.deepEqual(comparisonBasis(month!, "previous"), { kind: "same-units", common: 1, expected: domain.region.units.length });
  });

  it("compare totals when every unit reported both months, and say nothing more", async () => {
    const env = freshEnv();
    for (const unit of domain.region.units) {
      await submit(env, services, unit.id, "2016-09", { services_ekyzmet: 100 });
      await submit(env, services, unit.id, "2016-10", { services_ekyzmet: 110 });
    }
    const [month] = await readRegional(env, services, [{ kind: "month", year: 2016, month: 10 }], "2016-10");
    const n = domain.region.units.length;
    assert.deepEqual(comparedValues(month!, "previous", "services_ekyzmet"), [110 * n, 100 * n]);
    assert.deepEqual(comparisonBasis(month!, "previous"), { kind: "all" });
  });

  it("without the units' reports (too many to read), show no change while a period is incomplete, and say so", async () => {
    const env = freshEnv();
    for (const unit of domain.region.units) await submit(env, services, unit.id, "2016-09", { services_ekyzmet: 100, services_egov: 1, services_other: 1 });
    await submit(env, services, "aksu", "2016-10", { services_ekyzmet: 80, services_egov: 1, services_other: 1 });
    const [month] = await readRegional(env, services, [{ kind: "month", year: 2016, month: 10 }], "2016-10", { unitMonthsLimit: 1 });
    assert.equal(month!.basis, undefined);
    assert.equal(comparedValues(month!, "previous", "services_ekyzmet"), undefined);
    assert.deepEqual(comparisonBasis(month!, "previous"), { kind: "incomplete" });
    // "Other channels" is optional: without knowing who gave it, no share is claimed.
    assert.equal(regionShare(month!, services.derived[0]!), undefined);
    const [september] = await readRegional(env, services, [{ kind: "month", year: 2016, month: 9 }], "2016-10", { unitMonthsLimit: 1 });
    assert.equal(comparisonBasis(september!, "previous"), undefined, "August had no reports: nothing to compare");
  });
});
