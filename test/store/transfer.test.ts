// Reports moved between two Redis servers: export to a JSON file, a dry run that writes nothing, an import that keeps
// every version and the regional totals exact, and a second import that changes nothing.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Redis } from "ioredis";
import { publicServices, roadmap, seededRandom, startStore, REGION, type StoreFixture } from "../helpers/store.ts";
import { createTransfer, parseReportsFile, ReportsFileError, type ReportTransfer, type ReportsFile } from "../../src/store/transfer.ts";
import { exportCommand, importCommand } from "../../src/admin/transfer.ts";
import { runAdmin, type AdminContext } from "../../src/admin/cli.ts";
import { monthsFrom } from "../../src/store/months.ts";
import type { Store } from "../../src/store/index.ts";
import type { ReportValues } from "../../src/store/values.ts";
import type { FormShape } from "../../src/store/form-shape.ts";
import { createStore } from "../../src/store/index.ts";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { numericFigures } from "../../src/domain/forms.ts";
import { DEMO_MONTHS, seedDemo } from "../../src/seed/demo.ts";

const FORMS = [publicServices, roadmap];
const SOURCE_UNITS = Array.from({ length: 12 }, (_, i) => `unit-${i}`);
const TARGET_ONLY_UNITS = ["own-0", "own-1", "own-2"];
const UNITS = [...SOURCE_UNITS, ...TARGET_ONLY_UNITS];
const MONTHS = [...monthsFrom("2016", 1), ...monthsFrom("2017", 1)];

const random = seededRandom(20161203);
const int = (max: number) => Math.floor(random() * max);
let nextUpdate = 1000;

function valuesFor(form: FormShape): ReportValues {
  const values: ReportValues = {};
  for (const figure of form.figures) if (random() < 0.85) values[figure.id] = int(5) === 0 ? 0 : int(2_000_000_000_000) - 1000;
  if (random() < 0.3) values.note = random() < 0.5 ? `примечание ${int(100)} «${"ж".repeat(int(5))}»` : "";
  return values;
}

/** One more version of a report, as the bot would submit it. */
async function submit(store: Store, form: FormShape, unit: string, period: string, values = valuesFor(form)): Promise<void> {
  const current = (await store.reports.getReport(form.id, unit, period))?.version ?? 0;
  const result = await store.reports.submitReport({
    form,
    unit,
    period,
    values,
    expectedVersion: current,
    author: 100 + int(50),
    updateId: nextUpdate++,
    at: Date.UTC(2016, 10, 1) + int(1e9),
    late: random() < 0.2,
    ...(random() < 0.3 ? { reason: `поправка ${int(10)}` } : {}),
  });
  assert.equal(result.status, "ok");
}

/** Random reports of the given units, each with 1–4 versions; returns how many reports were touched. */
async function fill(store: Store, units: readonly string[], reports: number): Promise<void> {
  for (let i = 0; i < reports; i++) {
    const form = FORMS[int(FORMS.length)]!;
    const unit = units[int(units.length)]!;
    const period = MONTHS[int(MONTHS.length)]!;
    const versions = 1 + int(4);
    for (let v = 0; v < versions; v++) await submit(store, form, unit, period);
  }
}

function transferOf(f: StoreFixture): ReportTransfer {
  return createTransfer(f.redis, f.store.keys, f.store.reports, { regionId: REGION, forms: FORMS, units: UNITS });
}

/** Every key of the fixture's prefix with its DUMP: equal snapshots mean nothing was written. */
async function snapshot(redis: Redis, prefix: string): Promise<Map<string, Buffer | null>> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  keys.sort();
  const dumps = await Promise.all(keys.map((key) => redis.dumpBuffer(key)));
  return new Map(keys.map((key, i) => [key, dumps[i]!]));
}

async function assertTotalsExact(store: Store): Promise<void> {
  for (const form of FORMS) {
    assert.deepEqual(await store.totals.readTotals(form, MONTHS), await store.totals.recomputeTotalsNaively(form, MONTHS, UNITS), form.id);
  }
}

