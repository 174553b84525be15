// The form as an Excel template and the filled file read back: values through the chat's parser, problems with
// their cell addresses, and every kind of bad file refused with its reason.
import { numberWords } from "../../src/bot/numberInput.ts";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { createI18n, translatorOf } from "../../src/bot/i18n.ts";
import type { Locale } from "../../src/domain/locale.ts";
import { buildTemplate, FILE_LIMITS, openTemplate, readValues, templateKey, type OpenedTemplate } from "../../src/reports/formWorkbook.ts";
import type { Reader, ReportEnv } from "../../src/reports/types.ts";
import { fillWorkbook } from "../../src/devtools/xlsxFill.ts";
import { numericFigures } from "../../src/domain/forms.ts";
import { startStore, type StoreFixture } from "../helpers/store.ts";
import { CONFIG_DIR } from "../helpers/domain.ts";
import { zipOf } from "../helpers/zip.ts";

const domain = loadDomainConfig(CONFIG_DIR);
const translate = translatorOf(createI18n() as never);
const readerIn = (locale: Locale): Reader => ({ locale, t: (key, variables) => translate(locale, key, variables) });
const services = domain.forms.find((form) => form.id === "public-services")!;
const roadmap = domain.forms.find((form) => form.id === "employment-roadmap")!;
const KEY = templateKey("test-token");
const NOW = new Date("2016-11-03T04:00:00Z");

let f: StoreFixture;
let env: ReportEnv;
before(async () => {
  f = await startStore(domain.region.id);
  env = { store: f.store, region: domain.region, forms: domain.forms, timeZone: "Asia/Almaty" };
  await f.store.reports.submitReport({
    form: { id: services.id, figures: numericFigures(services) },
    unit: "karatal",
    period: "2016-09",
    values: { services_ekyzmet: 5000, services_egov: 1500, seminars: 2, seminars_field: 1, violations: 0 },
    expectedVersion: 0,
    author: 1,
    updateId: 1,
    at: NOW.getTime(),
  });
});
after(() => f.stop());

const template = (locale: Locale = "ru", period = "2016-10", form = services) => buildTemplate(env, readerIn(locale), { form, unit: "karatal", period }, KEY, NOW);

async function opened(bytes: Buffer): Promise<OpenedTemplate> {
  const result = await openTemplate(bytes, domain.forms, KEY);
  assert.ok(!("problem" in result), `expected the file to open, got ${JSON.stringify(result)}`);
  return result;
}

describe("the Excel template", () => {
  it("has one row per figure in the person's language, last period's value beside it, and limits as data validation", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await template("kk")) as unknown as ArrayBuffer);
    const sheet = book.worksheets.find((ws) => ws.state === "visible")!;
    assert.equal(sheet.name, "Есеп");
    assert.equal(sheet.getCell("A1").value, services.names.kk);
    assert.equal(sheet.getCell("B7").value, services.figures[0]!.label.kk);
    assert.equal(sheet.getCell("D7").value, 5000);
    const validation = sheet.getCell("C7").dataValidation;
    assert.equal(validation.type, "whole");
    assert.deepEqual(validation.formulae, [0, 1_000_000]);
    assert.equal(book.worksheets.find((ws) => ws.state === "veryHidden")?.name, "akimat-meta");
  });

  it("records its form, unit and period, signed", async () => {
    const file = await opened(await template());
    assert.equal(file.identity.form.id, "public-services");
    assert.equal(file.identity.unit, "karatal");
    assert.equal(file.identity.period, "2016-10");
    assert.equal(file.cells.get("services_ekyzmet")?.address, "C7");
  });
});

describe("a filled template", () => {
  it("is read with the chat's parser: numbers, numbers typed as text, spaces and scale words", async () => {
    const bytes = await fillWorkbook(await template(), { C7: 5100, C8: "1 600", C9: null, C10: "3", C11: 1, C12: 0 });
    const read = readValues(await opened(bytes), numberWords(), { services_ekyzmet: "5000" });
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.values, { services_ekyzmet: "5100", services_egov: "1600", seminars: "3", seminars_field: "1", violations: "0" });
  });

  it("reads \"17,9 млрд\" in a cell of a money figure", async () => {
    const bytes = await fillWorkbook(await template("ru", "2016-10", roadmap), { C7: "17,9 млрд" });
    const read = readValues(await opened(bytes), numberWords());
    const first = roadmap.figures[0]!;
    assert.equal(first.type, "money");
    assert.equal(read.values[first.id], "17900000000");
  });

  it("names the cell of each problem: over the limit, not a number, a formula, a required figure left empty, a scale left out", async () => {
    const bytes = await fillWorkbook(await template(), { C7: 2_000_000, C8: "много", C9: { formula: "C7+C8" }, C10: null, C11: 1, C12: 0 });
    const read = readValues(await opened(bytes), numberWords(), {});
    const codes = Object.fromEntries(read.problems.map((p) => [p.address, p.code]));
    assert.deepEqual(codes, { C7: "above_max", C8: "not_a_number", C9: "formula", C10: "required" });
    const scaled = readValues(await opened(await fillWorkbook(await template(), { C7: 5 })), numberWords(), { services_ekyzmet: "5000" });
    assert.deepEqual(scaled.problems.find((p) => p.address === "C7")?.code, "scale");
  });
});

describe("a bad file", () => {
  const problemOf = async (bytes: Buffer) => {
    const result = await openTemplate(bytes, domain.forms, KEY);
    return "problem" in result ? result.problem : "opened";
  };

  it("is refused with its reason, never thrown", async () => {
    const good = await template();
    assert.equal(await problemOf(Buffer.from("just some text, not a spreadsheet")), "not-xlsx");
    assert.equal(await problemOf(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)])), "encrypted");
    assert.equal(await problemOf(good.subarray(0, good.length - 100)), "corrupt");
    assert.equal(await problemOf(await fillWorkbook(good, {}, { insertRowAt: 8 })), "layout");
    assert.equal(await problemOf(await buildTemplate(env, readerIn("ru"), { form: services, unit: "karatal", period: "2016-10" }, templateKey("another bot"), NOW)), "tampered");
    const plain = new ExcelJS.Workbook();
    plain.addWorksheet("Лист1").getCell("A1").value = 5;
    assert.equal(await problemOf(Buffer.from(await plain.xlsx.writeBuffer())), "not-template");
    assert.equal(await problemOf(Buffer.alloc(3 * 1024 * 1024)), "too-large");
  });

  it("refuses a zip bomb before inflating it: an entry that inflates past its declared size", async () => {
    const zeros = Buffer.alloc(50 * 1024 * 1024);
    const deflated = deflateRawSync(zeros);
    assert.ok(deflated.length < FILE_LIMITS.maxFileBytes);
    // Declared small (a lie): inflating stops at the declared size.
    const lying = zipOf([{ name: "[Content_Types].xml", data: zeros, deflated, declared: 100 }, { name: "xl/workbook.xml", data: Buffer.from("x") }]);
    assert.equal(await problemOf(lying), "too-large");
    // Declared honestly: refused from the central directory, before inflating anything.
    const honest = zipOf([{ name: "[Content_Types].xml", data: zeros, deflated }, { name: "xl/workbook.xml", data: Buffer.from("x") }]);
    assert.equal(await problemOf(honest), "too-large");
  });
});
