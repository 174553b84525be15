// What the Mini App's API answers, built from the reports' own functions (src/reports): exact integers for every
// value, and beside them the texts formatted as the chat formats them, in the reader's language.
import type { Figure, FormDefinition } from "../domain/forms.ts";
import { formsForUnit, formUnitIds } from "../domain/forms.ts";
import type { PeriodRange } from "../domain/periods.ts";
import { formatDate } from "../domain/periods.ts";
import { formatShare } from "../domain/numbers.ts";
import { niceTicks } from "../reports/chart.ts";
import { twelveMonthsTo } from "../reports/charts.ts";
import { capitalize, changeText, formLabel, keyFigures, namesList, shareText, unitLabel, valueText, periodName } from "../reports/format.ts";
import { isShowable, mainPeriodChoices, monthParts, monthsShown, periodLabel, periodsOfYear, reportPeriodId } from "../reports/periods.ts";
import { readRegional } from "../reports/regional.ts";
import { readUnitRows, unitsInOrder, type UnitRow } from "../reports/units.ts";
import type { Reader, ReportEnv } from "../reports/types.ts";
import type { StoredReport } from "../store/reports.ts";
import { comparisonsOf, likeForLike, onTimeOf } from "./compare.ts";

/** Above this many reports (units × months) the on-time share is given for the last month only. */
export const ON_TIME_READ_LIMIT = 4000;

export interface PeriodChoice {
  id: string;
  label: string;
  kind: PeriodRange["kind"];
}

export interface PeriodGroup {
  label: string;
  periods: PeriodChoice[];
}

/** The periods offered: now (the month due, the last whole quarter, the year so far), then this year's and last year's. */
export function periodChoices(dueMonth: string, reader: Reader): { main: PeriodChoice[]; groups: PeriodGroup[] } {
  const choice = (range: PeriodRange): PeriodChoice => ({
    id: reportPeriodId(range),
    label: capitalize(periodLabel(range, monthsShown(range, dueMonth), reader), reader.locale),
    kind: range.kind,
  });
  const main = mainPeriodChoices(dueMonth).filter((range) => isShowable(range, dueMonth)).map(choice);
  const { year } = monthParts(dueMonth);
  const groups: PeriodGroup[] = [{ label: reader.t("webapp-period-group-now"), periods: main }];
  for (const shown of [year, year - 1]) {
    const { months, quarters, whole } = periodsOfYear(shown, dueMonth);
    groups.push({ label: String(shown), periods: [...whole, ...[...quarters].reverse(), ...[...months].reverse()].map(choice) });
  }
  return { main, groups };
}

export interface FigureJson {
  label: string;
  /** The region's total, an exact integer (tenge for money); null when no unit gave it for the period. */
  value: number | null;
  text: string;
  changes: { kind: string; percent: number; text: string; units: number; unitsText: string }[];
}

export interface RowJson {
  unit: string;
  name: string;
  values: Record<string, number | null>;
  texts: Record<string, string>;
  missing: boolean;
  late: boolean;
  corrected: boolean;
  monthsReported: number;
}

