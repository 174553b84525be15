// /totals: each form's key figures for the month due and the year so far, with completeness and changes.
import type { FormDefinition } from "../domain/forms.ts";
import type { PeriodRange } from "../domain/periods.ts";
import { duePeriod, formatDate, formatPeriod } from "../domain/periods.ts";
import { capitalize, changeText, completenessText, escapeHtml, formLabel, keyFigures, packMessages, shareText, valueText } from "./format.ts";
import { monthParts } from "./periods.ts";
import type { RegionalReading } from "./regional.ts";
import { percentChange, readRegional } from "./regional.ts";
import type { Reader, ReportEnv } from "./types.ts";

export const MESSAGE_LIMIT = 4096;

/** Forms the totals can be kept for: monthly ones (the maintained totals are per month). */
export function monthlyForms(forms: readonly FormDefinition[]): FormDefinition[] {
  return forms.filter((form) => form.periodType === "monthly");
}

export interface FormTotals {
  form: FormDefinition;
  month: RegionalReading;
  yearToDate: RegionalReading;
}

/** The month due now and the year so far of each form, in one round trip per form (all sent at once). */
export async function readFormTotals(env: ReportEnv, forms: readonly FormDefinition[], now: Date): Promise<FormTotals[]> {
  return Promise.all(
    monthlyForms(forms).map(async (form) => {
      const due = monthParts(duePeriod(form, now, env.timeZone));
      const ranges: PeriodRange[] = [
        { kind: "month", ...due },
        { kind: "ytd", ...due },
      ];
      const [month, yearToDate] = await readRegional(env, form, ranges, duePeriod(form, now, env.timeZone));
      return { form, month: month!, yearToDate: yearToDate! };
    }),
  );
}

/** The /totals text (HTML), as one message or, with many forms, several: none over Telegram's limit. */
export function totalsMessages(env: ReportEnv, reader: Reader, totals: readonly FormTotals[], now: Date): string[] {
  const title = reader.t("reports-totals-title", {
    region: escapeHtml(env.region.names[reader.locale]),
    date: formatDate(now, reader.locale, env.timeZone),
  });
  if (totals.length === 0) return [`${title}\n\n${reader.t("reports-no-forms")}`];
  const blocks = totals.map((item) => formBlock(env, reader, item));
  return packMessages([title, ...blocks], MESSAGE_LIMIT);
}

/** One form's part of /totals (HTML): the month due and the year so far, completeness, changes. */
export function formBlock(env: ReportEnv, reader: Reader, { form, month, yearToDate }: FormTotals): string {
  const { locale, t } = reader;
  const monthName = capitalize(formatPeriod(month.range, locale), locale);
  const ytdName = capitalize(formatPeriod(yearToDate.range, locale), locale);
  const lines = [`<b>${escapeHtml(formLabel(form, locale))}</b>`];
  lines.push(t("reports-totals-month", { period: monthName, completeness: completenessText(reader, env.region, month.completeness) }));
  if (!month.current.hasData && !yearToDate.current.hasData) {
    lines.push(t("reports-no-data"));
    return lines.join("\n");
  }
  for (const figure of keyFigures(form)) {
    lines.push(`• ${escapeHtml(figure.label[locale])}`);
    lines.push(`   ${monthName}: ${valueText(figure, month.current.values[figure.id], locale)}${changes(reader, figure.id, month)}`);
    // A "last" figure (an allocation, a cumulative sum) is the same for the month and the year so far: said once.
    if (figure.monthAggregation === "sum") {
      lines.push(`   ${ytdName}: ${valueText(figure, yearToDate.current.values[figure.id], locale)}${changes(reader, figure.id, yearToDate)}`);
    }
  }
  for (const derived of form.derived) {
    lines.push(`• ${escapeHtml(derived.label[locale])}`);
    lines.push(`   ${monthName}: ${shareText(month.current.derived[derived.id], locale)}`);
    lines.push(`   ${ytdName}: ${shareText(yearToDate.current.derived[derived.id], locale)}`);
  }
  if (!yearToDate.lastYear) lines.push(t("reports-no-last-year", { year: String(yearToDate.range.year - 1) }));
  return lines.join("\n");
}

/** " (+4,2 % on the previous month; −1,0 % on the same period of 2015)", or nothing when there is nothing to compare. */
export function changesText(reader: Reader, figureId: string, reading: RegionalReading): string {
  return changes(reader, figureId, reading);
}

function changes(reader: Reader, figureId: string, reading: RegionalReading): string {
  const value = reading.current.hasData ? reading.current.values[figureId] : undefined;
  const parts: string[] = [];
  const previous = percentChange(value, reading.previous?.values[figureId]);
  const previousKey = reading.range.kind === "quarter" ? "reports-vs-previous-quarter" : "reports-vs-previous-month";
  if (previous !== undefined) parts.push(reader.t(previousKey, { change: changeText(previous, reader.locale) }));
  const lastYear = percentChange(value, reading.lastYear?.values[figureId]);
  if (lastYear !== undefined) {
    parts.push(reader.t("reports-vs-last-year", { change: changeText(lastYear, reader.locale), year: String(reading.range.year - 1) }));
  }
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}
