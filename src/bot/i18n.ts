// Fluent translations from locales/, in the language negotiated per update (or given explicitly outside a chat).
import { I18n } from "@grammyjs/i18n";
import { fileURLToPath } from "node:url";
import type { Context } from "grammy";
import { LOCALES, type Locale } from "../domain/locale.ts";

export const DEFAULT_LOCALE: Locale = "ru";
export const LOCALES_DIR = fileURLToPath(new URL("../../locales", import.meta.url));

export type Translator = (locale: Locale, key: string, variables?: Record<string, string | number>) => string;

export function createI18n<C extends Context & { locale: Locale }>(): I18n<C> {
  return new I18n<C>({
    defaultLocale: DEFAULT_LOCALE,
    directory: LOCALES_DIR,
    useSession: false,
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.locale,
  });
}

export function translatorOf(i18n: I18n<never>): Translator {
  return (locale, key, variables) => i18n.t(locale, key, variables);
}

/** The language a person gets: their saved choice, else Telegram's language when we speak it, else Russian. */
export function negotiateLocale(saved: Locale | undefined, telegramLanguage: string | undefined): Locale {
  if (saved) return saved;
  const base = telegramLanguage?.slice(0, 2).toLowerCase();
  return (LOCALES as readonly string[]).includes(base ?? "") ? (base as Locale) : DEFAULT_LOCALE;
}
