import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createStore } from "../../src/store/index.ts";
import { countCommands, publicServices, roadmap, startStore, type StoreFixture } from "../helpers/store.ts";
import type { Submission } from "../../src/store/reports.ts";

let f: StoreFixture;
before(async () => {
  f = await startStore();
});
after(async () => {
  await f.stop();
});

let nextUpdate = 1000;
function submission(over: Partial<Submission> & Pick<Submission, "unit" | "values">): Submission {
  return { form: publicServices, period: "2016-10", expectedVersion: 0, author: 42, updateId: nextUpdate++, at: 1_480_000_000_000, ...over };
}

async function auditLength(formId: string): Promise<number> {
  return f.admin.xlen(f.store.keys.audit(formId));
}

describe("submitReport", () => {
  it("stores a first version with typed values and a readable report id", async () => {
    const result = await f.store.reports.submitReport(
      submission({ unit: "karatal", values: { ekyzmet: 120, egov: 30, comment: "ok, 2 seminars moved" } }),
    );
    assert.deepEqual(result, { status: "ok", reportId: "public-services/2016-10/karatal/v1", version: 1, at: 1_480_000_000_000 });
    const report = await f.store.reports.getReport("public-services", "karatal", "2016-10");
    assert.deepEqual(report?.values, { ekyzmet: 120, egov: 30, comment: "ok, 2 seminars moved" });
    assert.equal(report?.by, 42);
    assert.equal(report?.late, false);
  });

  it("a correction becomes version 2 and totals hold the sum of the latest versions", async () => {
    await f.store.reports.submitReport(submission({ unit: "aksu", values: { ekyzmet: 10, egov: 5 } }));
    const fix = await f.store.reports.submitReport(
      submission({ unit: "aksu", expectedVersion: 1, values: { ekyzmet: 15, other: 2 }, reason: "typo", late: true }),
    );
    assert.equal(fix.status, "ok");
    assert.equal(fix.status === "ok" && fix.version, 2);
    const [totals] = await f.store.totals.readTotals(publicServices, ["2016-10"]);
    assert.equal(totals?.values.ekyzmet, 120 + 15);
    assert.equal(totals?.values.egov, 30);
    assert.equal(totals?.values.other, 2);
    assert.deepEqual(totals?.reported, ["aksu", "karatal"]);
    const versions = await f.store.reports.getReportVersions("public-services", "aksu", "2016-10");
    assert.deepEqual(versions.map((v) => [v.version, v.values, v.reason, v.late]), [
      [1, { ekyzmet: 10, egov: 5 }, undefined, false],
      [2, { ekyzmet: 15, other: 2 }, "typo", true],
    ]);
  });

  it("a later correction without a reason or late flag does not inherit them; history keeps them", async () => {
    await f.store.reports.submitReport(submission({ unit: "kerbulak", values: { egov: 1 } }));
    await f.store.reports.submitReport(submission({ unit: "kerbulak", expectedVersion: 1, values: { egov: 2 }, reason: "typo", late: true }));
    await f.store.reports.submitReport(submission({ unit: "kerbulak", expectedVersion: 2, values: { egov: 3 } }));
    const current = await f.store.reports.getReport("public-services", "kerbulak", "2016-10");
    assert.deepEqual([current?.reportId, current?.reason, current?.late], ["public-services/2016-10/kerbulak/v3", undefined, false]);
    const versions = await f.store.reports.getReportVersions("public-services", "kerbulak", "2016-10");
    assert.deepEqual(versions.map((v) => [v.reportId, v.values.egov, v.reason, v.late]), [
      ["public-services/2016-10/kerbulak/v1", 1, undefined, false],
      ["public-services/2016-10/kerbulak/v2", 2, "typo", true],
      ["public-services/2016-10/kerbulak/v3", 3, undefined, false],
    ]);
  });

  it("audits only what changed, a removed value appearing in old and not in new", async () => {
    const entries = await f.store.audit.readAudit("public-services");
    const last = entries.filter((e) => e.unit === "aksu").at(-1);
    assert.equal(last?.reportId, "public-services/2016-10/aksu/v2");
    assert.equal(last?.version, 2);
    assert.deepEqual(last?.old, { ekyzmet: 10, egov: 5 });
    assert.deepEqual(last?.new, { ekyzmet: 15, other: 2 });
    assert.equal(last?.reason, "typo");
    const rest = await f.store.audit.readAudit("public-services", { after: entries.at(-2)?.id });
    assert.deepEqual(rest.map((e) => e.id), [entries.at(-1)?.id]);
  });

  it("a replayed update id answers duplicate with the first receipt and changes nothing", async () => {
    const first = submission({ unit: "tekeli", values: { ekyzmet: 7 } });
    const ok = await f.store.reports.submitReport(first);
    const before = await snapshot("tekeli");
    const replay = await f.store.reports.submitReport({ ...first, at: first.at + 5000 });
    assert.deepEqual(replay, { ...ok, status: "duplicate" });
    await f.store.reports.submitReport(submission({ unit: "tekeli", expectedVersion: 1, values: { ekyzmet: 8 } }));
    const afterCorrection = await snapshot("tekeli");
    const lateReplay = await f.store.reports.submitReport({ ...first, expectedVersion: 2 });
    assert.deepEqual(lateReplay, { ...ok, status: "duplicate" });
    assert.deepEqual(await snapshot("tekeli"), afterCorrection);
    assert.notDeepEqual(before, afterCorrection);
  });

  it("two corrections of the same version: exactly one wins, the other gets a conflict", async () => {
    await f.store.reports.submitReport(submission({ unit: "koksu", values: { egov: 1 } }));
    const results = await Promise.all([
      f.store.reports.submitReport(submission({ unit: "koksu", expectedVersion: 1, values: { egov: 2 } })),
      f.store.reports.submitReport(submission({ unit: "koksu", expectedVersion: 1, values: { egov: 3 } })),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), ["conflict", "ok"]);
    assert.deepEqual(results.find((r) => r.status === "conflict"), { status: "conflict", currentVersion: 2 });
    const winner = results.findIndex((r) => r.status === "ok");
    const report = await f.store.reports.getReport("public-services", "koksu", "2016-10");
    assert.equal(report?.values.egov, winner === 0 ? 2 : 3);
    assert.equal((await f.store.reports.getReportVersions("public-services", "koksu", "2016-10")).length, 2);
  });

  it("rejects values it cannot keep exactly, before touching Redis", async () => {
    await assert.rejects(f.store.reports.submitReport(submission({ unit: "ile", values: { ekyzmet: 1.5 } })), RangeError);
    await assert.rejects(f.store.reports.submitReport(submission({ unit: "ile", values: { egov: "12" } })), TypeError);
    await assert.rejects(f.store.reports.submitReport(submission({ unit: "ile", values: { x: 2 ** 53 } })), RangeError);
    await assert.rejects(f.store.reports.submitReport(submission({ unit: "ile", period: "2016-13", values: {} })), TypeError);
    const badForm = { id: "bad", figures: [{ id: "a:last", unitAggregation: "sum", monthAggregation: "sum" }] } as const;
    await assert.rejects(f.store.reports.submitReport(submission({ form: badForm, unit: "ile", values: {} })), TypeError);
    assert.equal(await f.store.reports.getReport("public-services", "ile", "2016-10"), null);
  });

  it("keeps money exact up to 2^53 − 1 tenge", async () => {
    const big = Number.MAX_SAFE_INTEGER - 10;
    const form = { id: "big-money", figures: [{ id: "tenge", unitAggregation: "sum", monthAggregation: "sum" }] } as const;
    await f.store.reports.submitReport(submission({ form, unit: "a", values: { tenge: big } }));
    await f.store.reports.submitReport(submission({ form, unit: "b", values: { tenge: 10 } }));
    // |new − old| = 2·big − 1: odd and above 2^53, so not representable as a double; applied in two exact steps.
    await f.store.reports.submitReport(submission({ form, unit: "a", expectedVersion: 1, values: { tenge: -(big - 1) } }));
    const [low] = await f.store.totals.readTotals(form, ["2016-10"]);
    assert.equal(low?.values.tenge, 11 - big);
    await f.store.reports.submitReport(submission({ form, unit: "a", expectedVersion: 2, values: { tenge: big } }));
    const [high] = await f.store.totals.readTotals(form, ["2016-10"]);
    assert.equal(high?.values.tenge, Number.MAX_SAFE_INTEGER);
  });

  it("keeps totals exact near 2^53 when several change at once (one HMGET + HSET, or HINCRBY where a double is not exact)", async () => {
    const big = Number.MAX_SAFE_INTEGER - 10;
    const figure = (id: string) => ({ id, unitAggregation: "sum", monthAggregation: "sum" }) as const;
    const form = { id: "big-three", figures: [figure("x"), figure("y"), figure("z")] };
    await f.store.reports.submitReport(submission({ form, unit: "a", values: { x: big, y: big, z: 1 } }));
    await f.store.reports.submitReport(submission({ form, unit: "b", values: { x: big, y: -big, z: 2 } }));
    // x's total is now 2·big: beyond 2^53, kept exact by Redis's 64-bit HINCRBY.
    assert.equal(await f.admin.hget(f.store.keys.totals(form.id, "2016-10"), "x"), String(2n * BigInt(big)));
    await f.store.reports.submitReport(submission({ form, unit: "b", expectedVersion: 1, values: { x: -big + 1, y: 5, z: 3 } }));
    const [totals] = await f.store.totals.readTotals(form, ["2016-10"]);
    assert.deepEqual(totals?.values, { x: 1, y: big + 5, z: 4 });
  });

  it("a unit's numbers over many periods: one HMGET of its history hash, once reports from before it are built in", async () => {
    // A region of its own, so that its history marker starts unset.
    const store = createStore(f.redis, { prefix: f.server.prefix, regionId: "history-region" });
    const submit = (period: string, values: Submission["values"], expectedVersion = 0) =>
      store.reports.submitReport(submission({ unit: "u", period, values, expectedVersion }));
    await submit("2016-08", { ekyzmet: 8, comment: "text is not history" });
    await submit("2016-09", { ekyzmet: 9, egov: 1 });
    await submit("2016-09", { ekyzmet: 90 }, 1);
    // Reports from before the history hashes were kept.
    await submit("2016-07", { egov: 7 });
    await submit("2016-05", { egov: 5 });
    await f.admin.hdel(store.keys.history("public-services", "u"), "2016-07", "2016-05");
    const periods = ["2016-09", "2016-08", "2016-07", "2016-06", "2016-05"];
    const expected = [
      ["2016-09", { ekyzmet: 90 }],
      ["2016-08", { ekyzmet: 8 }],
      ["2016-07", { egov: 7 }],
      ["2016-05", { egov: 5 }],
    ];
    // Before the marker: what the hash does not know is read from the reports (and the build starts).
    assert.deepEqual([...(await store.reports.getUnitNumbers("public-services", "u", periods.slice(0, 4)))], expected.slice(0, 3));
    await store.reports.historiesReady();
    let read = new Map();
    const counts = await countCommands(f.admin, async () => {
      read = await store.reports.getUnitNumbers("public-services", "u", periods);
    });
    assert.deepEqual([...read], expected, "2016-05 was built in from its report");
    assert.deepEqual(counts, { hmget: 1 });
    // A period not reported reads as absent; the submission that comes fills it.
    await submit("2016-06", { egov: 6 });
    assert.deepEqual((await store.reports.getUnitNumbers("public-services", "u", ["2016-06"])).get("2016-06"), { egov: 6 });
  });

  it("survives a SCRIPT FLUSH (EVALSHA falls back to EVAL)", async () => {
    await f.admin.script("FLUSH");
    const result = await f.store.reports.submitReport(submission({ unit: "sarkand", values: { egov: 4 } }));
    assert.equal(result.status, "ok");
  });

  it("a first public-services report costs 1 EVALSHA + 7, however many figures (totals: one HMGET and one HSET); a correction of one figure one HINCRBY", async () => {
    const values = { ekyzmet: 5, egov: 4, other: 3, seminars: 2, "field-seminars": 1, violations: 0 };
    const counts = await countCommands(f.admin, () => f.store.reports.submitReport(submission({ unit: "talgar", values })));
    // New, so not read (SADD says so); no claim (the version keeps the update id).
    assert.deepEqual(counts, { evalsha: 1, hset: 4, hmget: 1, xadd: 1, sadd: 1 });
    const fix = await countCommands(f.admin, () =>
      f.store.reports.submitReport(submission({ unit: "talgar", expectedVersion: 1, values: { ...values, egov: 9 } })),
    );
    // A correction reads the report and its earlier versions (is this update one of them, sent again?).
    assert.deepEqual(fix, { evalsha: 1, hgetall: 1, lrange: 1, rpush: 1, hset: 3, xadd: 1, hincrby: 1 });
  });

  it("reads many units, or one unit's history, in one pipeline of HGETALLs", async () => {
    await f.store.reports.submitReport(submission({ unit: "karatal", period: "2016-09", values: { ekyzmet: 100 } }));
    let reports = new Map();
    const counts = await countCommands(f.admin, async () => {
      reports = await f.store.reports.getReportsForUnits("public-services", "2016-10", ["karatal", "aksu", "nowhere"]);
    });
    assert.deepEqual(counts, { hgetall: 3 });
    assert.deepEqual([...reports.keys()], ["karatal", "aksu"]);
    const history = await f.store.reports.getUnitHistory("public-services", "karatal", ["2016-08", "2016-09", "2016-10"]);
    assert.deepEqual([...history.entries()].map(([period, r]) => [period, r.values.ekyzmet]), [
      ["2016-09", 100],
      ["2016-10", 120],
    ]);
  });

  it("a roadmap report in January also moves the carry-forward of every later month", async () => {
    const counts = await countCommands(f.admin, () =>
      f.store.reports.submitReport(
        submission({ form: roadmap, unit: "karatal", period: "2016-01", values: { allotted: 900, spent: 10, "spent-share": 11 } }),
      ),
    );
    // January's three changed totals in one HMGET + HSET; the carry-forward total of each later month one HINCRBY.
    assert.deepEqual([counts.hmget, counts.hincrby], [1, 11]);
    const totals = await f.store.totals.readTotals(roadmap, ["2016-01", "2016-12"]);
    assert.deepEqual(totals.map((t) => t.last.allotted), [900, 900]);
    assert.deepEqual(totals.map((t) => t.values), [{ allotted: 900, spent: 10, employed: 0 }, { allotted: 0, spent: 0, employed: 0 }]);
  });
});

async function snapshot(unit: string): Promise<unknown> {
  return {
    totals: await f.store.totals.readTotals(publicServices, ["2016-10"]),
    versions: await f.store.reports.getReportVersions("public-services", unit, "2016-10"),
    audit: await auditLength("public-services"),
  };
}
