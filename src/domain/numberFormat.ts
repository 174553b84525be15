// Writes numbers as officials write them: ru/kk "91 337", "17,9 млрд ₸", "88,4 %"; en "91,337", "17.9 billion ₸", "88.4%".
import type { Figure } from "./forms.ts";
import { isNumericFigure } from "./forms.ts";
import type { Locale } from "./locale.ts";
import { CURRENCY_SIGN, type PowerOfThousand } from "./numberWords.ts";

const NBSP = "\u00a0";
const GROUP_SEPARATOR: Record<Locale, string> = { kk: NBSP, ru: NBSP, en: "," };
const DECIMAL_SEPARATOR: Record<Locale, string> = { kk: ",", ru: ",", en: "." };
/** An em dash stands for a share that cannot be computed (nothing to divide by). */
export const NO_VALUE = "—";

/** `scaled` is an integer: the number times 10^decimals. Exact for any safe integer. */
export function formatScaled(scaled: number, decimals: number, locale: Locale): string {
  const digits = Math.abs(Math.round(scaled)).toString().padStart(decimals + 1, "0");
  const integer = digits.slice(0, digits.length - decimals).replace(/\B(?=(\d{3})+$)/g, GROUP_SEPARATOR[locale]);
  const fraction = decimals > 0 ? DECIMAL_SEPARATOR[locale] + digits.slice(digits.length - decimals) : "";
  return `${scaled < 0 && /[1-9]/.test(digits) ? "-" : ""}${integer}${fraction}`;
}

/** A plain number rounded to exactly `decimals` fraction digits. */
export function formatNumber(n: number, locale: Locale, decimals: number): string {
  return formatScaled(Math.round(n * 10 ** decimals), decimals, locale);
}

export function withPercent(text: string, locale: Locale): string {
  return locale === "en" ? `${text}%` : `${text}${NBSP}%`;
}

/** numerator / denominator as a percentage with one decimal; a dash when the denominator is 0. */
export function formatShare(numerator: number, denominator: number, locale: Locale): string {
  if (denominator === 0 || !Number.isFinite(numerator / denominator)) return NO_VALUE;
  return withPercent(formatNumber((numerator / denominator) * 100, locale, 1), locale);
}

const compactWords = new Map<string, string>();

/**
 * The word of a compact figure, CLDR's through Intl as month names are: kk "мың", "млн", "млрд"; ru "тыс.", "млн",
 * "млрд"; en "thousand", "million", "billion" (English spells them out: "17.9 B" reads as a typo).
 */
export function compactWord(power: PowerOfThousand, locale: Locale): string {
  const key = `${locale}${power}`;
  let word = compactWords.get(key);
  if (word === undefined) {
    const format = new Intl.NumberFormat(locale, { notation: "compact", compactDisplay: locale === "en" ? "long" : "short" });
    word = format.formatToParts(10 ** power).find((part) => part.type === "compact")?.value ?? "";
    compactWords.set(key, word);
  }
  return word;
}

/** Significant digits of a compact number: "1,05 млрд", "17,9 млрд", "441 млн" read aloud without misleading. */
export const COMPACT_DIGITS = 3;

/**
 * 17 900 000 000 → "17,9 млрд", 1 049 000 000 → "1,05 млрд": three significant digits, trailing zeros dropped;
 * below a thousand the number is written out (undefined).
 */
export function formatCompact(n: number, locale: Locale): string | undefined {
  const size = Math.abs(n);
  if (size < 1000) return undefined;
  // Rounded to three significant digits first, so 999 960 is "1 млн", not "1 000 тыс.", and 9 996 000 is "10 млн".
  let exponent = Math.floor(Math.log10(size));
  const step = 10 ** (exponent - (COMPACT_DIGITS - 1));
  const rounded = Math.round(size / step) * step;
  if (rounded >= 10 ** (exponent + 1)) exponent += 1;
  const power = ([9, 6, 3] as const).find((p) => exponent >= p) ?? 3;
  let decimals = Math.max(0, COMPACT_DIGITS - 1 - (exponent - power));
  let scaled = Math.round(rounded / 10 ** (power - decimals));
  while (decimals > 0 && scaled % 10 === 0) {
    scaled /= 10;
    decimals -= 1;
  }
  const text = formatScaled(scaled, decimals, locale);
  return `${n < 0 ? "-" : ""}${text}${NBSP}${compactWord(power, locale)}`;
}

/** A stored figure value (scaled integer) for reading: money with ₸, percentages with %, never the unit word. */
export function formatFigureValue(value: number, figure: Figure, locale: Locale, opts: { compact?: boolean } = {}): string {
  if (!isNumericFigure(figure)) throw new Error(`formatFigureValue: figure "${figure.id}" is ${figure.type}, not numeric`);
  if (figure.type === "percentage") return withPercent(formatScaled(value, figure.decimals, locale), locale);
  const compact = opts.compact === true ? formatCompact(value / 10 ** figure.decimals, locale) : undefined;
  const text = compact ?? formatScaled(value, figure.decimals, locale);
  return figure.type === "money" ? `${text}${NBSP}${CURRENCY_SIGN}` : text;
}
