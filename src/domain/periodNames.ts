// Month names and dates in words, as officials write them (periods in words: reports/format.ts periodName, from the locales).
import type { Locale } from "./locale.ts";
import { localDateParts } from "./zonedTime.ts";

/** Twelve names per locale, made once: every heading of every question shows one. */
const monthNames = new Map<Locale, string[]>();

/** Standalone month name: kk "қазан", ru "октябрь", en "October". */
export function monthName(month: number, locale: Locale): string {
  let names = monthNames.get(locale);
  if (names === undefined) {
    const formatter = new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" });
    // Kazakh and Russian write month names in lower case inside a phrase.
    names = Array.from({ length: 12 }, (_, i) => {
      const name = formatter.format(Date.UTC(2000, i, 15));
      return locale === "en" ? name : name.toLocaleLowerCase(locale);
    });
    monthNames.set(locale, names);
  }
  return names[month - 1] ?? String(month);
}

/**
 * How a month's name is written, lower case: standalone and inside a date (ru "октябрь", "октября"), and its
 * abbreviation without the dot ("окт", "қаз", "oct"). For reading typed text; the same tables as monthName.
 */
export function monthNameForms(month: number, locale: Locale): { names: string[]; abbreviation: string } {
  const date = Date.UTC(2000, month - 1, 15);
  const inDate = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", timeZone: "UTC" }).formatToParts(date).find((part) => part.type === "month")?.value;
  const short = new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" }).format(date).replace(/\.$/, "");
  const names = [monthName(month, locale), inDate ?? ""].filter(Boolean).map((name) => name.toLocaleLowerCase(locale));
  return { names: [...new Set(names)], abbreviation: short.toLocaleLowerCase(locale) };
}

const ruDateFormatters = new Map<string, Intl.DateTimeFormat>();

/** Built once per zone: a new Intl.DateTimeFormat costs about 30 µs. */
function ruDateFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = ruDateFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("ru", { day: "numeric", month: "long", year: "numeric", timeZone });
    ruDateFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** kk "2016 жылғы 31 желтоқсан", ru "31 декабря 2016 г.", en "31 December 2016"; with `time`, ", 18:05" after it. */
export function formatDate(date: Date, locale: Locale, timeZone: string, opts: { time?: boolean } = {}): string {
  const p = localDateParts(date, timeZone);
  const day =
    locale === "kk"
      ? `${p.year} жылғы ${p.day} ${monthName(p.month, locale)}`
      : locale === "ru"
        ? ruDateFormatter(timeZone).format(date)
        : `${p.day} ${monthName(p.month, locale)} ${p.year}`;
  if (opts.time !== true) return day;
  return `${day}, ${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
}