/** The region view of one form and period: totals with like-for-like changes, completeness, on-time share, every unit, 12-month trends. */
export async function summaryJson(env: ReportEnv, reader: Reader, form: FormDefinition, range: PeriodRange, dueMonth: string) {
  const { locale, t } = reader;
  const [reading] = await readRegional(env, form, [range], dueMonth);
  const { months, monthShown, completeness } = reading!;
  const order = unitsInOrder(form, env.region, locale);
  const comparisons = comparisonsOf(range, months);
  const [rows, baseRows, onTime, trend] = await Promise.all([
    readUnitRows(env, form, months, order),
    Promise.all(comparisons.map((comparison) => readUnitRows(env, form, comparison.months, order))),
    readOnTime(env, form, months, completeness.expected.length),
    trendJson(env, reader, form, monthShown),
  ]);
  const figures: Record<string, FigureJson> = {};
  for (const figure of keyFigures(form).filter((f) => f.unitAggregation === "sum")) {
    const given = rows.some((row) => row.values[figure.id] !== undefined);
    const total = reading!.current.hasData && given ? (reading!.current.values[figure.id] ?? null) : null;
    const changes = comparisons.flatMap((comparison, i) => {
      const change = total === null ? undefined : likeForLike(figure.id, rows, months.length, baseRows[i]!, comparison.months.length);
      if (!change) return [];
      const key = `webapp-change-${comparison.kind}`;
      return [
        {
          kind: comparison.kind,
          percent: Math.round(change.percent * 10) / 10,
          text: t(key, { change: changeText(change.percent, locale), year: String(range.year - 1) }),
          units: change.units,
          unitsText: t("webapp-change-units", { units: String(change.units), expected: String(completeness.expected.length) }),
        },
      ];
    });
    figures[figure.id] = { label: figure.label[locale], value: total, text: total === null ? t("webapp-no-value") : valueText(figure, total, locale), changes };
  }
  const derived = Object.fromEntries(
    form.derived.map((d) => {
      const value = reading!.current.derived[d.id];
      return [d.id, { label: d.label[locale], text: shareText(value, locale), numerator: value?.numerator ?? null, denominator: value?.denominator ?? null }];
    }),
  );
  const monthLabel = periodName({ locale, t }, monthShown);
  return {
    form: { id: form.id, name: formLabel(form, locale) },
    period: { id: reportPeriodId(range), kind: range.kind, label: capitalize(periodLabel(range, months, { locale, t }), locale), months, monthShown },
    hasData: reading!.current.hasData,
    noDataText: t("reports-no-data"),
    figures,
    derived,
    units: {
      expected: completeness.expected.length,
      reported: completeness.reported,
      missing: completeness.missing,
      reportedText: t("webapp-reported", { reported: String(completeness.reported.length), expected: String(completeness.expected.length) }),
      missingText:
        completeness.missing.length === 0 ? "" : t("webapp-missing", { month: monthLabel, names: namesList(reader, env.region, completeness.missing) }),
    },
    onTime: {
      ...onTime,
      text: t("webapp-on-time", {
        onTime: String(onTime.onTime),
        expected: String(onTime.expected),
        rate: formatShare(onTime.onTime, onTime.expected, locale),
        late: String(onTime.late),
      }),
    },
    table: {
      columns: keyFigures(form).map((figure) => ({ id: figure.id, label: figure.label[locale] })),
      rows: rows.map((row) => rowJson(env, reader, form, row)),
      missingMark: t("webapp-mark-missing", { month: monthLabel }),
    },
    trend,
    canRemind: range.kind === "month" && completeness.missing.length > 0,
    remindConfirm: t("webapp-remind-confirm", { month: monthLabel }),
  };
}

function rowJson(env: ReportEnv, reader: Reader, form: FormDefinition, row: UnitRow): RowJson {
  const values: Record<string, number | null> = {};
  const texts: Record<string, string> = {};
  for (const figure of keyFigures(form)) {
    const value = row.values[figure.id];
    values[figure.id] = value ?? null;
    texts[figure.id] = valueText(figure, value, reader.locale);
  }
  return {
    unit: row.unitId,
    name: unitLabel(env.region, row.unitId, reader.locale),
    values,
    texts,
    missing: row.missing,
    late: row.late,
    corrected: row.corrected,
    monthsReported: row.monthsReported,
  };
}

/** On time out of expected over the months shown; for very large regions only the last month is read. */
async function readOnTime(env: ReportEnv, form: FormDefinition, months: readonly string[], expectedUnits: number) {
  const read = expectedUnits * months.length > ON_TIME_READ_LIMIT ? months.slice(-1) : months;
  const units = formUnitIds(form, env.region);
  const reports = await Promise.all(read.map((month) => env.store.reports.getReportsForUnits(form.id, month, units)));
  return onTimeOf(new Map(read.map((month, i) => [month, reports[i]!])), expectedUnits);
}

/** The region's total of each key figure over the 12 months to `lastMonth`, with axis ticks, for a line on the page. */
export async function trendJson(env: ReportEnv, reader: Reader, form: FormDefinition, lastMonth: string) {
  const { locale } = reader;
  const months = twelveMonthsTo(lastMonth);
  const totals = await env.store.totals.readTotals(form, months, { listUnitsFor: [] });
  const figures: Record<string, { label: string; values: (number | null)[]; texts: string[]; ticks: { value: number; text: string }[] }> = {};
  for (const figure of keyFigures(form).filter((f) => f.unitAggregation === "sum")) {
    const values = totals.map((month) => {
      const raw = figure.monthAggregation === "last" ? month.last[figure.id] : month.values[figure.id];
      return month.reportedCount > 0 || (raw ?? 0) !== 0 ? (raw ?? null) : null;
    });
    const max = Math.max(0, ...values.map((v) => v ?? 0));
    figures[figure.id] = {
      label: figure.label[locale],
      values,
      texts: values.map((v) => (v === null ? "" : valueText(figure, v, locale))),
      ticks: niceTicks(max, 4).map((value) => ({ value, text: valueText(figure, value, locale) })),
    };
  }
  return {
    months: months.map((month) => ({ id: month, label: shortMonth(month, locale), year: month.endsWith("-01") || month === months[0] ? month.slice(0, 4) : "" })),
    figures,
  };
}

