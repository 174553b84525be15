// The spreadsheet read back with exceljs (values, formulas, totals, formats) and the charts decoded as PNG, on the demo data.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { inflateSync } from "node:zlib";
import ExcelJS from "exceljs";
import { loadDomainConfig } from "../../src/configFiles.ts";
import { createI18n, translatorOf } from "../../src/bot/i18n.ts";
import type { Locale } from "../../src/domain/locale.ts";
import { seedDemo } from "../../src/seed/demo.ts";
import { buildSpreadsheet } from "../../src/reports/spreadsheet.ts";
import { chartFigures, chartSvgs, renderCharts } from "../../src/reports/charts.ts";
import { barChartSvg, overlaps, renderPng, textWidth } from "../../src/reports/chart.ts";
import type { Reader, ReportEnv } from "../../src/reports/types.ts";
import { startStore, type StoreFixture } from "../helpers/store.ts";
import { CONFIG_DIR } from "../helpers/domain.ts";

const domain = loadDomainConfig(CONFIG_DIR);
const translate = translatorOf(createI18n() as never);
const readerIn = (locale: Locale): Reader => ({ locale, t: (key, variables) => translate(locale, key, variables) });
const services = domain.forms.find((form) => form.id === "public-services")!;
const roadmap = domain.forms.find((form) => form.id === "employment-roadmap")!;
const NOW = new Date("2016-11-27T04:00:00Z");
const YTD = { kind: "ytd", year: 2016, month: 10 } as const;

let f: StoreFixture;
let env: ReportEnv;
before(async () => {
  f = await startStore(domain.region.id);
  env = { store: f.store, region: domain.region, forms: domain.forms, timeZone: "Asia/Almaty" };
  await seedDemo(f.store, domain.region, domain.forms);
});
after(() => f.stop());

async function workbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  return book;
}

