// The interface languages: Kazakh (the state language) first, then Russian and English.
export type Locale = "kk" | "ru" | "en";

export const LOCALES: readonly Locale[] = ["kk", "ru", "en"];

/** A text given in every interface language. */
export type Localized = Record<Locale, string>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Each language's name in itself, as a language menu shows it. */
export const LANGUAGE_NAMES: Localized = { kk: "Қазақша", ru: "Русский", en: "English" };
