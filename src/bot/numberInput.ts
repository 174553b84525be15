// Typed numbers as the bot reads them: the domain's parser with the words officials put around numbers ("17,9 млрд",
// "500 тыс. тенге", "1,5 mln"), from every locale's number-words-* messages (loaded once).
import type { Figure } from "../domain/forms.ts";
import type { Locale } from "../domain/locale.ts";
import { LOCALES } from "../domain/locale.ts";
import { parseFigureInput as parseWith, readFigureInput as readWith, type ParseResult, type TypedReading } from "../domain/numberParse.ts";
import { numberInputWords, type NumberInputWords } from "../domain/numberWords.ts";
import { createI18n, translatorOf } from "./i18n.ts";

export type { ParseResult, TypedReading };

let loaded: NumberInputWords | undefined;

export function numberWords(): NumberInputWords {
  if (loaded === undefined) {
    const translate = translatorOf(createI18n() as never);
    loaded = numberInputWords(
      LOCALES.map((locale) => ({
        thousand: translate(locale, "number-words-thousand"),
        million: translate(locale, "number-words-million"),
        billion: translate(locale, "number-words-billion"),
        currency: translate(locale, "number-words-currency"),
      })),
    );
  }
  return loaded;
}

export function parseFigureInput(text: string, figure: Figure, locale: Locale): ParseResult {
  return parseWith(text, figure, locale, numberWords());
}

export function readFigureInput(text: string, figure: Figure, locale: Locale): TypedReading {
  return readWith(text, figure, locale, numberWords());
}
