// `npm run admin -- import-xlsx`: many units' past figures from one sheet. A dry run writes nothing and says what
// would change; the real run writes each row through the submit script, and the totals equal those of the same
// figures typed in chat by the units' akims through the real bot (test/transcripts/import/typed-in-chat.chat).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { numericFigures } from "../../src/domain/forms.ts";
import { runAdmin, type AdminContext } from "../../src/admin/cli.ts";
import { startStore, type StoreFixture } from "../helpers/store.ts";
import { startHarness, type Harness } from "../../src/devtools/harness.ts";
import { runTranscriptFile } from "../../src/transcripts/run.ts";
import { startTestRedis, type TestRedis } from "../helpers/redis.ts";
import { CONFIG_DIR } from "../helpers/domain.ts";

const domain = loadDomainConfig(CONFIG_DIR);
const services = domain.forms.find((form) => form.id === "public-services")!;
const shape = { id: services.id, figures: numericFigures(services) };
const dir = mkdtempSync(join(tmpdir(), "import-xlsx-"));

/** The figures of the sheet below, as stored (and as typed in chat by the transcript). */
const DATA: { unit: string; period: string; values: Record<string, number> }[] = [
  { unit: "karatal", period: "2016-08", values: { services_ekyzmet: 4500, services_egov: 2200, seminars: 2, seminars_field: 1, violations: 0 } },
  { unit: "talgar", period: "2016-08", values: { services_ekyzmet: 1500, services_egov: 700, services_other: 40, seminars: 1, seminars_field: 0, violations: 3 } },
  { unit: "karatal", period: "2016-09", values: { services_ekyzmet: 4800, services_egov: 2310, seminars: 3, seminars_field: 1, violations: 0 } },
  { unit: "uygur", period: "2016-09", values: { services_ekyzmet: 900, services_egov: 1_000_000, seminars: 0, seminars_field: 0, violations: 1 } },
];

