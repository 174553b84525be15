// Fluent translations from locales/, in the language negotiated per update (or given explicitly outside a chat).
import { I18n } from "@grammyjs/i18n";
import { fileURLToPath } from "node:url";
import type { Context } from "grammy";
import { LOCALES, type Locale } from "../domain/locale.ts";
import { withKazakhSuffix, type KazakhSuffix } from "../domain/kazakhSuffix.ts";

export const DEFAULT_LOCALE: Locale = "ru";
export const LOCALES_DIR = fileURLToPath(new URL("../../locales", import.meta.url));

/** A value as Fluent shows it: numbers formatted as in Kazakh text ("91 337"), strings as they are. */
function shown(arg: unknown): string {
  if (typeof arg === "string") return arg;
  const { value, opts } = arg as { value?: unknown; opts?: Intl.NumberFormatOptions };
  if (typeof value === "number") return new Intl.NumberFormat("kk", opts).format(value);
  return String(arg);
}

const suffixFunction = (kind: KazakhSuffix) => (positional: unknown[]) => withKazakhSuffix(shown(positional[0]), kind);

/**
 * Kazakh case endings chosen by vowel harmony and the last sound of the value (domain/kazakhSuffix.ts), for the
 * Kazakh messages: `{ DATIVE($until) } дейін` shows "2016 жылғы 5 қараша, 18:00-ге дейін".
 */
export const FLUENT_FUNCTIONS = {
  DATIVE: suffixFunction("dative"),
  LOCATIVE: suffixFunction("locative"),
  ABLATIVE: suffixFunction("ablative"),
  GENITIVE: suffixFunction("genitive"),
  ACCUSATIVE: suffixFunction("accusative"),
  POSSESSIVE: suffixFunction("possessive"),
  WITH: suffixFunction("instrumental"),
  ORDINAL: suffixFunction("ordinal"),
};

export type Translator = (locale: Locale, key: string, variables?: Record<string, string | number>) => string;

export function createI18n<C extends Context & { locale: Locale }>(): I18n<C> {
  return new I18n<C>({
    defaultLocale: DEFAULT_LOCALE,
    directory: LOCALES_DIR,
    useSession: false,
    fluentBundleOptions: { useIsolating: false, functions: FLUENT_FUNCTIONS as never },
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
