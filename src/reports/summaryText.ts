// /summary: one form over one period: regional totals with shares, completeness and timeliness, and one page of the
// per-unit table. Reads: the maintained totals (one round trip), then the page's reports and the month's late flags.
import type { Figure, FormDefinition } from "../domain/forms.ts";
import { figureLabel, shortLabelOf } from "../domain/forms.ts";
import type { PeriodRange } from "../domain/periods.ts";
import { formatShare } from "../domain/numbers.ts";
import { capitalize, completenessText, escapeHtml, formLabel, keyFigures, unitLabel, valueText, periodName } from "./format.ts";
import { periodLabel } from "./periods.ts";
import type { RegionalReading } from "./regional.ts";
import { readRegional } from "./regional.ts";
import { comparisonNotes, figureRemarks, regionShareLine } from "./totalsText.ts";
import type { UnitRow } from "./units.ts";
import { readUnitRows, unitsInOrder } from "./units.ts";
import { readTimeliness } from "./timeliness.ts";
import type { Reader, ReportEnv } from "./types.ts";

/** Rows per page of the per-unit table: 20 rows of the longest names stay far below 4,096 characters. */
export const UNITS_PER_PAGE = 20;
/** Figures shown as columns of the per-unit table (the spreadsheet has them all). */
export const TABLE_COLUMNS = 3;

export interface Summary {
  reading: RegionalReading;
  /** Units with a late report in the months shown (the ⏰ rows); undefined when there are too many to read (see LATE_COUNT_LIMIT). */
  late: number | undefined;
  /** Units with every month shown reported and none late. */
  onTime?: number | undefined;
  page: number;
  pages: number;
  /** Units of the table in order (alphabetical in the reader's language). */
  order: string[];
  rows: UnitRow[];
}

export function pageCount(unitCount: number): number {
  return Math.max(1, Math.ceil(unitCount / UNITS_PER_PAGE));
}

/** Everything a summary message shows, for one page of the table (page numbers from 0, clamped). */
export async function readSummary(
  env: ReportEnv,
  reader: Reader,
  form: FormDefinition,
  range: PeriodRange,
  dueMonth: string,
  page: number,
): Promise<Summary> {
  const [reading] = await readRegional(env, form, [range], dueMonth);
  const order = unitsInOrder(form, env.region, reader.locale);
  const pages = pageCount(order.length);
  const shown = Math.min(Math.max(0, page), pages - 1);
  const pageUnits = order.slice(shown * UNITS_PER_PAGE, (shown + 1) * UNITS_PER_PAGE);
  const [timeliness, rows] = await Promise.all([readTimeliness(env, form, reading!.months), readUnitRows(env, form, reading!.months, pageUnits)]);
  return { reading: reading!, late: timeliness?.late, onTime: timeliness?.onTime, page: shown, pages, order, rows };
}

export function summaryText(env: ReportEnv, reader: Reader, summary: Summary): string {
  const { locale, t } = reader;
  const { reading } = summary;
  const { form, completeness: state } = reading;
  const lines = [
    `📋 <b>${escapeHtml(formLabel(form, locale))}</b>`,
    `<b>${escapeHtml(capitalize(periodLabel(reading.range, reading.months, { locale, t }), locale))}</b>`,
    t("reports-summary-completeness", {
      month: periodName({ locale, t }, reading.monthShown),
      completeness: completenessText(reader, env.region, state),
    }),
  ];
  if (summary.late !== undefined) {
    const onTime = summary.onTime ?? state.reported.length - summary.late;
    lines.push(
      t(reading.months.length > 1 ? "calendar-summary-on-time-range" : "reports-summary-on-time", {
        onTime: String(onTime),
        expected: String(state.expected.length),
        rate: formatShare(onTime, state.expected.length, locale),
        late: String(summary.late),
      }),
    );
  }
  lines.push("", `<b>${t("reports-summary-region-total")}</b>`);
  if (!reading.current.hasData) lines.push(t("reports-no-data"));
  else {
    for (const figure of keyFigures(form)) {
      const total = figure.unitAggregation === "sum" ? reading.current.values[figure.id] : undefined;
      lines.push(
        `• ${escapeHtml(figureLabel(figure, locale, reading.months.length))}: <b>${valueText(figure, total, locale)}</b>${figureRemarks(reader, figure.id, reading)}`,
      );
    }
    for (const derived of form.derived) lines.push(`• ${escapeHtml(derived.label[locale])}: ${regionShareLine(reader, derived, reading, true)}`);
    lines.push(...comparisonNotes(reader, reading));
  }
  lines.push("", ...tableLines(env, reader, summary));
  return lines.join("\n");
}

/** The per-unit table page: a legend of columns, one line per unit with its marks, the key to the marks. */
export function tableLines(env: ReportEnv, reader: Reader, summary: Summary): string[] {
  const { locale, t } = reader;
  const columns = tableColumns(summary.reading.form);
  const first = summary.page * UNITS_PER_PAGE;
  const lines = [
    `<b>${t("reports-table-title", {
      from: String(first + 1),
      to: String(first + summary.rows.length),
      total: String(summary.order.length),
    })}</b>`,
    t("reports-table-columns", { columns: columns.map((figure, i) => `${COLUMN_MARKS[i] ?? ""} ${escapeHtml(shortLabelOf(figure, locale))}`).join("; ") }),
  ];
  const partial = summary.reading.months.length > 1;
  summary.rows.forEach((row, i) => {
    const name = escapeHtml(unitLabel(env.region, row.unitId, locale));
    const marks = rowMarks(row);
    const head = `${first + i + 1}. ${name}${marks ? ` ${marks}` : ""}`;
    if (row.monthsReported === 0) {
      lines.push(`${head} — ${t("reports-no-report")}`);
      return;
    }
    const values = columns.map((figure) => valueText(figure, row.values[figure.id], locale)).join(" · ");
    const months =
      partial && row.monthsReported < summary.reading.months.length
        ? ` ${t("reports-months-reported", { count: String(row.monthsReported), of: String(summary.reading.months.length) })}`
        : "";
    lines.push(`${head} — ${values}${months}`);
  });
  lines.push(t("reports-table-key"));
  return lines;
}

const COLUMN_MARKS = ["①", "②", "③", "④", "⑤"];

export function tableColumns(form: FormDefinition): Figure[] {
  return keyFigures(form).slice(0, TABLE_COLUMNS);
}

/** ⛔ no report for the month shown, ⏰ late, ✏️ corrected. */
export function rowMarks(row: UnitRow): string {
  return `${row.missing ? "⛔" : ""}${row.late ? "⏰" : ""}${row.corrected ? "✏️" : ""}`;
}
