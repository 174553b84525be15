// A unit's form for one period as an Excel file to fill (buildTemplate), and the filled file read back
// (openTemplate, then readValues) with the same parsers and limits as an answer typed in the chat. No Telegram here.
//
// Layout of the sheet (the person's language): the form's name, the unit and period, how to fill it in; a header
// row; then one row per figure from row FIRST_ROW: № · figure · value (column C, the only cells to fill) · last
// period · year so far · unit · limits · hint. A very hidden sheet records the format version, form, unit, period,
// language, sheet name and figure ids, with an HMAC of them under the bot's key: a file for another unit, form or
// period, or with the record edited, is told apart from the right one.
import { createHmac, timingSafeEqual } from "node:crypto";
import type ExcelJS from "exceljs";
import type { Figure, FigureValues, FormDefinition } from "../domain/forms.ts";
import { isNumericFigure } from "../domain/forms.ts";
import type { Locale } from "../domain/locale.ts";
import { isLocale } from "../domain/locale.ts";
import { aggregatePeriods } from "../domain/aggregate.ts";
import { monthsInRange, parsePeriodId, previousPeriod } from "../domain/periodIds.ts";
import { readFigureInput, type ParseError } from "../domain/numberParse.ts";
import type { NumberInputWords } from "../domain/numberWords.ts";
import { scaleQuestion } from "../domain/scale.ts";
import { choiceLabel, formatFigureValue, parseChoice, parseText, NO_VALUE } from "../domain/numbers.ts";
import { formLabel, unitLabel, periodName } from "./format.ts";
import { numberFormat } from "./spreadsheet.ts";
import type { Reader, ReportEnv } from "./types.ts";
import { checkZip } from "./zipCheck.ts";

/** Row of the first figure; its value is in VALUE_COLUMN (e.g. "C7"). */
export const FIRST_ROW = 7;
export const VALUE_COLUMN = "C";
const HEADER_ROW = FIRST_ROW - 1;
const META_SHEET = "akimat-meta";
const FORMAT = "akimat-form-template";
const FORMAT_VERSION = "1";

/** Limits for a file sent back: far above any filled form (about 20 KB), far below harm. */
export const FILE_LIMITS = {
  /** Telegram's document.file_size is checked against it before downloading. */
  maxFileBytes: 2 * 1024 * 1024,
  maxEntries: 200,
  maxUncompressedBytes: 20 * 1024 * 1024,
};

export interface TemplateRequest {
  form: FormDefinition;
  unit: string;
  period: string;
}

/** What the file says it is for, once its record's signature is checked. */
export interface TemplateIdentity extends TemplateRequest {
  locale: Locale;
}

/** A file that cannot be read as a template of ours, and why. */
export type FileProblem =
  | "not-xlsx"
  | "encrypted"
  | "corrupt"
  | "too-large"
  /** an Excel file, but not one the bot made */
  | "not-template"
  /** the hidden record was changed */
  | "tampered"
  /** rows or columns moved, inserted or deleted */
  | "layout"
  /** made for a form whose figures have changed since */
  | "outdated";

/** A cell's content as read, before any parsing. */
export type CellContent =
  | { kind: "empty" }
  | { kind: "number"; value: number }
  | { kind: "text"; text: string }
  | { kind: "formula"; formula: string }
  | { kind: "other" };

export interface OpenedTemplate {
  identity: TemplateIdentity;
  /** figure id → its value cell's address and content */
  cells: Map<string, { address: string; content: CellContent }>;
}

export type CellProblemCode = ParseError | "unknown_choice" | "formula" | "not_a_value" | "required" | "scale";

export interface CellProblem {
  address: string;
  figure: Figure;
  code: CellProblemCode;
  /** What was in the cell, as text (for the message). */
  input: string;
}

/** A value read one way where the chat would have said it back ("91,337" read as 91 337). */
export interface CellReading {
  address: string;
  figure: Figure;
  input: string;
  value: number;
}

export interface FilledValues {
  /** figure id → the value as a draft stores it (scaled integer or text); only the cells read without a problem */
  values: Record<string, string>;
  problems: CellProblem[];
  readings: CellReading[];
}