const shortMonths = new Map<string, Intl.DateTimeFormat>();
function shortMonth(month: string, locale: Reader["locale"]): string {
  let formatter = shortMonths.get(locale);
  if (!formatter) shortMonths.set(locale, (formatter = new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" })));
  const { year, month: m } = monthParts(month);
  return formatter.format(Date.UTC(year, m - 1, 15)).replace(/\.$/, "");
}

/** One unit's page: for each form the reader may see, its last 12 months, every version of corrected reports, the notes. */
export async function unitJson(env: ReportEnv, reader: Reader, unitId: string, forms: readonly FormDefinition[], dueMonthOf: (form: FormDefinition) => string) {
  const { locale, t } = reader;
  const ofUnit = formsForUnit([...forms], unitId);
  const blocks = await Promise.all(ofUnit.map((form) => unitFormJson(env, reader, unitId, form, dueMonthOf(form))));
  return {
    unit: { id: unitId, name: unitLabel(env.region, unitId, locale) },
    forms: blocks,
    texts: { noNotes: t("webapp-no-notes") },
  };
}

async function unitFormJson(env: ReportEnv, reader: Reader, unitId: string, form: FormDefinition, dueMonth: string) {
  const { locale, t } = reader;
  const months = twelveMonthsTo(dueMonth);
  const [history, mutes] = await Promise.all([
    env.store.reports.getUnitHistory(form.id, unitId, months),
    Promise.all(months.map((month) => env.store.calendar.mutes(form.id, month))),
  ]);
  const corrected = months.filter((month) => (history.get(month)?.version ?? 0) > 1);
  const versionLists = await Promise.all(corrected.map((month) => env.store.reports.getReportVersions(form.id, unitId, month)));
  const figures = keyFigures(form);
  const when = (at: number) => formatDate(new Date(at), locale, env.timeZone, { time: true });
  const rows = [...months].reverse().map((month) => {
    const report = history.get(month);
    const values: Record<string, number | null> = {};
    const texts: Record<string, string> = {};
    for (const figure of figures) {
      const value = numberOf(report, figure);
      values[figure.id] = value ?? null;
      texts[figure.id] = valueText(figure, value, locale);
    }
    return { month, label: capitalize(periodName({ locale, t }, month), locale), reported: report !== undefined, late: report?.late ?? false, version: report?.version ?? 0, values, texts };
  });
  const label = (month: string) => capitalize(periodName({ locale, t }, month), locale);
  const versions = corrected.map((month, i) => ({
    month,
    label: label(month),
    versions: versionLists[i]!.map((version, v, all) => ({
      version: version.version,
      title: t("webapp-version", { version: String(version.version), date: when(version.at) }),
      late: version.late,
      reason: version.reason ? t("webapp-version-reason", { reason: version.reason }) : "",
      changes: v === 0 ? [] : changedFigures(form, all[v - 1]!, version, locale, t),
    })),
  }));
  // The akims' own words: why nothing was reported, why a report was corrected (newest first).
  const notes = [
    ...months.flatMap((month, i) => {
      const mute = mutes[i]!.get(unitId);
      return mute ? [{ month, text: t("webapp-note-muted", { period: label(month), reason: mute.reason }) }] : [];
    }),
    ...corrected.flatMap((month, i) =>
      versionLists[i]!.filter((v) => v.reason).map((v) => ({ month, text: t("webapp-note-correction", { period: label(month), reason: v.reason! }) })),
    ),
  ].sort((a, b) => b.month.localeCompare(a.month));
  return {
    form: { id: form.id, name: formLabel(form, locale) },
    columns: figures.map((figure) => ({ id: figure.id, label: figure.label[locale] })),
    rows,
    versions,
    notes,
  };
}

function numberOf(report: StoredReport | undefined, figure: Figure): number | undefined {
  const value = report?.values[figure.id];
  return typeof value === "number" ? value : undefined;
}

function changedFigures(form: FormDefinition, before: StoredReport, after: StoredReport, locale: Reader["locale"], t: Reader["t"]): string[] {
  return form.figures
    .filter((figure) => figure.type !== "text" && figure.type !== "choice")
    .filter((figure) => before.values[figure.id] !== after.values[figure.id])
    .map((figure) =>
      t("webapp-version-change", { figure: figure.label[locale], from: valueText(figure, numberOf(before, figure), locale), to: valueText(figure, numberOf(after, figure), locale) }),
    );
}
