// The summary as a spreadsheet: a row per unit, a totals row with real formulas, headers in the reader's language;
// and the same table as CSV beside it.
import type ExcelJS from "exceljs";
import type { Figure, FormDefinition } from "../domain/forms.ts";
import { figureLabel, numericFigures } from "../domain/forms.ts";
import type { PeriodRange } from "../domain/periods.ts";
import { formatDate } from "../domain/periods.ts";
import { CURRENCY_SIGN } from "../domain/numberWords.ts";
import { formLabel, unitLabel, periodName } from "./format.ts";
import { periodLabel, reportPeriodId } from "./periods.ts";
import type { RegionalReading } from "./regional.ts";
import { readRegional } from "./regional.ts";
import { shareOf } from "./coverage.ts";
import { regionShare } from "./totalsText.ts";
import type { UnitRow } from "./units.ts";
import { readUnitRows, unitsInOrder } from "./units.ts";
import type { Reader, ReportEnv } from "./types.ts";
import { addNotesSheet, readNotes } from "./notes.ts";

export interface SpreadsheetFiles {
  /** "public-services_ytd-2016-10": the period in the name, ASCII only. */
  baseName: string;
  xlsx: Buffer;
  csv: Buffer;
}

export interface SheetData {
  reading: RegionalReading;
  rows: UnitRow[];
}

export async function readSheetData(env: ReportEnv, reader: Reader, form: FormDefinition, range: PeriodRange, dueMonth: string): Promise<SheetData> {
  const [reading] = await readRegional(env, form, [range], dueMonth);
  const rows = await readUnitRows(env, form, reading!.months, unitsInOrder(form, env.region, reader.locale));
  return { reading: reading!, rows };
}

export async function buildSpreadsheet(
  env: ReportEnv,
  reader: Reader,
  form: FormDefinition,
  range: PeriodRange,
  dueMonth: string,
  now: Date,
): Promise<SpreadsheetFiles> {
  const data = await readSheetData(env, reader, form, range, dueMonth);
  const baseName = `${form.id}_${reportPeriodId(range)}`;
  return { baseName, xlsx: await workbookBuffer(env, reader, data, now), csv: csvBuffer(env, reader, data) };
}

/** What a column holds, so that cells are chosen by kind and never by the header's words. */
type ColumnKind = "number" | "unit" | "figure" | "derived" | "months" | "status";

interface Column {
  kind: ColumnKind;
  header: string;
  width: number;
  numFmt?: string;
  figure?: Figure;
  derived?: FormDefinition["derived"][number];
}

function columnsOf(reader: Reader, form: FormDefinition, months: number): Column[] {
  const multiMonth = months > 1;
  const { locale, t } = reader;
  const columns: Column[] = [
    { kind: "number", header: "№", width: 5 },
    { kind: "unit", header: t("reports-sheet-unit"), width: 30 },
  ];
  for (const figure of numericFigures(form)) columns.push({ kind: "figure", header: figureLabel(figure, locale, months), width: 22, numFmt: numberFormat(figure), figure });
  for (const derived of form.derived) columns.push({ kind: "derived", header: derived.label[locale], width: 18, numFmt: "0.0%", derived });
  if (multiMonth) columns.push({ kind: "months", header: t("reports-sheet-months"), width: 14, numFmt: "0" });
  columns.push({ kind: "status", header: t("reports-sheet-status"), width: 26 });
  return columns;
}

export function numberFormat(figure: Figure): string {
  const fraction = figure.decimals > 0 ? `.${"0".repeat(figure.decimals)}` : "";
  if (figure.type === "money") return `#,##0${fraction} "${CURRENCY_SIGN}"`;
  if (figure.type === "percentage") return `0${fraction} "%"`;
  return `#,##0${fraction}`;
}

/** A figure's value in its natural unit (tenge, people, percent). */
function natural(figure: Figure, value: number | undefined): number | undefined {
  return value === undefined ? undefined : value / 10 ** figure.decimals;
}

function statusOf(reader: Reader, row: UnitRow, reading: RegionalReading): string {
  const month = periodName(reader, reading.monthShown);
  const missing = reading.months.length > 1 ? reader.t("reports-status-missing-month", { month }) : reader.t("reports-status-missing");
  const parts = [row.missing ? missing : reader.t("reports-status-reported")];
  if (row.late) parts.push(reader.t("reports-status-late"));
  if (row.corrected) parts.push(reader.t("reports-status-corrected"));
  return parts.join(", ");
}

