// The words typed questions are read with, from every locale's question-words-* messages (loaded once).
import { questionWords, type QuestionWords } from "../reports/questions.ts";
import { createI18n, translatorOf } from "./i18n.ts";

let loaded: QuestionWords | undefined;

export function questionVocabulary(): QuestionWords {
  if (loaded === undefined) {
    const translate = translatorOf(createI18n() as never);
    loaded = questionWords((locale, key) => translate(locale, key));
  }
  return loaded;
}
