// What changed in a report, figure by figure ("Seminars held: 2 → 4"), as /history and the leadership's notice of a
// correction after the lock show it.
import { isNumericFigure, type Figure, type FormDefinition } from "./forms.ts";
import type { Locale } from "./locale.ts";
import { NO_VALUE, choiceLabel, formatFigureValue } from "./numbers.ts";

type Values = Readonly<Record<string, number | string | undefined>>;

/** A stored value as the reader writes it; "—" when there is none. */
export function showValue(figure: Figure, value: number | string | undefined, locale: Locale): string {
  if (value === undefined || value === "") return NO_VALUE;
  if (isNumericFigure(figure)) return formatFigureValue(Number(value), figure, locale);
  if (figure.type === "choice") return choiceLabel(figure, String(value), locale) ?? String(value);
  return String(value);
}

/** "label: old → new" for each figure whose value differs, in the form's order; every value when `before` is undefined. */
export function changeLines(form: Pick<FormDefinition, "figures">, before: Values | undefined, after: Values, locale: Locale): string[] {
  const lines: string[] = [];
  for (const figure of form.figures) {
    const next = after[figure.id];
    if (before === undefined) {
      if (next !== undefined) lines.push(`• ${figure.label[locale]}: ${showValue(figure, next, locale)}`);
      continue;
    }
    const previous = before[figure.id];
    if (previous === next) continue;
    lines.push(`• ${figure.label[locale]}: ${showValue(figure, previous, locale)} → ${showValue(figure, next, locale)}`);
  }
  return lines;
}