function letter(index: number): string {
  let n = index + 1;
  let name = "";
  while (n > 0) {
    const rest = (n - 1) % 26;
    name = String.fromCharCode(65 + rest) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

async function workbookBuffer(env: ReportEnv, reader: Reader, { reading, rows }: SheetData, now: Date): Promise<Buffer> {
  const { locale, t } = reader;
  const form = reading.form;
  const columns = columnsOf(reader, form, reading.months.length);
  // Loaded on first use: exceljs is large and only needed for a spreadsheet.
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  workbook.created = now;
  const sheet = workbook.addWorksheet(t("reports-sheet-name"), { views: [{ state: "frozen", xSplit: 2, ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ header: column.header, width: column.width, ...(column.numFmt ? { style: { numFmt: column.numFmt } } : {}) }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "top" };

  const firstRow = 2;
  const lastRow = firstRow + rows.length - 1;
  const colOf = new Map<string, string>();
  columns.forEach((column, i) => {
    if (column.figure) colOf.set(column.figure.id, letter(i));
  });
  /** "C5+D5": the cells of the figures in one row (figures the form lacks are left out). */
  const sumOfCells = (ids: readonly string[], row: number) =>
    ids.map((id) => colOf.get(id)).filter((col) => col !== undefined).map((col) => `${col}${row}`).join("+") || "0";

  rows.forEach((unitRow, i) => {
    const r = firstRow + i;
    const cells = columns.map((column): ExcelJS.CellValue => {
      if (column.kind === "number") return i + 1;
      if (column.kind === "unit") return unitLabel(env.region, unitRow.unitId, locale);
      if (column.figure) return natural(column.figure, unitRow.values[column.figure.id]) ?? null;
      if (column.derived) {
        // A unit that left a part out has no share (never 100 % for a channel it did not report): the cell stays empty.
        const share = shareOf(form, column.derived, unitRow.values, unitRow.gave);
        if (!share) return null;
        const formula = `IF((${sumOfCells(column.derived.denominator, r)})=0,"",(${sumOfCells(column.derived.numerator, r)})/(${sumOfCells(column.derived.denominator, r)}))`;
        return { formula, result: share.share ?? "" };
      }
      if (column.kind === "months") return unitRow.monthsReported;
      return statusOf(reader, unitRow, reading);
    });
    sheet.addRow(cells);
  });

  const totals = columns.map((column, c): ExcelJS.CellValue => {
    if (column.kind === "unit") return t("reports-sheet-total");
    if (column.figure?.unitAggregation === "sum") {
      const col = letter(c);
      const figure = column.figure;
      const result = rows.reduce((sum, row) => sum + (natural(figure, row.values[figure.id]) ?? 0), 0);
      return rows.length === 0 ? 0 : { formula: `SUM(${col}${firstRow}:${col}${lastRow})`, result };
    }
    if (column.derived) {
      // The region's share over the rows that have one (the units that gave every part), as the chat says.
      const share = regionShare(reading, column.derived);
      if (rows.length === 0) return null;
      const own = `${letter(c)}${firstRow}:${letter(c)}${lastRow}`;
      const over = (ids: readonly string[]) => {
        const ranges = ids.map((id) => colOf.get(id)).filter((col) => col !== undefined).map((col) => `${col}${firstRow}:${col}${lastRow}`);
        return `SUMPRODUCT((${own}<>"")*(${ranges.join("+") || "0"}))`;
      };
      const formula = `IFERROR(${over(column.derived.numerator)}/${over(column.derived.denominator)},"")`;
      return { formula, result: share?.share ?? "" };
    }
    if (column.kind === "status") {
      return t("reports-sheet-total-status", { reported: String(reading.completeness.reported.length), expected: String(reading.completeness.expected.length) });
    }
    return null;
  });
  const total = sheet.addRow(totals);
  total.font = { bold: true };
  total.border = { top: { style: "thin" } };
  const gave = gaveRow(reader, columns, reading);
  if (gave) sheet.addRow(gave).font = { italic: true };

  const about = workbook.addWorksheet(t("reports-sheet-about"));
  about.columns = [{ width: 28 }, { width: 80 }];
  about.addRows([
    [t("reports-sheet-form"), formLabel(form, locale)],
    [t("reports-sheet-period"), periodLabel(reading.range, reading.months, { locale, t })],
    [t("reports-sheet-completeness"), t("reports-sheet-completeness-value", {
      month: periodName({ locale, t }, reading.monthShown),
      reported: String(reading.completeness.reported.length),
      expected: String(reading.completeness.expected.length),
    })],
    [t("reports-sheet-missing"), reading.completeness.missing.map((id) => unitLabel(env.region, id, locale)).join(", ") || "—"],
    [t("reports-sheet-generated"), formatDate(now, locale, env.timeZone, { time: true })],
    [t("reports-sheet-note"), t("reports-sheet-note-value")],
  ]);
  about.getColumn(1).font = { bold: true };
  addNotesSheet(workbook, { ...reader, timeZone: env.timeZone }, env.region, await readNotes(env, form, reading.months));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A row under the totals saying how many units gave each figure and share, when some did not ("15 of 18"). */
function gaveRow(reader: Reader, columns: readonly Column[], reading: RegionalReading): (string | null)[] | undefined {
  const coverage = reading.basis?.coverage;
  if (!coverage) return undefined;
  const counts = columns.map((column) => {
    if (column.figure) return coverage.figures[column.figure.id] && { given: coverage.figures[column.figure.id]!.given, reported: coverage.figures[column.figure.id]!.reported };
    if (column.derived) return coverage.shares[column.derived.id] && { given: coverage.shares[column.derived.id]!.units, reported: coverage.shares[column.derived.id]!.reported };
    return undefined;
  });
  if (!counts.some((count) => count !== undefined && count.given < count.reported)) return undefined;
  return columns.map((column, c) => {
    if (column.kind === "unit") return reader.t("reports-sheet-gave");
    const count = counts[c];
    return count ? reader.t("reports-sheet-gave-value", { given: String(count.given), reported: String(count.reported) }) : null;
  });
}

/** A CSV that opens as columns where people open it: ";" and a decimal comma for ru and kk (a Russian-locale Excel), "," for en. */
export const CSV_FORMAT: Record<Reader["locale"], { separator: string; decimal: string }> = {
  kk: { separator: ";", decimal: "," },
  ru: { separator: ";", decimal: "," },
  en: { separator: ",", decimal: "." },
};

function csvField(value: string | number | null | undefined, { separator, decimal }: { separator: string; decimal: string }): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? String(value).replace(".", decimal) : value;
  return text.includes(separator) || /["\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The same rows as plain values, UTF-8 with a byte order mark (so spreadsheet programs read Cyrillic). */
function csvBuffer(env: ReportEnv, reader: Reader, { reading, rows }: SheetData): Buffer {
  const { locale, t } = reader;
  const format = CSV_FORMAT[locale];
  const line = (cells: readonly (string | number | null | undefined)[]) => cells.map((cell) => csvField(cell, format)).join(format.separator);
  const form = reading.form;
  const columns = columnsOf(reader, form, reading.months.length);
  const ratio = (share: number | undefined) => (share === undefined ? "" : Number(share.toFixed(4)));
  const lines = [line(columns.map((column) => column.header))];
  rows.forEach((row, i) => {
    const cells = columns.map((column): string | number | null | undefined => {
      if (column.kind === "number") return i + 1;
      if (column.kind === "unit") return unitLabel(env.region, row.unitId, locale);
      if (column.figure) return natural(column.figure, row.values[column.figure.id]);
      if (column.derived) return ratio(shareOf(form, column.derived, row.values, row.gave)?.share);
      if (column.kind === "months") return row.monthsReported;
      return statusOf(reader, row, reading);
    });
    lines.push(line(cells));
  });
  const totals = columns.map((column): string | number | null | undefined => {
    if (column.kind === "unit") return t("reports-sheet-total");
    if (column.figure) return column.figure.unitAggregation === "sum" ? (natural(column.figure, reading.current.values[column.figure.id]) ?? 0) : "";
    if (column.derived) return ratio(regionShare(reading, column.derived)?.share);
    if (column.kind === "status") return t("reports-sheet-total-status", { reported: String(reading.completeness.reported.length), expected: String(reading.completeness.expected.length) });
    return "";
  });
  lines.push(line(totals));
  const gave = gaveRow(reader, columns, reading);
  if (gave) lines.push(line(gave));
  return Buffer.from(`\ufeff${lines.join("\r\n")}\r\n`, "utf8");
}