/** The signing key of templates, derived from a secret the bot has (its token): never stored in the file. */
export function templateKey(secret: string): Buffer {
  return createHmac("sha256", "akimat-xlsx-template").update(secret).digest();
}

const natural = (figure: Figure, value: number | undefined) => (value === undefined ? undefined : value / 10 ** figure.decimals);

interface TemplateHistory {
  previous?: FigureValues;
  yearToDate?: FigureValues;
  yearToDateLabel?: string;
  current?: FigureValues;
}

/** Last period's values, the year so far before this period (monthly forms) and the version in force, if any. */
async function historyOf(env: ReportEnv, { form, unit, period }: TemplateRequest, reader: Reader): Promise<TemplateHistory> {
  const previous = previousPeriod(period);
  const parsed = parsePeriodId(period);
  const earlier = parsed.kind === "month" && parsed.month > 1 ? monthsInRange({ kind: "ytd", year: parsed.year, month: parsed.month - 1 }) : [];
  const wanted = [...new Set([period, previous, ...earlier])];
  const reports = await env.store.reports.getUnitHistory(form.id, unit, wanted);
  const series = new Map<string, FigureValues>();
  for (const [id, report] of reports) series.set(id, report.values);
  const history: TemplateHistory = {};
  const stored = reports.get(period);
  if (stored) history.current = stored.values;
  const last = reports.get(previous);
  if (last) history.previous = last.values;
  if (earlier.length > 0 && parsed.kind === "month") {
    history.yearToDate = aggregatePeriods(form, earlier, series);
    history.yearToDateLabel = periodName(reader, { kind: "ytd", year: parsed.year, month: parsed.month - 1 });
  }
  return history;
}

/** "от 0 до 1 000 000" as the chat writes limits. */
function limitsText(reader: Reader, figure: Figure): string {
  if (figure.type === "choice") return (figure.choices ?? []).map((choice) => choice.label[reader.locale]).join(" / ");
  if (!isNumericFigure(figure)) return reader.t("excel-limit-text", { max: figure.maxLength ?? 500 });
  const scale = 10 ** figure.decimals;
  const show = (n: number | undefined) => (n === undefined ? NO_VALUE : formatFigureValue(Math.round(n * scale), figure, reader.locale));
  return figure.max === undefined ? reader.t("excel-limit-min", { min: show(figure.min ?? 0) }) : reader.t("excel-limit-range", { min: show(figure.min ?? 0), max: show(figure.max) });
}

