// Words officials put around numbers: multipliers and currency. Number formatting, not interface text.
import type { Locale } from "./locale.ts";

export type PowerOfThousand = 3 | 6 | 9;

/** Accepted in every locale: people mix languages ("1,5 mln" in a Russian chat). Case-insensitive. */
export const MULTIPLIER_WORDS: Record<PowerOfThousand, readonly string[]> = {
  3: ["тыс", "тысяч", "тысяча", "тысячи", "мың", "k", "thousand", "thousands", "thsd"],
  6: ["млн", "миллион", "миллиона", "миллионов", "mln", "m", "mn", "million", "millions"],
  9: ["млрд", "миллиард", "миллиарда", "миллиардов", "mlrd", "bn", "billion", "billions"],
};

/** Currency words ignored in money figures. */
export const CURRENCY_WORDS: readonly string[] = ["тенге", "теңге", "тг", "tenge", "kzt", "₸"];

/** Short words for compact figures: "17,9 млрд ₸", "17.9 billion ₸". */
export const COMPACT_WORDS: Record<Locale, Record<PowerOfThousand, string>> = {
  kk: { 3: "мың", 6: "млн", 9: "млрд" },
  ru: { 3: "тыс.", 6: "млн", 9: "млрд" },
  en: { 3: "thousand", 6: "million", 9: "billion" },
};

export const CURRENCY_SIGN = "₸";
