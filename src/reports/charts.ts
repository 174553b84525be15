// The pictures of a summary: a figure per unit as bars, and the region's total of it over the last 12 months.
import type { Figure, FormDefinition } from "../domain/forms.ts";
import { figureLabel, formUnitIds } from "../domain/forms.ts";
import type { PeriodRange } from "../domain/periods.ts";
import { monthId } from "../domain/periods.ts";
import { barChartSvg, lineChartSvg, renderPng } from "./chart.ts";
import type { BarRow } from "./chart.ts";
import { formLabel, unitLabel, valueText, periodName } from "./format.ts";
import { monthParts, monthsShown, periodLabel } from "./periods.ts";
import { readUnitRows, unitsInOrder } from "./units.ts";
import type { Reader, ReportEnv } from "./types.ts";

/** Bars drawn at most: more would not be legible on a phone; the footnote says how many there are. */
export const MAX_BARS = 30;
const shortMonth = new Map<string, Intl.DateTimeFormat>();

export interface ChartImages {
  bars: Buffer;
  line: Buffer;
}

/** Figures that can be charted: numeric, with a regional total. */
export function chartFigures(form: FormDefinition): Figure[] {
  return form.keyFigures
    .map((id) => form.figures.find((figure) => figure.id === id))
    .filter((figure): figure is Figure => figure !== undefined && figure.unitAggregation === "sum" && figure.type !== "text" && figure.type !== "choice");
}

export async function renderCharts(
  env: ReportEnv,
  reader: Reader,
  form: FormDefinition,
  figure: Figure,
  range: PeriodRange,
  dueMonth: string,
): Promise<ChartImages> {
  const { bars, line } = await chartSvgs(env, reader, form, figure, range, dueMonth);
  return { bars: renderPng(bars), line: renderPng(line) };
}

/** The two pictures as SVG, before rendering. */
export async function chartSvgs(
  env: ReportEnv,
  reader: Reader,
  form: FormDefinition,
  figure: Figure,
  range: PeriodRange,
  dueMonth: string,
): Promise<{ bars: string; line: string }> {
  const months = monthsShown(range, dueMonth);
  const [bars, line] = await Promise.all([barsSvg(env, reader, form, figure, range, months), lineSvg(env, reader, form, figure, months.at(-1)!)]);
  return { bars, line };
}

async function barsSvg(env: ReportEnv, reader: Reader, form: FormDefinition, figure: Figure, range: PeriodRange, months: string[]): Promise<string> {
  const { locale, t } = reader;
  const units = unitsInOrder(form, env.region, locale);
  const rows = await readUnitRows(env, form, months, units);
  // A unit with a value over the range has a bar (marked * when it missed the last month); without one, words.
  const withValue = rows.filter((row) => row.values[figure.id] !== undefined);
  const without = rows.filter((row) => row.values[figure.id] === undefined);
  // A unit that reported but left this figure out has no bar either, and is not called "no report".
  const absent = (row: (typeof rows)[number]) => t(row.monthsReported > 0 ? "reports-chart-not-given" : "reports-no-report");
  withValue.sort((a, b) => (b.values[figure.id] ?? 0) - (a.values[figure.id] ?? 0));
  const label = (row: (typeof rows)[number]) => `${unitLabel(env.region, row.unitId, locale)}${row.missing ? " *" : ""}`;
  const bars: BarRow[] = [
    ...withValue.map((row) => ({ label: label(row), value: row.values[figure.id], valueText: valueText(figure, row.values[figure.id], locale) })),
    ...without.map((row) => ({ label: label(row), value: undefined, valueText: absent(row) })),
  ];
  const shown = bars.slice(0, MAX_BARS);
  const lastMonth = periodName({ locale, t }, months.at(-1)!);
  const missing = rows.filter((row) => row.missing).length;
  const reportedAny = rows.filter((row) => row.monthsReported > 0);
  const gave = reportedAny.filter((row) => row.gave.has(figure.id)).length;
  const coverage = gave < reportedAny.length ? ` · ${t("reports-figure-coverage", { given: String(gave), reported: String(reportedAny.length) })}` : "";
  const notes = [
    ...(bars.length > shown.length ? [t("reports-chart-top", { shown: String(shown.length), total: String(bars.length), missing: String(without.length) })] : []),
    ...(missing > 0 ? [t("reports-chart-missing-mark", { month: lastMonth })] : []),
  ];
  return barChartSvg({
    title: figureLabel(figure, locale, months.length),
    subtitle: `${formLabel(form, locale, true)} · ${periodLabel(range, months, { locale, t })} · ${t("reports-chart-reported", {
      month: lastMonth,
      reported: String(rows.length - missing),
      expected: String(rows.length),
    })}${coverage}`,
    rows: shown,
    ...(notes.length > 0 ? { footnote: notes.join(" ") } : {}),
  });
}

async function lineSvg(env: ReportEnv, reader: Reader, form: FormDefinition, figure: Figure, lastMonth: string): Promise<string> {
  const { locale, t } = reader;
  const months = twelveMonthsTo(lastMonth);
  const totals = await env.store.totals.readTotals(form, months, { listUnitsFor: [] });
  const expected = formUnitIds(form, env.region).length;
  const points = totals.map((month) => {
    const raw = figure.monthAggregation === "last" ? month.last[figure.id] : month.values[figure.id];
    const value = month.reportedCount > 0 || (raw ?? 0) !== 0 ? raw : undefined;
    const first = month === totals[0] || month.month.endsWith("-01");
    return {
      label: monthLabel(month.month, locale),
      year: first ? month.month.slice(0, 4) : "",
      value,
      valueText: value === undefined ? "" : valueText(figure, value, locale),
      incomplete: value !== undefined && month.reportedCount < expected,
    };
  });
  const incomplete = totals.filter((_, i) => points[i]!.incomplete);
  const footnote =
    incomplete.length === 0
      ? undefined
      : t("reports-chart-incomplete", {
          months: incomplete
            .map((month) => t("reports-chart-incomplete-month", { month: periodName({ locale, t }, month.month), reported: String(month.reportedCount), expected: String(expected) }))
            .join(", "),
        });
  return lineChartSvg({
    // Twelve months side by side: the words that fit a month each and the trend (the subtitle says "by month").
    title: figureLabel(figure, locale, months.length),
    subtitle: t("reports-chart-line-subtitle", {
      region: env.region.names[locale],
      from: periodName({ locale, t }, months[0]!),
      to: periodName({ locale, t }, lastMonth),
    }),
    points,
    axisText: (value) => valueText(figure, value, locale),
    ...(footnote ? { footnote } : {}),
  });
}

export function twelveMonthsTo(lastMonth: string): string[] {
  const { year, month } = monthParts(lastMonth);
  return Array.from({ length: 12 }, (_, i) => {
    const index = year * 12 + (month - 1) - 11 + i;
    return monthId(Math.floor(index / 12), (index % 12) + 1);
  });
}

/** "янв", "қаң", "Jan": short enough for 12 labels across a phone-width picture (the year goes below). */
function monthLabel(month: string, locale: Reader["locale"]): string {
  let formatter = shortMonth.get(locale);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" });
    shortMonth.set(locale, formatter);
  }
  const { year, month: m } = monthParts(month);
  return formatter.format(Date.UTC(year, m - 1, 15)).replace(/\.$/, "");
}
