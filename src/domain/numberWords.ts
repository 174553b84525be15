// Words officials put around numbers: multipliers and currency. Those read in answers come from the locales
// (number-words-*), handed in by the bot; the words of compact figures ("17,9 млрд") are CLDR's, through Intl
// (numberFormat.ts), as month names are.
export type PowerOfThousand = 3 | 6 | 9;

/** The words read around a typed number: multipliers ("млрд", "тыс", "mln") and currency ("тенге", "₸"). */
export interface NumberInputWords {
  multipliers: Record<PowerOfThousand, readonly string[]>;
  currency: readonly string[];
}

/** One language's lists as the locales write them, comma-separated: "тыс, тысяч, тысяча, тысячи". */
export interface NumberWordLists {
  thousand: string;
  million: string;
  billion: string;
  currency: string;
}

/** Every language's words accepted in every locale: people mix languages ("1,5 mln" in a Russian chat). Case-insensitive. */
export function numberInputWords(languages: readonly NumberWordLists[]): NumberInputWords {
  const words = (pick: (lists: NumberWordLists) => string) => [
    ...new Set(languages.flatMap((lists) => pick(lists).split(",")).map((word) => word.trim().toLowerCase()).filter(Boolean)),
  ];
  return { multipliers: { 3: words((l) => l.thousand), 6: words((l) => l.million), 9: words((l) => l.billion) }, currency: words((l) => l.currency) };
}

export const CURRENCY_SIGN = "₸";
