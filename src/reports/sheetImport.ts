// The office's spreadsheet of many units' figures for past periods (`npm run admin -- import-xlsx FILE`): read,
// checked like typed answers, planned against what is stored, and written one report at a time through the same
// submit script as the chat's submit (versions, audit, totals exact).
//
// Layout: the first sheet; row 1 holds the headers, each later row one unit × period.
//   form    the form id (optional when the command names one with --form)
//   unit    the unit's id or its name in any language ("karatal", "Каратальский район")
//   period  the period id ("2016-09", "2016Q3", "2016"), or a date cell in that month
//   then one column per figure: its id, label or short label in any language
// A number cell is the figure's value in its natural unit (tenge, people, percent); text is read as the chat reads a
// typed answer ("17,9 млрд", "1 500"); an empty cell leaves the figure out. A row with every figure empty is skipped.
import { createHash } from "node:crypto";
import type ExcelJS from "exceljs";
import type { Figure, FormDefinition } from "../domain/forms.ts";
import { isNumericFigure, numericFigures } from "../domain/forms.ts";
import type { Locale } from "../domain/locale.ts";
import { LOCALES } from "../domain/locale.ts";
import type { Region } from "../domain/region.ts";
import { isPeriodId, monthId } from "../domain/periodIds.ts";
import { readFigureInput } from "../domain/numberParse.ts";
import type { NumberInputWords } from "../domain/numberWords.ts";
import { parseChoice, parseText } from "../domain/numbers.ts";
import { evaluateRules } from "../domain/rules.ts";
import type { Store } from "../store/index.ts";
import type { StoredReport } from "../store/reports.ts";
import { checkZip, isOleContainer } from "./zipCheck.ts";

/** An office file is bigger than one unit's form: 19 units × 12 months × 2 forms is about 100 KB. */
export const IMPORT_LIMITS = { maxFileBytes: 20 * 1024 * 1024, maxEntries: 1000, maxUncompressedBytes: 200 * 1024 * 1024 };

export interface SheetRow {
  /** the sheet's row number */
  row: number;
  form: FormDefinition;
  unit: string;
  period: string;
  values: Record<string, number | string>;
}

export interface SheetProblem {
  /** "C7", or "row 7" for the row as a whole, or "file" */
  where: string;
  problem: string;
}

export interface SheetReading {
  rows: SheetRow[];
  problems: SheetProblem[];
}

const same = (a: string, b: string) => a.normalize("NFC").trim().toLocaleLowerCase() === b.normalize("NFC").trim().toLocaleLowerCase();

function cellText(cell: ExcelJS.Cell): { text: string; number?: number; date?: Date; formula?: boolean } {
  const value = cell.value;
  if (value === null || value === undefined) return { text: "" };
  if (typeof value === "number") return { text: String(Number(value.toPrecision(15))), number: value };
  if (typeof value === "string") return { text: value.trim() };
  if (value instanceof Date) return { text: "", date: value };
  if (typeof value === "object" && ("formula" in value || "sharedFormula" in value)) return { text: "", formula: true };
  if (typeof value === "object" && "richText" in value) return { text: value.richText.map((part) => part.text).join("").trim() };
  return { text: String(cell.text ?? "").trim() };
}

function figureOfHeader(form: FormDefinition, header: string): Figure | undefined {
  return form.figures.find(
    (figure) =>
      same(figure.id, header) ||
      LOCALES.some((locale) => same(figure.label[locale], header) || (figure.shortLabel && same(figure.shortLabel[locale], header)) || (figure.rangeLabel && same(figure.rangeLabel[locale], header))),
  );
}

function unitOf(region: Region, text: string): string | undefined {
  return region.units.find((unit) => same(unit.id, text) || LOCALES.some((locale) => same(unit.names[locale], text)))?.id;
}