function lines(): { out: string[]; output: { out(line: string): void; err(line: string): void } } {
  const out: string[] = [];
  return { out, output: { out: (line) => out.push(line), err: (line) => out.push(line) } };
}

let source: StoreFixture;
let target: StoreFixture;
let dir: string;
before(async () => {
  [source, target] = await Promise.all([startStore(), startStore()]);
  dir = mkdtempSync(join(tmpdir(), "akimat-transfer-"));
});
after(async () => {
  await Promise.all([source.stop(), target.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe("export and import of reports", () => {
  let early: ReportsFile;
  let file: ReportsFile;
  const path = () => join(dir, "reports.json");
  const conflicting = { form: "", unit: "", period: "" };

  it("export writes every report with all its versions, oldest first", async () => {
    await fill(source.store, SOURCE_UNITS, 80);
    early = await transferOf(source).exportReports(new Date());
    // More corrections of reports already exported, and new reports.
    for (const report of early.reports.filter(() => random() < 0.4)) {
      await submit(source.store, FORMS.find((f) => f.id === report.form)!, report.unit, report.period);
    }
    await fill(source.store, SOURCE_UNITS, 40);

    const { out, output } = lines();
    assert.equal(await exportCommand(transferOf(source), path(), new Date(), output), 0);
    file = parseReportsFile(JSON.parse(readFileSync(path(), "utf8")));
    assert.match(out.join("\n"), new RegExp(`Exported ${file.reports.length} reports`));
    assert.ok(file.reports.length > early.reports.length);
    for (const report of file.reports) {
      const stored = await source.store.reports.getReportVersions(report.form, report.unit, report.period);
      assert.deepEqual(
        report.versions,
        stored.map(({ version, by, at, updateId, late, reason, values }) => ({ version, by, at, updateId, late, ...(reason ? { reason } : {}), values })),
      );
    }
    assert.ok(file.reports.some((r) => r.versions.length > 1) && file.reports.some((r) => r.versions.some((v) => v.values.note === "")));
  });

  it("import into a deployment with reports of its own writes every version and keeps totals exact", async () => {
    await fill(target.store, TARGET_ONLY_UNITS, 25);
    const own = await transferOf(target).exportReports(new Date());
    const plan = await transferOf(target).planImport(early);
    assert.deepEqual([plan.create.length, plan.append.length, plan.same, plan.conflicts, plan.invalid], [early.reports.length, 0, 0, [], []]);
    const result = await transferOf(target).applyImport(plan);
    assert.equal(result.written, plan.versions);
    await assertTotalsExact(target.store);
    const after = await transferOf(target).exportReports(new Date());
    assert.deepEqual(after.reports, [...own.reports, ...early.reports].sort((a, b) => (key(a) < key(b) ? -1 : 1)));
  });

  it("a dry run says what would be written, including a conflict with an existing report, and writes nothing", async () => {
    // A report the target got on its own while the source got another: a different history.
    const fresh = file.reports.find((r) => !early.reports.some((e) => key(e) === key(r)))!;
    Object.assign(conflicting, { form: fresh.form, unit: fresh.unit, period: fresh.period });
    await submit(target.store, FORMS.find((f) => f.id === fresh.form)!, fresh.unit, fresh.period);

    const before = await snapshot(target.admin, target.server.prefix);
    assert.ok(before.size > 300, `the target holds reports, totals and more (${before.size} keys)`);
    const { out, output } = lines();
    const code = await importCommand(transferOf(target), path(), REGION, { dryRun: true, skipConflicts: false }, output);
    assert.equal(code, 1, "the import would be refused as it stands");
    assert.deepEqual(await snapshot(target.admin, target.server.prefix), before);

    const plan = await transferOf(target).planImport(file);
    const appended = early.reports.filter((e) => file.reports.find((r) => key(r) === key(e))!.versions.length > e.versions.length).length;
    assert.equal(plan.append.length, appended);
    assert.equal(plan.same, early.reports.length - appended);
    assert.equal(plan.create.length, file.reports.length - early.reports.length - 1);
    assert.deepEqual(plan.conflicts, [{ ...conflicting, problem: "version 1 differs (the target has 1 version(s))" }]);
    const text = out.join("\n");
    assert.match(text, new RegExp(`To write: ${plan.create.length} new reports .* ${appended} reports with later versions`));
    assert.match(text, new RegExp(`Conflicts, never overwritten: 1\\n  ${conflicting.form}/${conflicting.period}/${conflicting.unit}: version 1 differs`));
    assert.match(text, /Dry run: nothing written/);
  });

  it("an import with a conflict is refused whole unless told to skip it; then every other report equals the source's", async () => {
    const before = await snapshot(target.admin, target.server.prefix);
    const refused = lines();
    assert.equal(await importCommand(transferOf(target), path(), REGION, { dryRun: false, skipConflicts: false }, refused.output), 1);
    assert.match(refused.out.join("\n"), /Nothing written: 1 report\(s\)/);
    assert.deepEqual(await snapshot(target.admin, target.server.prefix), before);

    const kept = await target.store.reports.getReportVersions(conflicting.form, conflicting.unit, conflicting.period);
    const done = lines();
    assert.equal(await importCommand(transferOf(target), path(), REGION, { dryRun: false, skipConflicts: true }, done.output), 0, done.out.join("\n"));
    for (const report of file.reports) {
      const there = await target.store.reports.getReportVersions(report.form, report.unit, report.period);
      if (key(report) === key(conflicting)) assert.deepEqual(there, kept);
      else assert.deepEqual(there, await source.store.reports.getReportVersions(report.form, report.unit, report.period));
    }
    await assertTotalsExact(target.store);
  });

  it("importing the same file again writes nothing", async () => {
    const before = await snapshot(target.admin, target.server.prefix);
    const { out, output } = lines();
    assert.equal(await importCommand(transferOf(target), path(), REGION, { dryRun: false, skipConflicts: true }, output), 0);
    assert.match(out.join("\n"), /To write: 0 new reports \(0 versions\), 0 reports with later versions \(0 versions\)/);
    assert.match(out.join("\n"), /Written: 0 versions/);
    assert.deepEqual(await snapshot(target.admin, target.server.prefix), before);
  });

  it("a plan applied twice (an import cut short and run again) writes each version once", async () => {
    const empty = await startStore();
    try {
      const transfer = transferOf(empty);
      const plan = await transfer.planImport(file);
      const half = { ...plan, create: plan.create.slice(0, plan.create.length / 2) };
      const first = await transfer.applyImport(half);
      const second = await transfer.applyImport(plan);
      assert.equal(first.written + second.written, file.reports.reduce((n, r) => n + r.versions.length, 0));
      assert.equal(second.alreadyThere, first.written);
      assert.deepEqual(second.conflicts, []);
      await assertTotalsExact(empty.store);
      assert.deepEqual((await transfer.exportReports(new Date())).reports, file.reports);
    } finally {
      await empty.stop();
    }
  });

  it("update ids the target's own bot has seen do not block the import (another bot numbers its updates alike)", async () => {
    const other = await startStore();
    try {
      const shared = file.reports[0]!.versions[0]!;
      const result = await other.store.reports.submitReport({
        form: publicServices,
        unit: "own-0",
        period: "2016-01",
        values: { ekyzmet: 1 },
        expectedVersion: 0,
        author: 1,
        updateId: shared.updateId,
        at: 1,
      });
      assert.equal(result.status, "ok");
      const transfer = transferOf(other);
      const written = await transfer.applyImport(await transfer.planImport(file));
      assert.deepEqual(written.conflicts, []);
      assert.equal(written.written, file.reports.reduce((n, r) => n + r.versions.length, 0));
      await assertTotalsExact(other.store);
    } finally {
      await other.stop();
    }
  });

  it("a report of a unit or form this deployment does not know is named and nothing is written", async () => {
    const strange = structuredClone(file);
    strange.reports.push({ ...structuredClone(file.reports[0]!), unit: "atlantis" });
    strange.reports.push({ ...structuredClone(file.reports[0]!), form: "no-such-form" });
    writeFileSync(join(dir, "strange.json"), JSON.stringify(strange));
    const before = await snapshot(target.admin, target.server.prefix);
    const { out, output } = lines();
    assert.equal(await importCommand(transferOf(target), join(dir, "strange.json"), REGION, { dryRun: false, skipConflicts: false }, output), 1);
    assert.match(out.join("\n"), /Cannot be imported here: 2\n.*unknown unit atlantis\n.*unknown form no-such-form/);
    assert.deepEqual(await snapshot(target.admin, target.server.prefix), before);
  });

  it("a file that is not a reports file is refused with the reason", async () => {
    const gap = structuredClone(file);
    gap.reports[0]!.versions[0]!.version = 2;
    assert.throws(() => parseReportsFile(gap), (error: Error) => error instanceof ReportsFileError && /versions must be 1, 2, 3/.test(error.message));
    assert.throws(() => parseReportsFile({ ...file, format: "other" }), ReportsFileError);
    writeFileSync(join(dir, "broken.json"), "{ not json");
    const { out, output } = lines();
    assert.equal(await importCommand(transferOf(target), join(dir, "broken.json"), REGION, { dryRun: true, skipConflicts: false }, output), 1);
    assert.match(out.join("\n"), /broken\.json: .*Nothing written/);
  });

  it("npm run admin -- export/import: wrong usage is explained", async () => {
    const context = { transfer: transferOf(target), region: { id: REGION, units: [] }, forms: [] } as unknown as AdminContext;
    for (const argv of [["export"], ["import"], ["import", "a.json", "b.json"], ["export", "--out"]]) {
      const { out, output } = lines();
      assert.equal(await runAdmin(argv, context, output), 2, argv.join(" "));
      assert.match(out.join("\n"), /Usage: npm run admin/);
    }
    const { output } = lines();
    assert.equal(await runAdmin(["import", path(), "--dry-run", "--skip-conflicts"], context, output), 0);
  });
});

describe("npm run admin -- export / import, the real command", () => {
  it("moves the demo data to another Redis: a dry run first, then every report and equal totals", async () => {
    const root = join(import.meta.dirname, "..", "..");
    const domain = loadDomainConfig(join(root, "config"));
    const from = createStore(source.redis, { prefix: `${source.server.prefix}demo:`, regionId: domain.region.id });
    const to = createStore(target.redis, { prefix: `${target.server.prefix}demo:`, regionId: domain.region.id });
    await seedDemo(from, domain.region, domain.forms);

    const run = promisify(execFile);
    const admin = (server: StoreFixture, ...argv: string[]) =>
      run(join(root, "node_modules", ".bin", "tsx"), [join(root, "src/admin/cli.ts"), ...argv], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? "", REDIS_URL: server.server.url, REDIS_PREFIX: `${server.server.prefix}demo:`, CONFIG_DIR: join(root, "config") },
      });
    const exported = await admin(source, "export", "--out", "demo.json");
    assert.match(exported.stdout, /Exported \d+ reports \(\d+ versions\) of region almaty-region to demo\.json/);
    const dry = await admin(target, "import", "demo.json", "--dry-run");
    assert.match(dry.stdout, /To write: \d+ new reports .*\n.*\nDry run: nothing written\./);
    assert.equal((await target.admin.keys(`${target.server.prefix}demo:*`)).length, 0);
    const done = await admin(target, "import", "demo.json");
    assert.match(done.stdout, /Written: \d+ versions\./);

    for (const definition of domain.forms) {
      const form = { id: definition.id, figures: numericFigures(definition) };
      const units = domain.region.units.map((unit) => unit.id);
      const totals = await to.totals.readTotals(form, DEMO_MONTHS);
      assert.deepEqual(totals, await from.totals.readTotals(form, DEMO_MONTHS), form.id);
      assert.deepEqual(totals, await to.totals.recomputeTotalsNaively(form, DEMO_MONTHS, units), form.id);
      assert.ok(totals.some((month) => month.reportedCount > 0));
    }
  });
});

function key(report: { form: string; unit: string; period: string }): string {
  return `${report.form}:${report.unit}:${report.period}`;
}
