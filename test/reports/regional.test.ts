// How the region's figures add up in summaries: sums and latest values, missing units, corrections, quarters and
// years from months, shares from their parts; against the store's naive recomputation as the oracle.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { loadDomainConfig } from "../../src/domain/loader.ts";
import type { FormDefinition } from "../../src/domain/forms.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import type { ReportValues } from "../../src/store/values.ts";
import { readRegional, totalsOver, percentChange } from "../../src/reports/regional.ts";
import { readUnitRows, unitsInOrder } from "../../src/reports/units.ts";
import type { ReportEnv } from "../../src/reports/types.ts";
import { countCommands, seededRandom, startStore, type StoreFixture } from "../store/fixtures.ts";
import { CONFIG_DIR } from "../domain/fixtures.ts";

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

  it("read the same number of Redis commands for one year of history as for five", async () => {
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
    assert.equal(await count(1), await count(5));
  });
});
