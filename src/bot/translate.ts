// Translations in any language, outside an update's own (messages to other people: the leadership, a requester).
import { createI18n, translatorOf, type Translator } from "./i18n.ts";

let loaded: Translator | undefined;

/** One translator over locales/, loaded on first use. */
export function translator(): Translator {
  return (loaded ??= translatorOf(createI18n() as never));
}