function validationOf(reader: Reader, figure: Figure, limits: string): ExcelJS.DataValidation | undefined {
  // A warning, not a stop: "17,9 млрд" typed as text is a value the bot reads, though Excel does not.
  const common = {
    allowBlank: true,
    showInputMessage: true,
    promptTitle: reader.t("excel-prompt-title"),
    prompt: limits.slice(0, 250),
    showErrorMessage: true,
    errorStyle: "warning" as const,
    errorTitle: reader.t("excel-error-title"),
    error: limits.slice(0, 250),
  };
  if (figure.type === "choice") {
    const labels = (figure.choices ?? []).map((choice) => choice.label[reader.locale].replace(/[",]/g, " "));
    return { ...common, type: "list", formulae: [`"${labels.join(",")}"`] };
  }
  if (!isNumericFigure(figure)) return { ...common, type: "textLength", operator: "lessThanOrEqual", formulae: [figure.maxLength ?? 500] };
  const type = figure.decimals > 0 ? "decimal" : "whole";
  if (figure.max === undefined) return { ...common, type, operator: "greaterThanOrEqual", formulae: [figure.min ?? 0] };
  return { ...common, type, operator: "between", formulae: [figure.min ?? 0, figure.max] };
}

function recordOf(identity: TemplateIdentity, sheetName: string): [string, string][] {
  return [
    ["format", FORMAT],
    ["version", FORMAT_VERSION],
    ["form", identity.form.id],
    ["unit", identity.unit],
    ["period", identity.period],
    ["locale", identity.locale],
    ["sheet", sheetName],
    ["firstRow", String(FIRST_ROW)],
    ["figures", identity.form.figures.map((figure) => figure.id).join(",")],
  ];
}

function signatureOf(key: Buffer, record: readonly [string, string][]): string {
  return createHmac("sha256", key).update(JSON.stringify(record)).digest("hex");
}

/** The sheet's name: Excel allows 31 characters and none of []:*?/\ . */
function sheetNameOf(reader: Reader): string {
  return reader.t("excel-sheet-name").replace(/[[\]:*?/\\]/g, " ").slice(0, 31) || "Form";
}

/** The file to fill for `request`, in the reader's language; last period and the year so far beside each figure. */
export async function buildTemplate(env: ReportEnv, reader: Reader, request: TemplateRequest, key: Buffer, now: Date): Promise<Buffer> {
  const { form, unit, period } = request;
  const { locale, t } = reader;
  const history = await historyOf(env, request, reader);
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  workbook.created = now;
  workbook.creator = t("excel-creator");
  workbook.title = formLabel(form, locale);
  workbook.subject = `${unitLabel(env.region, unit, locale)} · ${periodName({ locale, t }, period)}`;
  const sheetName = sheetNameOf(reader);
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: HEADER_ROW, xSplit: 2 }] });
  sheet.columns = [{ width: 5 }, { width: 60 }, { width: 20 }, { width: 18 }, { width: 18 }, { width: 14 }, { width: 26 }, { width: 60 }];
  sheet.getCell("A1").value = formLabel(form, locale);
  sheet.getCell("A1").font = { bold: true, size: 14 };
  sheet.getCell("A2").value = `${unitLabel(env.region, unit, locale)} · ${periodName({ locale, t }, period)}`;
  sheet.getCell("A2").font = { bold: true };
  sheet.getCell("A3").value = t("excel-instructions-fill", { column: VALUE_COLUMN });
  sheet.getCell("A4").value = t("excel-instructions-numbers");
  sheet.getCell("A5").value = t("excel-instructions-layout");
  for (const address of ["A3", "A4", "A5"]) sheet.getCell(address).font = { italic: true };
  // The title lines span the table's width (text wraps inside; Excel does not let long text run into locked cells).
  for (let r = 1; r <= 5; r++) {
    sheet.mergeCells(`A${r}:H${r}`);
    sheet.getCell(`A${r}`).alignment = { wrapText: true, vertical: "top" };
  }

  const header = sheet.getRow(HEADER_ROW);
  header.values = [
    "№",
    t("excel-col-figure"),
    t("excel-col-value"),
    t("excel-col-previous", { period: periodName({ locale, t }, previousPeriod(period)) }),
    history.yearToDateLabel ? t("excel-col-year", { period: history.yearToDateLabel }) : t("excel-col-year-none"),
    t("excel-col-unit"),
    t("excel-col-limits"),
    t("excel-col-hint"),
  ];
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "top" };
  header.height = 60;

  form.figures.forEach((figure, i) => {
    const row = sheet.getRow(FIRST_ROW + i);
    const shown = (values: FigureValues | undefined): ExcelJS.CellValue => {
      const value = values?.[figure.id];
      if (value === undefined) return null;
      if (isNumericFigure(figure)) return natural(figure, Number(value)) ?? null;
      return figure.type === "choice" ? (choiceLabel(figure, String(value), locale) ?? String(value)) : String(value);
    };
    const limits = limitsText(reader, figure);
    row.values = [
      i + 1,
      figure.label[locale],
      shown(history.current),
      shown(history.previous),
      figure.monthAggregation === "sum" || !isNumericFigure(figure) ? shown(history.yearToDate) : null,
      figure.type === "money" ? "₸" : (figure.unitWord?.[locale] ?? (figure.type === "percentage" ? "%" : "")),
      limits + (figure.required ? "" : ` · ${t("excel-optional")}`),
      figure.hint?.[locale] ?? "",
    ];
    row.alignment = { wrapText: true, vertical: "top" };
    // Excel does not fit a generated row's height to wrapped text: about 55 characters a line in column B.
    const longest = Math.max(figure.label[locale].length / 55, (figure.hint?.[locale].length ?? 0) / 55, limits.length / 24);
    row.height = 15 * Math.max(1, Math.ceil(longest));
    const value = row.getCell(3);
    value.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF2CC" } };
    value.border = { top: { style: "thin" }, bottom: { style: "thin" }, left: { style: "thin" }, right: { style: "thin" } };
    value.protection = { locked: false };
    if (isNumericFigure(figure)) {
      for (const column of [3, 4, 5]) row.getCell(column).numFmt = numberFormat(figure);
    }
    const validation = validationOf(reader, figure, limits);
    if (validation) value.dataValidation = validation;
  });
  // Protected without a password: the layout is hard to change by accident, column C stays editable.
  await sheet.protect("", { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });

  const identity: TemplateIdentity = { form, unit, period, locale };
  const record = recordOf(identity, sheetName);
  const meta = workbook.addWorksheet(META_SHEET, { state: "veryHidden" });
  meta.addRows([...record, ["signature", signatureOf(key, record)]]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ── Reading a filled file ────────────────────────────────────────────────────

function contentOf(cell: ExcelJS.Cell): CellContent {
  const value = cell.value;
  if (value === null || value === undefined) return { kind: "empty" };
  if (typeof value === "number") return { kind: "number", value };
  if (typeof value === "string") return value.trim() === "" ? { kind: "empty" } : { kind: "text", text: value };
  if (typeof value === "object") {
    if ("formula" in value || "sharedFormula" in value) {
      const formula = (value as { formula?: string; sharedFormula?: string }).formula ?? (value as { sharedFormula?: string }).sharedFormula ?? "";
      return { kind: "formula", formula: String(formula) };
    }
    if ("richText" in value && Array.isArray(value.richText)) {
      const text = value.richText.map((part) => String(part.text ?? "")).join("");
      return text.trim() === "" ? { kind: "empty" } : { kind: "text", text };
    }
  }
  return { kind: "other" };
}

const textOf = (cell: ExcelJS.Cell | undefined): string => {
  const content = cell ? contentOf(cell) : { kind: "empty" as const };
  if (content.kind === "text") return content.text;
  if (content.kind === "number") return String(content.value);
  return "";
};

/**
 * Opens a file sent back: ZIP structure and sizes first (checkZip, never inflating past the limits), then exceljs,
 * then the signed record and the layout. Never throws: any failure is a FileProblem.
 */
export async function openTemplate(bytes: Buffer, forms: readonly FormDefinition[], key: Buffer): Promise<OpenedTemplate | { problem: FileProblem }> {
  if (bytes.length > FILE_LIMITS.maxFileBytes) return { problem: "too-large" };
  const zip = checkZip(bytes, { maxEntries: FILE_LIMITS.maxEntries, maxTotalBytes: FILE_LIMITS.maxUncompressedBytes });
  if (!zip.ok) return { problem: zip.reason === "not-zip" ? "not-xlsx" : zip.reason };
  if (!zip.entries.includes("xl/workbook.xml") || !zip.entries.includes("[Content_Types].xml")) return { problem: "not-xlsx" };
  let workbook: ExcelJS.Workbook;
  try {
    const { default: Excel } = await import("exceljs");
    workbook = new Excel.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { problem: "corrupt" };
  }
  try {
    return readOpened(workbook, forms, key);
  } catch {
    return { problem: "corrupt" };
  }
}

function readOpened(workbook: ExcelJS.Workbook, forms: readonly FormDefinition[], key: Buffer): OpenedTemplate | { problem: FileProblem } {
  const meta = workbook.getWorksheet(META_SHEET);
  if (!meta) return { problem: "not-template" };
  const fields = new Map<string, string>();
  for (let r = 1; r <= 12; r++) {
    const row = meta.getRow(r);
    fields.set(textOf(row.getCell(1)), textOf(row.getCell(2)));
  }
  if (fields.get("format") !== FORMAT) return { problem: "not-template" };
  if (fields.get("version") !== FORMAT_VERSION) return { problem: "outdated" };
  const record: [string, string][] = ["format", "version", "form", "unit", "period", "locale", "sheet", "firstRow", "figures"].map((name) => [name, fields.get(name) ?? ""]);
  const expected = Buffer.from(signatureOf(key, record), "hex");
  const given = Buffer.from(fields.get("signature") ?? "", "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { problem: "tampered" };
  const form = forms.find((f) => f.id === fields.get("form"));
  const locale = fields.get("locale") ?? "";
  if (!form || !isLocale(locale)) return { problem: "outdated" };
  if (fields.get("figures") !== form.figures.map((figure) => figure.id).join(",")) return { problem: "outdated" };
  const sheet = workbook.getWorksheet(fields.get("sheet") ?? "");
  if (!sheet) return { problem: "layout" };
  // Each figure's row still holds its number and its label where the bot put them: no row inserted, moved or deleted.
  const cells = new Map<string, { address: string; content: CellContent }>();
  for (const [i, figure] of form.figures.entries()) {
    const row = sheet.getRow(FIRST_ROW + i);
    if (textOf(row.getCell(1)) !== String(i + 1) || textOf(row.getCell(2)).trim() !== figure.label[locale].trim()) return { problem: "layout" };
    const address = `${VALUE_COLUMN}${FIRST_ROW + i}`;
    cells.set(figure.id, { address, content: contentOf(sheet.getCell(address)) });
  }
  const after = sheet.getRow(FIRST_ROW + form.figures.length);
  if (textOf(after.getCell(1)) !== "" || textOf(after.getCell(2)) !== "") return { problem: "layout" };
  return { identity: { form, unit: fields.get("unit") ?? "", period: fields.get("period") ?? "", locale }, cells };
}

/** A number in a cell as the parser reads it: plain digits, a dot for the fraction, no float noise (0.1+0.2). */
const numberText = (value: number): string => String(Number(value.toPrecision(15)));

/**
 * The values of an opened file, each read as the chat reads a typed answer: the same parser (numbers typed as
 * text, "17,9 млрд"), the same limits, the same scale question (against `references`: the unit's last values,
 * scaled as stored; `words`: the words read around numbers, from the locales). A value the chat would ask about is a problem of its cell here: nothing is guessed.
 */
export function readValues(opened: OpenedTemplate, words: NumberInputWords, references: Readonly<Record<string, string>> = {}): FilledValues {
  const { form, locale } = opened.identity;
  const result: FilledValues = { values: {}, problems: [], readings: [] };
  for (const figure of form.figures) {
    const cell = opened.cells.get(figure.id);
    if (!cell) continue;
    const { address, content } = cell;
    const problem = (code: CellProblemCode, input = "") => result.problems.push({ address, figure, code, input: input.slice(0, 40) });
    if (content.kind === "empty") {
      if (figure.required) problem("required");
      continue;
    }
    if (content.kind === "formula") {
      problem("formula", `=${content.formula}`);
      continue;
    }
    if (content.kind === "other") {
      problem("not_a_value");
      continue;
    }
    const input = content.kind === "number" ? numberText(content.value) : content.text;
    if (!isNumericFigure(figure)) {
      const parsed = figure.type === "choice" ? parseChoice(input, figure, locale) : parseText(input, figure);
      if (parsed.ok) result.values[figure.id] = parsed.value;
      else problem(parsed.error, input);
      continue;
    }
    // A number cell is exact: read it as plain digits; text is read in the language the file was made in.
    const reading = readFigureInput(input, figure, content.kind === "number" ? "en" : locale, words);
    const reference = Number(references[figure.id]);
    if (scaleQuestion(reading, figure, reference > 0 ? reference : undefined)) {
      problem("scale", input);
      continue;
    }
    if (!reading.result.ok) {
      problem(reading.result.error, input);
      continue;
    }
    result.values[figure.id] = String(reading.result.value);
    if (reading.result.needsConfirmation && content.kind === "text") result.readings.push({ address, figure, input, value: reading.result.value });
  }
  return result;
}
