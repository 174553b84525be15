// Small pieces every report text shares: values, changes, shares, lists of unit names, HTML escaping.
import type { Completeness, DerivedValue } from "../domain/aggregate.ts";
import type { Figure, FormDefinition } from "../domain/forms.ts";
import { numericFigures } from "../domain/forms.ts";
import type { Locale } from "../domain/locale.ts";
import { NO_VALUE, formatFigureValue, formatNumber, formatShare, withPercent } from "../domain/numbers.ts";
import type { Region } from "../domain/region.ts";
import { parsePeriodId, type PeriodRange } from "../domain/periodIds.ts";
import { monthName } from "../domain/periodNames.ts";
import type { Reader } from "./types.ts";

/** Names of missing units listed before "and N more": a region of 3,500 units still gets a short line. */
export const MAX_NAMES_LISTED = 10;

/** "октябрь 2016" → "Октябрь 2016" at the start of a line. */
export function capitalize(text: string, locale: Locale): string {
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Each region's units by id, made at the first lookup (a region of 3,500 units was searched in full per name). */
const unitsById = new WeakMap<Region, Map<string, Region["units"][number]>>();

export function unitLabel(region: Region, unitId: string, locale: Locale): string {
  let byId = unitsById.get(region);
  if (byId === undefined) unitsById.set(region, (byId = new Map(region.units.map((unit) => [unit.id, unit]))));
  return byId.get(unitId)?.names[locale] ?? unitId;
}

export function formLabel(form: FormDefinition, locale: Locale, short = false): string {
  return (short ? form.shortNames?.[locale] : undefined) ?? form.names[locale];
}

const ROMAN = ["I", "II", "III", "IV"];

/**
 * A period in words, from the locale's period-* messages: kk "2016 жылғы қазан", "2016 жылғы I тоқсан"; ru "октябрь
 * 2016", "I квартал 2016", "январь–октябрь 2016"; en "Q1 2016". Month names come from Intl, as everywhere.
 */
export function periodName(reader: Reader, period: PeriodRange | string): string {
  const range = typeof period === "string" ? parsePeriodId(period) : period;
  const year = String(range.year);
  switch (range.kind) {
    case "month":
      return reader.t("period-month", { month: monthName(range.month, reader.locale), year });
    case "ytd":
      if (range.month === 1) return reader.t("period-month", { month: monthName(1, reader.locale), year });
      return reader.t("period-months", { from: monthName(1, reader.locale), to: monthName(range.month, reader.locale), year });
    case "quarter":
      return reader.t("period-quarter", { quarter: String(range.quarter), roman: ROMAN[range.quarter - 1] ?? String(range.quarter), year });
    case "year":
      return reader.t("period-year", { year });
  }
}

/** The figures a summary shows: the form's key figures that have a regional total (numeric, adding up over units). */
export function keyFigures(form: FormDefinition): Figure[] {
  const byId = new Map(numericFigures(form).map((figure) => [figure.id, figure]));
  return form.keyFigures.map((id) => byId.get(id)).filter((figure): figure is Figure => figure !== undefined);
}

export function totalledKeyFigures(form: FormDefinition): Figure[] {
  return keyFigures(form).filter((figure) => figure.unitAggregation === "sum");
}

/** A value or the no-value dash; money compact to three significant digits ("1,05 млрд ₸"), counts in full ("91 337"). */
export function valueText(figure: Figure, value: number | undefined, locale: Locale): string {
  if (value === undefined) return NO_VALUE;
  return formatFigureValue(value, figure, locale, { compact: figure.type === "money" });
}

/** A value in full, as stored: exact tenge for money ("1 049 000 000 ₸"): the per-unit view and the spreadsheet. */
export function exactValueText(figure: Figure, value: number | undefined, locale: Locale): string {
  return value === undefined ? NO_VALUE : formatFigureValue(value, figure, locale);
}

export function shareText(derived: DerivedValue | undefined, locale: Locale): string {
  return derived === undefined ? NO_VALUE : formatShare(derived.numerator, derived.denominator, locale);
}

/** "+4,2 %", "−3,1 %", "0,0 %" (en "+4.2%"). */
export function changeText(percent: number, locale: Locale): string {
  const rounded = Math.round(percent * 10) / 10;
  const sign = rounded > 0 ? "+" : rounded < 0 ? "−" : "";
  return withPercent(`${sign}${formatNumber(Math.abs(rounded), locale, 1)}`, locale);
}

/** "Uygur District, Kerbulak District and 3 more". */
export function namesList(reader: Reader, region: Region, unitIds: readonly string[], max = MAX_NAMES_LISTED): string {
  const names = unitIds.slice(0, max).map((id) => unitLabel(region, id, reader.locale));
  const rest = unitIds.length - names.length;
  return rest > 0 ? reader.t("reports-names-more", { names: names.join(", "), count: String(rest) }) : names.join(", ");
}

/** "18 of 19 units reported; missing: Uygur District" (the names escaped for HTML). */
export function completenessText(reader: Reader, region: Region, state: Completeness): string {
  const counts = { reported: String(state.reported.length), expected: String(state.expected.length) };
  if (state.missing.length === 0) return reader.t("reports-complete", counts);
  return reader.t("reports-incomplete", { ...counts, missing: escapeHtml(namesList(reader, region, state.missing)) });
}

/** Splits blocks into messages of at most `limit` characters, never inside a block (a block longer than that is cut). */
export function packMessages(blocks: readonly string[], limit: number, separator = "\n\n"): string[] {
  const messages: string[] = [];
  let current = "";
  for (const block of blocks) {
    const piece = block.length > limit ? `${block.slice(0, limit - 1)}…` : block;
    if (current === "") current = piece;
    else if (current.length + separator.length + piece.length <= limit) current += separator + piece;
    else {
      messages.push(current);
      current = piece;
    }
  }
  if (current !== "") messages.push(current);
  return messages;
}