describe("the spreadsheet", () => {
  it("has a row per unit, headers in the reader's language, and a totals row of SUM formulas giving the article's figures", async () => {
    const files = await buildSpreadsheet(env, readerIn("ru"), services, YTD, "2016-10", NOW);
    assert.equal(files.baseName, "public-services_ytd-2016-10");
    const sheet = (await workbook(files.xlsx)).worksheets[0]!;
    const header = sheet.getRow(1).values as unknown[];
    assert.equal(header[2], "Район / город");
    assert.equal(header[3], "Оказано государственных услуг через «Е-кызмет»");
    // A row per unit, the totals, and how many units gave each figure (three left "other channels" out).
    assert.equal(sheet.rowCount, 1 + domain.region.units.length + 2);
    const names = Array.from({ length: 19 }, (_, i) => sheet.getCell(i + 2, 2).value);
    assert.ok(names.includes("Талгарский район") && names.includes("Уйгурский район"));
    const total = sheet.getRow(21);
    assert.equal(total.getCell(2).value, "Итого по области");
    const expected = { 3: 91_337, 4: 27_845, 6: 21, 7: 14 };
    for (const [column, value] of Object.entries(expected)) {
      const cell = total.getCell(Number(column)).value as { formula: string; result: number };
      const letter = String.fromCharCode(64 + Number(column));
      assert.equal(cell.formula, `SUM(${letter}2:${letter}20)`);
      assert.equal(cell.result, value);
      // The formula's cached result is the sum of the unit rows: recalculated, it gives the same.
      const sum = Array.from({ length: 19 }, (_, i) => Number(sheet.getCell(i + 2, Number(column)).value ?? 0)).reduce((a, b) => a + b, 0);
      assert.equal(sum, value);
    }
    // The region's share over the rows that have one: the units that gave every part.
    const share = total.getCell(9).value as { formula: string; result: number };
    assert.equal(share.formula, 'IFERROR(SUMPRODUCT((I2:I20<>"")*(C2:C20+D2:D20))/SUMPRODUCT((I2:I20<>"")*(C2:C20+D2:D20+E2:E20)),"")');
    const covered = Array.from({ length: 19 }, (_, i) => i + 2).filter((r) => sheet.getCell(r, 9).value !== null);
    const part = (r: number, c: number) => Number(sheet.getCell(r, c).value ?? 0);
    const num = covered.reduce((sum, r) => sum + part(r, 3) + part(r, 4), 0);
    const den = covered.reduce((sum, r) => sum + part(r, 3) + part(r, 4) + part(r, 5), 0);
    assert.equal(covered.length, 16);
    assert.ok(Math.abs(share.result - num / den) < 1e-12);
    assert.equal(Math.round(share.result * 1000) / 10, 87.7);
    const gave = sheet.getRow(22);
    assert.equal(gave.getCell(2).value, "Указали (районов и городов)");
    assert.equal(gave.getCell(5).value, "16 из 19");
    assert.equal(gave.getCell(9).value, "16 из 19");
    assert.equal(sheet.getCell(2, 3).numFmt, "#,##0");
    assert.equal(sheet.getCell(2, 9).numFmt, "0.0%");
    const uygur = names.indexOf("Уйгурский район") + 2;
    assert.match(String(sheet.getCell(uygur, 11).value), /нет отчёта за октябрь 2016/);
  });

  it("leaves the share empty for a unit that skipped a part (Tekeli, Eskeldi, Koksu), never 100 %", async () => {
    for (const locale of ["ru", "kk"] as const) {
      const files = await buildSpreadsheet(env, readerIn(locale), services, YTD, "2016-10", NOW);
      const sheet = (await workbook(files.xlsx)).worksheets[0]!;
      for (const unit of ["tekeli", "eskeldi", "koksu"]) {
        const name = domain.region.units.find((u) => u.id === unit)!.names[locale];
        const row = Array.from({ length: 19 }, (_, i) => i + 2).find((r) => sheet.getCell(r, 2).value === name)!;
        assert.equal(sheet.getCell(row, 5).value, null, `${locale} ${unit}: other channels not given`);
        assert.equal(sheet.getCell(row, 9).value, null, `${locale} ${unit}: no share`);
      }
      const talgar = Array.from({ length: 19 }, (_, i) => i + 2).find((r) => sheet.getCell(r, 2).value === domain.region.units.find((u) => u.id === "talgar")!.names[locale])!;
      const share = sheet.getCell(talgar, 9).value as { formula: string; result: number };
      assert.ok(share.result > 0.5 && share.result < 1, `${locale}: Talgar's share ${share.result}`);
    }
  });

  it("formats money in tenge and takes the allotment as the latest value, summing to 17.9 billion", async () => {
    const files = await buildSpreadsheet(env, readerIn("kk"), roadmap, YTD, "2016-10", NOW);
    const sheet = (await workbook(files.xlsx)).worksheets[0]!;
    assert.equal(sheet.getCell(1, 2).value, "Аудан / қала");
    // Over January–October the header is the label for a range, not "in the reporting month".
    assert.equal(sheet.getCell(1, 5).value, "Бағдарлама бойынша жұмысқа орналастырылған адамдар");
    assert.equal(sheet.getCell(2, 3).numFmt, '#,##0 "₸"');
    const allotted = sheet.getCell(21, 3).value as { formula: string; result: number };
    assert.equal(allotted.result, 17_900_000_000);
    const employed = sheet.getCell(21, 5).value as { formula: string; result: number };
    assert.equal(employed.result, 27_600);
  });

  it("comes with a CSV of the same rows, UTF-8 with a byte order mark", async () => {
    const files = await buildSpreadsheet(env, readerIn("en"), services, YTD, "2016-10", NOW);
    const text = files.csv.toString("utf8");
    assert.equal(text.charCodeAt(0), 0xfeff);
    const lines = text.slice(1).trim().split("\r\n");
    assert.equal(lines.length, 22);
    assert.match(lines[0]!, /^№,District \/ city,Public services rendered via e-Kyzmet,/);
    assert.match(lines[20]!, /^,Region total,91337,27845,15640,21,14,47,0\.8774,,18 of 19 reported$/);
    assert.match(lines[21]!, /^,Given by \(units\),19 of 19,19 of 19,16 of 19,/);
  });

  it("in Russian and Kazakh, opens as columns in a Russian-locale Excel: ';' between fields and a decimal comma", async () => {
    for (const locale of ["ru", "kk"] as const) {
      const files = await buildSpreadsheet(env, readerIn(locale), services, YTD, "2016-10", NOW);
      const lines = files.csv.toString("utf8").slice(1).trim().split("\r\n");
      const fields = lines.map((line) => line.split(";"));
      assert.ok(fields.every((row) => row.length === fields[0]!.length), `${locale}: every line has ${fields[0]!.length} fields`);
      assert.equal(fields[0]![1], locale === "ru" ? "Район / город" : "Аудан / қала");
      assert.deepEqual(fields[20]!.slice(2, 9), ["91337", "27845", "15640", "21", "14", "47", "0,8774"], locale);
      const tekeli = fields.find((row) => row[1] === domain.region.units.find((u) => u.id === "tekeli")!.names[locale])!;
      assert.deepEqual([tekeli[4], tekeli[8]], ["", ""], `${locale}: Tekeli gave no other channels and has no share`);
      assert.ok(fields.slice(1, 20).some((row) => /^0,\d+$/.test(row[8]!)), `${locale}: shares with a decimal comma`);
    }
  });
});

