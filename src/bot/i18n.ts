// Fluent translations from locales/, in the language negotiated per update (or given explicitly outside a chat).
import { I18n } from "@grammyjs/i18n";
import { fileURLToPath } from "node:url";
import type { Context } from "grammy";
import { LOCALES, type Locale } from "../domain/locale.ts";
import { withKazakhSuffix, type KazakhSuffix } from "../domain/kazakhSuffix.ts";

export const DEFAULT_LOCALE: Locale = "ru";
export const LOCALES_DIR = fileURLToPath(new URL("../../locales", import.meta.url));

const kazakhNumbers = new Intl.NumberFormat("kk");

/** A value as Fluent shows it: numbers formatted as in Kazakh text ("91 337"), strings as they are. */
function shown(arg: unknown): string {
  if (typeof arg === "string") return arg;
  const { value, opts } = arg as { value?: unknown; opts?: Intl.NumberFormatOptions };
  if (typeof value === "number") return (opts && Object.keys(opts).length > 0 ? new Intl.NumberFormat("kk", opts) : kazakhNumbers).format(value);
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

/** The part of @grammyjs/i18n 1.1's Fluent (private in its types) that finds the bundles for a locale. */
interface BundleMatching {
  matchBundles(locales: readonly string[]): Set<unknown>;
}

/**
 * Every translation asks Fluent which bundles serve the locale, and @grammyjs/i18n 1.1 negotiates that anew each time
 * (Intl.Locale objects, arrays and sets per call: a seventh of what the bot allocated per update). The bundles are all
 * loaded in the constructor and never change, so the answer is kept per locale list. If a later version renames the
 * method, this does nothing and translations stay right, only slower.
 */
function matchBundlesOnce(i18n: I18n<never>): void {
  const fluent = i18n.fluent as unknown as Partial<BundleMatching>;
  const match = fluent.matchBundles;
  if (typeof match !== "function") return;
  const matched = new Map<string, Set<unknown>>();
  fluent.matchBundles = (locales) => {
    const key = locales.join(",");
    let bundles = matched.get(key);
    if (bundles === undefined) {
      bundles = match.call(fluent, locales);
      matched.set(key, bundles);
    }
    return bundles;
  };
}

export function createI18n<C extends Context & { locale: Locale }>(): I18n<C> {
  const i18n = new I18n<C>({
    defaultLocale: DEFAULT_LOCALE,
    directory: LOCALES_DIR,
    useSession: false,
    fluentBundleOptions: { useIsolating: false, functions: FLUENT_FUNCTIONS as never },
    localeNegotiator: (ctx) => ctx.locale,
  });
  matchBundlesOnce(i18n as I18n<never>);
  return i18n;
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