/** One value through the chat's parsers and limits; a number cell read as plain digits. */
function valueOf(figure: Figure, cell: ReturnType<typeof cellText>, locale: Locale, words: NumberInputWords): { value: number | string } | { problem: string } {
  if (cell.formula) return { problem: "a formula instead of a value" };
  if (cell.date) return { problem: "a date instead of a value" };
  if (isNumericFigure(figure)) {
    const read = readFigureInput(cell.text, figure, cell.number !== undefined ? "en" : locale, words).result;
    return read.ok ? { value: read.value } : { problem: `${read.error.replace(/_/g, " ")} ("${cell.text.slice(0, 40)}")` };
  }
  const read = figure.type === "choice" ? parseChoice(cell.text, figure, locale) : parseText(cell.text, figure);
  return read.ok ? { value: read.value } : { problem: `${read.error.replace(/_/g, " ")} ("${cell.text.slice(0, 40)}")` };
}

const column = (index: number): string => {
  let name = "";
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
};

/** Reads the office's sheet; every problem is listed with its cell, and a row with any problem is left out. */
export async function readImportSheet(
  bytes: Buffer,
  options: { forms: readonly FormDefinition[]; region: Region; form?: string; locale: Locale; words: NumberInputWords },
): Promise<SheetReading> {
  const fail = (problem: string): SheetReading => ({ rows: [], problems: [{ where: "file", problem }] });
  if (bytes.length > IMPORT_LIMITS.maxFileBytes) return fail("the file is over 20 MB");
  if (isOleContainer(bytes)) return fail("password-protected or an old .xls file: save it as .xlsx without a password");
  const zip = checkZip(bytes, { maxEntries: IMPORT_LIMITS.maxEntries, maxTotalBytes: IMPORT_LIMITS.maxUncompressedBytes });
  if (!zip.ok) return fail(zip.reason === "not-zip" ? "not an .xlsx file" : `cannot be read (${zip.reason})`);
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return fail("the file is damaged");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return fail("the workbook has no sheet");

  const headers = new Map<number, string>();
  sheet.getRow(1).eachCell((cell, col) => headers.set(col, cellText(cell).text));
  const find = (name: string) => [...headers].find(([, text]) => same(text, name))?.[0];
  const formCol = find("form");
  const unitCol = find("unit");
  const periodCol = find("period");
  const problems: SheetProblem[] = [];
  if (unitCol === undefined || periodCol === undefined) return fail('row 1 needs the headers "unit" and "period"');
  const fixedForm = options.form === undefined ? undefined : options.forms.find((form) => form.id === options.form);
  if (options.form !== undefined && !fixedForm) return fail(`no form "${options.form}"`);
  if (formCol === undefined && !fixedForm) return fail('no "form" column: name the form with --form <form-id>');
  const figureCols = [...headers].filter(([col, text]) => col !== formCol && col !== unitCol && col !== periodCol && text !== "");

  const rows: SheetRow[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const at = (col: number) => `${column(col)}${r}`;
    const rowProblems: SheetProblem[] = [];
    const formText = formCol === undefined ? undefined : cellText(row.getCell(formCol)).text;
    const form = fixedForm ?? options.forms.find((f) => same(f.id, formText ?? "") || LOCALES.some((l) => same(f.names[l], formText ?? "")));
    const unitText = cellText(row.getCell(unitCol)).text;
    const periodCell = cellText(row.getCell(periodCol));
    const given = figureCols.filter(([col]) => cellText(row.getCell(col)).text !== "" || cellText(row.getCell(col)).formula || cellText(row.getCell(col)).date);
    if (!unitText && !periodCell.text && !periodCell.date && given.length === 0) continue;
    if (!form) {
      problems.push({ where: at(formCol!), problem: `no form "${formText ?? ""}"` });
      continue;
    }
    const unit = unitOf(options.region, unitText);
    if (!unit) rowProblems.push({ where: at(unitCol), problem: `no unit "${unitText}"` });
    else if (form.units !== "all" && !form.units.includes(unit)) rowProblems.push({ where: at(unitCol), problem: `${unit} does not report ${form.id}` });
    const period = periodCell.date ? monthId(periodCell.date.getUTCFullYear(), periodCell.date.getUTCMonth() + 1) : periodCell.text;
    const kind = /^\d{4}-\d{2}$/.test(period) ? "monthly" : /Q/.test(period) ? "quarterly" : "yearly";
    if (!isPeriodId(period)) rowProblems.push({ where: at(periodCol), problem: `not a period: "${period}" (write 2016-09, 2016Q3 or 2016)` });
    else if (kind !== form.periodType) rowProblems.push({ where: at(periodCol), problem: `${form.id} is reported ${form.periodType}, not for "${period}"` });
    const values: Record<string, number | string> = {};
    for (const [col, header] of figureCols) {
      const figure = figureOfHeader(form, header);
      const cell = cellText(row.getCell(col));
      if (!figure) {
        if (cell.text || cell.formula || cell.date) rowProblems.push({ where: at(col), problem: `the column "${header}" is no figure of ${form.id}` });
        continue;
      }
      if (!cell.text && !cell.formula && !cell.date) continue;
      const read = valueOf(figure, cell, options.locale, options.words);
      if ("problem" in read) rowProblems.push({ where: at(col), problem: `${figure.id}: ${read.problem}` });
      else values[figure.id] = read.value;
    }
    if (Object.keys(values).length === 0 && rowProblems.length === 0) continue;
    for (const figure of form.figures) if (figure.required && values[figure.id] === undefined) rowProblems.push({ where: `row ${r}`, problem: `${figure.id} is required` });
    for (const violation of evaluateRules(form, values).filter((v) => v.rule.importance === "high")) rowProblems.push({ where: `row ${r}`, problem: `rule ${violation.rule.id}: ${violation.rule.message.en}` });
    if (rowProblems.length > 0) problems.push(...rowProblems);
    else rows.push({ row: r, form, unit: unit!, period, values });
  }
  const seen = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.form.id}/${row.unit}/${row.period}`;
    if (seen.has(key)) problems.push({ where: `row ${row.row}`, problem: `${key} is also in row ${seen.get(key)}` });
    seen.set(key, row.row);
  }
  return { rows, problems };
}

export interface PlannedRow extends SheetRow {
  /** the version in force, if any */
  current?: StoredReport;
  change: "new" | "correction" | "unchanged";
  /** figure id → [stored, new] for the figures that change */
  changed: Record<string, [number | string | undefined, number | string | undefined]>;
}

/** What each row would do against what is stored now: one read per row. */
export async function planSheetImport(store: Pick<Store, "reports">, rows: readonly SheetRow[]): Promise<PlannedRow[]> {
  const planned: PlannedRow[] = [];
  for (const row of rows) {
    const current = (await store.reports.getReport(row.form.id, row.unit, row.period)) ?? undefined;
    const changed: PlannedRow["changed"] = {};
    for (const figure of row.form.figures) {
      const before = current?.values[figure.id];
      const after = row.values[figure.id];
      if (String(before ?? "") !== String(after ?? "")) changed[figure.id] = [before, after];
    }
    const change = !current ? "new" : Object.keys(changed).length === 0 ? "unchanged" : "correction";
    planned.push({ ...row, ...(current ? { current } : {}), change, changed });
  }
  return planned;
}

export interface SheetImportResult {
  written: number;
  unchanged: number;
  /** rows whose report changed between the plan and the write: left as they are */
  conflicts: PlannedRow[];
}

/** Writes the planned rows, each through the submit script (expected version: the one planned against). */
export async function applySheetImport(store: Pick<Store, "reports" | "keys">, planned: readonly PlannedRow[], author: number, now: Date): Promise<SheetImportResult> {
  const result: SheetImportResult = { written: 0, unchanged: 0, conflicts: [] };
  for (const row of planned) {
    if (row.change === "unchanged") {
      result.unchanged++;
      continue;
    }
    const version = (row.current?.version ?? 0) + 1;
    const digest = createHash("sha256").update(JSON.stringify(Object.entries(row.values).sort())).digest("hex").slice(0, 16);
    const submitted = await store.reports.submitReport({
      form: { id: row.form.id, figures: numericFigures(row.form) },
      unit: row.unit,
      period: row.period,
      values: row.values,
      expectedVersion: row.current?.version ?? 0,
      author,
      updateId: 0,
      at: now.getTime(),
      claimKey: store.keys.importClaim(row.form.id, row.unit, row.period, version, `xlsx${digest}`),
    });
    if (submitted.status === "ok" || (submitted.status === "duplicate" && submitted.version === version)) result.written++;
    else result.conflicts.push(row);
  }
  return result;
}