/** The pixels of an 8-bit RGB or RGBA PNG, decoded (filters undone), with its size from the IHDR chunk. */
function decodePng(png: Buffer): { width: number; height: number; channels: number; pixels: Buffer } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString("ascii", at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      assert.equal(body[8], 8, "8 bits per channel");
      channels = body[9] === 6 ? 4 : body[9] === 2 ? 3 : 0;
      assert.ok(channels > 0, `colour type ${body[9]}`);
    }
    if (type === "IDAT") data.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const row = y * stride;
    const source = y * (stride + 1) + 1;
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[row + x - channels]! : 0;
      const up = y > 0 ? pixels[row - stride + x]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const corner = y > 0 && x >= channels ? pixels[row - stride + x - channels]! : 0;
        const p = left + up - corner;
        const a = Math.abs(p - left);
        const b = Math.abs(p - up);
        const c = Math.abs(p - corner);
        predictor = a <= b && a <= c ? left : b <= c ? up : corner;
      }
      pixels[row + x] = (raw[source + x]! + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

function colours(image: ReturnType<typeof decodePng>): { nonWhite: number; has: (rgb: [number, number, number]) => boolean } {
  let nonWhite = 0;
  const seen = new Set<number>();
  for (let i = 0; i < image.pixels.length; i += image.channels) {
    const [r, g, b] = [image.pixels[i]!, image.pixels[i + 1]!, image.pixels[i + 2]!];
    if (r < 250 || g < 250 || b < 250) nonWhite++;
    seen.add((r << 16) | (g << 8) | b);
  }
  return { nonWhite, has: ([r, g, b]) => seen.has((r << 16) | (g << 8) | b) };
}

describe("the charts", () => {
  it("are PNGs of phone-legible size with bars and a line drawn in their colours", async () => {
    const figure = chartFigures(services)[0]!;
    const images = await renderCharts(env, readerIn("kk"), services, figure, YTD, "2016-10");
    const bars = decodePng(images.bars);
    assert.equal(bars.width, 1200);
    assert.ok(bars.height > 19 * 40, `one row per unit: ${bars.height}`);
    const barColours = colours(bars);
    assert.ok(barColours.nonWhite > bars.width * bars.height * 0.05, "not blank");
    assert.ok(barColours.has([0x2f, 0x6d, 0xb5]), "bars drawn");
    const line = decodePng(images.line);
    assert.equal(line.width, 1200);
    assert.ok(colours(line).has([0xc0, 0x39, 0x2b]), "line drawn");
  });

  it("draw Kazakh and Russian letters (text in a label changes the picture)", () => {
    const render = (label: string) => decodePng(renderPng(barChartSvg({ title: "T", subtitle: "", rows: [{ label, value: 1, valueText: "1" }] })));
    const kazakh = render("ӘҒҚҢӨҰҮҺІ әғқңөұүһі");
    const blank = render("                  ");
    assert.ok(colours(kazakh).nonWhite > colours(blank).nonWhite + 200, "the letters have pixels");
  });
});

/** The value labels of a line chart (18 px, dark) with the box each covers. */
function valueLabels(svg: string): { text: string; box: { left: number; right: number; top: number; bottom: number } }[] {
  const unescape = (text: string) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  return [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)" font-size="18" fill="#1d2733" text-anchor="middle">([^<]*)<\/text>/g)].map((m) => {
    const [x, y, text] = [Number(m[1]), Number(m[2]), unescape(m[3]!)];
    const width = textWidth(text, 18);
    return { text, box: { left: x - width / 2, right: x + width / 2, top: y - 18, bottom: y + 4 } };
  });
}