async function sheetFile(name: string, rows: ExcelJS.CellValue[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Данные");
  // Headers by id, by Russian label, by English short label: all the same figures.
  sheet.addRow(["form", "unit", "period", "services_ekyzmet", services.figures[1]!.label.ru, "Services, other channels", "seminars", "Выездные семинары", "violations"]);
  for (const row of rows) sheet.addRow(row);
  const path = join(dir, name);
  writeFileSync(path, Buffer.from(await book.xlsx.writeBuffer()));
  return path;
}

const GOOD_ROWS: ExcelJS.CellValue[][] = [
  ["public-services", "karatal", "2016-08", 4500, 2200, null, 2, 1, 0],
  ["public-services", "Талгарский район", "2016-08", "1 500", 700, 40, 1, 0, 3],
  ["public-services", "Каратальский район", new Date(Date.UTC(2016, 8, 1)), 4800, "2 310", null, 3, 1, 0],
  ["Оказание государственных услуг", "uygur", "2016-09", 900, "1 млн", null, 0, 0, 1],
];

let imported: StoreFixture;
let chatRedis: TestRedis;
let chat: Harness;
const context = (f: StoreFixture): AdminContext => ({
  access: undefined as never,
  region: domain.region,
  forms: domain.forms,
  timeZone: "Asia/Almaty",
  botUsername: async () => undefined,
  store: f.store,
});

async function admin(f: StoreFixture, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin(argv, context(f), { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

const totalsOf = async (f: Pick<StoreFixture, "store">) => f.store.totals.readTotals(shape, ["2016-08", "2016-09"]);
const typedTotals = () => totalsOf(chat.app);

before(async () => {
  imported = await startStore(domain.region.id);
  chatRedis = await startTestRedis();
  chat = await startHarness({ redisUrl: chatRedis.url });
  const typed = await runTranscriptFile(join(import.meta.dirname, "..", "transcripts", "import", "typed-in-chat.chat"), chat);
  assert.ok(typed.ok, JSON.stringify(typed));
});
after(async () => {
  await imported.stop();
  await chat.close();
  await chatRedis.stop();
});

describe("import-xlsx", () => {
  it("in a dry run says what each row would write, and writes nothing", async () => {
    const path = await sheetFile("good.xlsx", GOOD_ROWS);
    const run = await admin(imported, "import-xlsx", path, "--dry-run");
    assert.equal(run.code, 0, run.err.join("\n"));
    assert.ok(run.out.some((line) => line === "row 3: public-services/2016-08/talgar: new report, version 1: services_ekyzmet — → 1500, services_egov — → 700, services_other — → 40, seminars — → 1, seminars_field — → 0, violations — → 3"), run.out.join("\n"));
    assert.ok(run.out.includes("Rows: 4; new reports: 4, corrections: 0, unchanged: 0."));
    assert.ok(run.out.includes("Dry run: nothing written."));
    for (const { unit, period } of DATA) assert.equal(await imported.store.reports.getReport("public-services", unit, period), null);
    assert.deepEqual((await totalsOf(imported)).map((month) => month.reportedCount), [0, 0]);
  });

  it("writes each row as a submission: the totals equal those of the same figures submitted one by one", async () => {
    const path = await sheetFile("good.xlsx", GOOD_ROWS);
    const run = await admin(imported, "import-xlsx", path);
    assert.equal(run.code, 0, run.err.join("\n"));
    assert.ok(run.out.includes("Written: 4 versions."));
    for (const { unit, period, values } of DATA) assert.deepEqual((await chat.app.store.reports.getReport("public-services", unit, period))?.values, values, `typed in chat: ${unit} ${period}`);
    assert.deepEqual(await totalsOf(imported), await typedTotals());
    for (const { unit, period, values } of DATA) {
      const stored = await imported.store.reports.getReport("public-services", unit, period);
      assert.equal(stored?.version, 1);
      assert.deepEqual(stored?.values, values);
    }
  });

  it("run again, writes nothing; a changed figure is a correction with a new version", async () => {
    const path = await sheetFile("good.xlsx", GOOD_ROWS);
    const again = await admin(imported, "import-xlsx", path);
    assert.ok(again.out.includes("Rows: 4; new reports: 0, corrections: 0, unchanged: 4."), again.out.join("\n"));
    assert.ok(again.out.includes("Written: 0 versions."));
    const changed = GOOD_ROWS.map((row) => [...row]);
    changed[0]![3] = 4600;
    const run = await admin(imported, "import-xlsx", await sheetFile("changed.xlsx", changed));
    assert.ok(run.out.includes("row 2: public-services/2016-08/karatal: correction, version 1 → 2: services_ekyzmet 4500 → 4600"), run.out.join("\n"));
    const [august] = await totalsOf(imported);
    const [typedAugust] = await typedTotals();
    assert.equal(august!.values.services_ekyzmet, typedAugust!.values.services_ekyzmet! + 100);
    assert.equal((await imported.store.reports.getReportVersions("public-services", "karatal", "2016-08")).length, 2);
  });

  it("refuses a sheet with problems, naming each cell, and writes nothing", async () => {
    const rows: ExcelJS.CellValue[][] = [
      ["public-services", "nowhere", "2016-10", 1, 1, null, 1, 0, 0],
      ["public-services", "karatal", "2016-10", 2_000_000, { formula: "1+1", result: 2 }, null, 1, 5, 0],
    ];
    const run = await admin(imported, "import-xlsx", await sheetFile("bad.xlsx", rows));
    assert.equal(run.code, 1);
    const text = run.err.join("\n");
    for (const expected of ["B2: no unit \"nowhere\"", "D3: services_ekyzmet: above max", "E3: services_egov: a formula instead of a value", "rule field_seminars_within_seminars"]) {
      assert.ok(text.includes(expected), `${expected} in:\n${text}`);
    }
    assert.equal(await imported.store.reports.getReport("public-services", "karatal", "2016-10"), null);
  });
});
