// /totals: each form's key figures for the month due and the year so far, with completeness and changes.
import type { DerivedIndicator, FormDefinition } from "../domain/forms.ts";
import { figureById, figureLabel } from "../domain/forms.ts";
import { NO_VALUE, formatShare } from "../domain/numbers.ts";
import type { CoveredShare } from "./coverage.ts";
import type { PeriodRange } from "../domain/periods.ts";
import { duePeriod, formatDate } from "../domain/periods.ts";
import { capitalize, changeText, completenessText, escapeHtml, formLabel, keyFigures, packMessages, valueText, periodName } from "./format.ts";
import { monthParts } from "./periods.ts";
import type { RegionalReading } from "./regional.ts";
import { comparedValues, comparisonBasis, percentChange, readRegional } from "./regional.ts";
import type { ComparedWith } from "./regional.ts";
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
  const monthName = capitalize(periodName({ locale, t }, month.range), locale);
  const ytdName = capitalize(periodName({ locale, t }, yearToDate.range), locale);
  const lines = [`<b>${escapeHtml(formLabel(form, locale))}</b>`];
  lines.push(t("reports-totals-month", { period: monthName, completeness: completenessText(reader, env.region, month.completeness) }));
  if (!month.current.hasData && !yearToDate.current.hasData) {
    lines.push(t("reports-no-data"));
    return lines.join("\n");
  }
  for (const figure of keyFigures(form)) {
    // The label stands beside the month and the year so far: the one for a sum of months fits both.
    lines.push(`• ${escapeHtml(figureLabel(figure, locale, yearToDate.months.length))}`);
    lines.push(`   ${monthName}: ${valueText(figure, month.current.values[figure.id], locale)}${figureRemarks(reader, figure.id, month)}`);
    // A "last" figure (an allocation, a cumulative sum) is the same for the month and the year so far: said once.
    if (figure.monthAggregation === "sum") {
      lines.push(`   ${ytdName}: ${valueText(figure, yearToDate.current.values[figure.id], locale)}${figureRemarks(reader, figure.id, yearToDate)}`);
    }
  }
  for (const derived of form.derived) {
    lines.push(`• ${escapeHtml(derived.label[locale])}`);
    lines.push(`   ${monthName}: ${regionShareLine(reader, derived, month, false)}`);
    lines.push(`   ${ytdName}: ${regionShareLine(reader, derived, yearToDate, false)}`);
  }
  lines.push(...[...new Set([...comparisonNotes(reader, month), ...comparisonNotes(reader, yearToDate)])]);
  if (!yearToDate.lastYear) lines.push(t("reports-no-last-year", { year: String(yearToDate.range.year - 1) }));
  return lines.join("\n");
}

/**
 * What stands beside a figure's total, in one pair of brackets: how many gave it when not all did, and the changes
 * " (given by 15 of 18; +4,2 % on the previous month; −1,0 % on the same period of 2015)"; nothing when there is none.
 */
export function figureRemarks(reader: Reader, figureId: string, reading: RegionalReading): string {
  const parts = [coverageText(reader, figureId, reading), ...changes(reader, figureId, reading)].filter((part) => part !== "");
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

/** " (+4,2 % on the previous month; −1,0 % on the same period of 2015)", or nothing when there is nothing fair to compare. */
export function changesText(reader: Reader, figureId: string, reading: RegionalReading): string {
  const parts = changes(reader, figureId, reading);
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

function changes(reader: Reader, figureId: string, reading: RegionalReading): string[] {
  const parts: string[] = [];
  const change = (which: ComparedWith) => {
    const values = comparedValues(reading, which, figureId);
    return values && percentChange(...values);
  };
  const previous = change("previous");
  const previousKey = reading.range.kind === "quarter" ? "reports-vs-previous-quarter" : "reports-vs-previous-month";
  if (previous !== undefined) parts.push(reader.t(previousKey, { change: changeText(previous, reader.locale) }));
  const lastYear = change("lastYear");
  if (lastYear !== undefined) {
    parts.push(reader.t("reports-vs-last-year", { change: changeText(lastYear, reader.locale), year: String(reading.range.year - 1) }));
  }
  return parts;
}

/** "given by 15 of 18" when some units that reported left the figure out; "" when all gave it. */
export function coverageText(reader: Reader, figureId: string, reading: RegionalReading): string {
  const coverage = reading.current.hasData ? reading.basis?.coverage?.figures[figureId] : undefined;
  if (!coverage || coverage.given >= coverage.reported) return "";
  return reader.t("reports-figure-coverage", { given: String(coverage.given), reported: String(coverage.reported) });
}

/** The region's share over the units that gave every part (undefined when it cannot be told). */
export function regionShare(reading: RegionalReading, derived: DerivedIndicator): CoveredShare | undefined {
  if (!reading.current.hasData) return undefined;
  if (reading.basis?.coverage) return reading.basis.coverage.shares[derived.id];
  // Without the units' reports, totals give a fair share only when no part can be left out.
  const parts = [...derived.numerator, ...derived.denominator].map((id) => figureById(reading.form, id));
  const value = reading.current.derived[derived.id];
  if (!value || parts.some((figure) => figure?.required !== true)) return undefined;
  const units = reading.completeness.reported.length;
  return { ...value, units, reported: units };
}

/** The share ("87,7 %") and what it stands on when not every unit gave all parts (" (over the 16 of 19 that gave every part)"). */
export function regionShareText(reader: Reader, derived: DerivedIndicator, reading: RegionalReading): { share: string; remark: string } {
  const share = regionShare(reading, derived);
  if (!share || share.units === 0) return { share: NO_VALUE, remark: "" };
  const text = formatShare(share.numerator, share.denominator, reader.locale);
  if (share.units >= share.reported) return { share: text, remark: "" };
  return { share: text, remark: ` ${reader.t("reports-share-coverage", { units: String(share.units), reported: String(share.reported) })}` };
}

/** A share as a line's value, bold, with its remark after it. */
export function regionShareLine(reader: Reader, derived: DerivedIndicator, reading: RegionalReading, bold: boolean): string {
  const { share, remark } = regionShareText(reader, derived, reading);
  return `${bold ? `<b>${share}</b>` : share}${remark}`;
}

/** Notes under the figures saying what each change compares: the same units, none, or not yet. */
export function comparisonNotes(reader: Reader, reading: RegionalReading): string[] {
  const notes: string[] = [];
  const kinds: [ComparedWith, string][] = [
    ["previous", reading.range.kind === "quarter" ? "quarter" : "month"],
    ["lastYear", "year"],
  ];
  for (const [which, kind] of kinds) {
    const basis = comparisonBasis(reading, which);
    if (!basis || basis.kind === "all") continue;
    const year = String(reading.range.year - 1);
    if (basis.kind === "same-units") {
      notes.push(reader.t(`reports-compare-same-units-${kind}`, { common: String(basis.common), expected: String(basis.expected), year }));
    } else notes.push(reader.t(`reports-compare-${basis.kind}-${kind}`, { year }));
  }
  return notes;
}