describe("the charts' words", () => {
  for (const locale of ["ru", "kk", "en"] as const) {
    it(`never print one value label over another (the allotment's flat line, ${locale})`, async () => {
      const allotted = roadmap.figures.find((fig) => fig.id === "funds_allotted")!;
      const { line } = await chartSvgs(env, readerIn(locale), roadmap, allotted, YTD, "2016-10");
      const labels = valueLabels(line);
      assert.ok(labels.length >= 2, "the line has value labels");
      for (const [i, a] of labels.entries()) {
        for (const b of labels.slice(i + 1)) assert.ok(!overlaps(a.box, b.box), `${locale}: "${a.text}" and "${b.text}" overlap`);
      }
      // A run of equal values is labelled at its ends, not at every month.
      const counts = new Map<string, number>();
      for (const label of labels) counts.set(label.text, (counts.get(label.text) ?? 0) + 1);
      for (const [text, count] of counts) assert.ok(count <= 2, `${locale}: "${text}" printed ${count} times`);
    });
  }

  it("mark the incomplete month on the trend, hollow, and say which in ru and kk", async () => {
    const employed = roadmap.figures.find((fig) => fig.id === "people_employed")!;
    const ru = await chartSvgs(env, readerIn("ru"), roadmap, employed, YTD, "2016-10");
    assert.equal((ru.line.match(/<circle [^>]*fill="#ffffff"/g) ?? []).length, 1, "October only");
    assert.match(ru.line, /○ — сданы ещё не все отчёты: октябрь 2016 \(18 из 19\)\./);
    const kk = await chartSvgs(env, readerIn("kk"), roadmap, employed, YTD, "2016-10");
    assert.match(kk.line, /○ — есептердің бәрі әлі тапсырылған жоқ: 2016 жылғы қазан \(18 \/ 19\)\./);
    // Over a ten-month sum the title carries the range label.
    assert.match(ru.bars, />Трудоустроено по программе</);
    assert.doesNotMatch(ru.bars, /за отчётный месяц/);
  });

  it("call a unit that reported but left the figure out 'not given', never 'no report', and count who gave it", async () => {
    const other = services.figures.find((fig) => fig.id === "services_other")!;
    const { bars } = await chartSvgs(env, readerIn("ru"), services, other, YTD, "2016-10");
    assert.equal((bars.match(/>не указано</g) ?? []).length, 3, "Tekeli, Eskeldi, Koksu");
    assert.doesNotMatch(bars, />нет отчёта</);
    assert.match(bars.replace(/<\/text><text[^>]*>/g, " "), /указали 16 из 19/);
  });

  it("write money with three significant digits on the bars", async () => {
    const allotted = roadmap.figures.find((fig) => fig.id === "funds_allotted")!;
    const { bars } = await chartSvgs(env, readerIn("ru"), roadmap, allotted, YTD, "2016-10");
    assert.match(bars, />1,01\sмлрд\s₸</, "Panfilov's 1 013 000 000 ₸");
  });
});
