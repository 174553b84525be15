// The period of a typed question, however it is written: "октябрь", "январь-октябрь", "янв–окт", "с января по
// октябрь", "за 10 месяцев", "с начала года", "за год", "III квартал", "2015", "қаңтар–қазан", "10 айда", "жыл басынан",
// "Jan-Oct", "year to date". Month names come from the domain's month-name tables (every language, every form a date
// writes them in); the other period words from the locales (question-words-*), so a word is written once.
import { LOCALES, type Locale } from "../domain/locale.ts";
import type { PeriodRange } from "../domain/periods.ts";
import { monthId, monthNameForms } from "../domain/periods.ts";
import { normalizeText } from "../domain/unitNames.ts";
import { monthParts } from "./periods.ts";

/** The words a question's period is read with, in every language, normalised as typed text is. */
export interface QuestionWords {
  /** Each month's names (standalone, inside a date) and abbreviations. */
  months: { month: number; names: string[]; abbreviations: string[] }[];
  year: Set<string>;
  quarter: Set<string>;
  /** "месяцев", "айда", "months": after a number ("за 10 месяцев") or a month name ("қазан айы"). */
  month: Set<string>;
  /** "первые", "алғашқы", "first": before "10 months". */
  first: Set<string>;
  /** Words between two months of a range, or around it: "по", "дейін", "аралығы", "between". */
  until: Set<string>;
  /** "и", "мен", "and": join two months into a range only inside "между … и …", "… мен … аралығы". */
  and: Set<string>;
  /** Phrases, longest first, as lists of words. */
  yearToDate: string[][];
  lastYear: string[][];
  /** Words that carry no meaning of their own in a question ("сколько", "покажи", "district"). */
  ignored: Set<string>;
}

const KEYS = {
  year: "question-words-year",
  quarter: "question-words-quarter",
  month: "question-words-month",
  first: "question-words-first",
  until: "question-words-until",
  and: "question-words-and",
  yearToDate: "question-words-year-to-date",
  lastYear: "question-words-last-year",
  ignored: "question-words-ignored",
} as const;

function phrasesOf(texts: string[]): string[][] {
  const phrases = texts.flatMap((text) => text.split(",")).map((phrase) => normalizeText(phrase).split(" ").filter(Boolean));
  const unique = new Map(phrases.filter((words) => words.length > 0).map((words) => [words.join(" "), words]));
  return [...unique.values()].sort((a, b) => b.length - a.length);
}

/** The period words of every language, read through `translate` (the bot's Fluent messages). */
export function questionWords(translate: (locale: Locale, key: string) => string): QuestionWords {
  const all = (key: string) => phrasesOf(LOCALES.map((locale) => translate(locale, key)));
  const single = (key: string) => new Set(all(key).map((words) => words.join(" ")));
  const months = Array.from({ length: 12 }, (_, i) => {
    const forms = LOCALES.map((locale) => monthNameForms(i + 1, locale));
    const unique = (list: string[]) => [...new Set(list.map(normalizeText))];
    return { month: i + 1, names: unique(forms.flatMap((form) => form.names)), abbreviations: unique(forms.map((form) => form.abbreviation)) };
  });
  return {
    months,
    year: single(KEYS.year),
    quarter: single(KEYS.quarter),
    month: single(KEYS.month),
    first: single(KEYS.first),
    until: single(KEYS.until),
    and: single(KEYS.and),
    yearToDate: all(KEYS.yearToDate),
    lastYear: all(KEYS.lastYear),
    ignored: single(KEYS.ignored),
  };
}

/** Russian endings a month name takes ("октябр-е", "ма-я"), Kazakh case endings ("қазан-нан", "қаңтар-дан"). */
const MAX_ENDING = 4;
const DROPPED_LAST = /[ьйаяы]$/u;
/** "май", "мая", "мае": a two-letter stem takes only these endings. */
const SHORT_ENDING = /[йяею]$/u;

/** The month a word names: a name, a name with a case ending, or an abbreviation ("окт", "сент", "qaz" is not one). */
export function monthOfWord(word: string, words: QuestionWords, stopwords: ReadonlySet<string>): number | undefined {
  if (stopwords.has(word)) return undefined; // "там" ("there") is also the Kazakh abbreviation of тамыз
  for (const { month, names, abbreviations } of words.months) {
    if (names.includes(word) || abbreviations.includes(word)) return month;
    for (const name of names) {
      const stem = name.replace(DROPPED_LAST, "");
      const ending = word.length - stem.length;
      if (word.startsWith(stem) && (stem.length >= 3 ? ending <= MAX_ENDING : ending === 1 && SHORT_ENDING.test(word))) return month;
      if (word.length >= 3 && name.startsWith(word)) return month;
    }
  }
  return undefined;
}

const QUARTER_NUMBER: [RegExp, number][] = [
  [/^(1|i|1st|first|перв\p{L}*|бірінші)$/u, 1],
  [/^(2|ii|2nd|second|втор\p{L}*|екінші)$/u, 2],
  [/^(3|iii|3rd|third|трет\p{L}*|үшінші)$/u, 3],
  [/^(4|iv|4th|fourth|четв\p{L}*|төртінші)$/u, 4],
];

function quarterNumber(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  return QUARTER_NUMBER.find(([pattern]) => pattern.test(word))?.[1];
}

/** Months from..to of one year that are neither a month, a quarter, the year so far nor a year: not totalled. */
export interface MonthSpan {
  /** Month ids, "2016-03". */
  from: string;
  to: string;
}

export interface QuestionPeriod {
  period?: PeriodRange;
  /** A range of months the reports do not total (March–June, November–February): said, never misread. */
  span?: MonthSpan;
}

/**
 * The period words of the question, removed from `words` (marked undefined). Without a year, a month or range that
 * has not yet come this year is last year's ("ноябрь" asked in November is November of last year).
 */
export function takePeriod(words: (string | undefined)[], dueMonth: string, vocabulary: QuestionWords, stopwords: ReadonlySet<string>): QuestionPeriod {
  const due = monthParts(dueMonth);
  const take = (i: number) => {
    const word = words[i];
    words[i] = undefined;
    return word;
  };
  const is = (i: number, set: ReadonlySet<string>) => words[i] !== undefined && set.has(words[i]!);

  // "2015", "2015 года", "2015ж", "2016 жылғы"
  let year: number | undefined;
  words.forEach((word, i) => {
    const match = word === undefined ? null : /^((?:19|20)\d\d)(?:г|ж|y)?$/.exec(word);
    if (!match) return;
    // Only a year that has begun: "2020" of "Дорожная карта 2020" is the form's name, not a period (read below).
    if (Number(match[1]) > due.year) return;
    year = Number(match[1]);
    take(i);
    if (is(i + 1, vocabulary.year)) take(i + 1);
  });

  // Phrases, longest first, on neighbouring words: "с начала года", "жыл басынан", "year to date", "прошлый год".
  const takePhrases = (phrases: string[][]) => {
    let found = false;
    for (const phrase of phrases) {
      for (let i = 0; i + phrase.length <= words.length; i++) {
        if (phrase.every((word, k) => words[i + k] === word)) {
          for (let k = 0; k < phrase.length; k++) take(i + k);
          found = true;
        }
      }
    }
    return found;
  };
  const lastYear = takePhrases(vocabulary.lastYear);
  const yearToDate = takePhrases(vocabulary.yearToDate);
  const givenYear = year ?? (lastYear ? due.year - 1 : undefined);

  // "за 10 месяцев", "алғашқы 10 айда", "first 10 months"
  let firstMonths: number | undefined;
  words.forEach((word, i) => {
    if (word === undefined || !/^\d{1,2}$/.test(word) || !is(i + 1, vocabulary.month)) return;
    const count = Number(word);
    if (count < 1 || count > 12) return;
    firstMonths = count;
    take(i);
    take(i + 1);
    if (is(i - 1, vocabulary.first)) take(i - 1);
  });

  // "III квартал", "3-тоқсан", "Q3", "first quarter"
  let quarter: number | undefined;
  words.forEach((word, i) => {
    if (word === undefined) return;
    const q = /^(?:q([1-4])|([1-4])q)$/.exec(word);
    if (q) {
      quarter = Number(q[1] ?? q[2]);
      take(i);
      return;
    }
    if (!vocabulary.quarter.has(word)) return;
    const before = quarterNumber(words[i - 1]);
    const after = quarterNumber(words[i + 1]);
    if (before === undefined && after === undefined) return;
    quarter = before ?? after;
    take(before !== undefined ? i - 1 : i + 1);
    take(i);
  });

  // Months, alone or as a range: "октябрь", "январь-октябрь", "с января по октябрь", "қаңтардан қазанға дейін".
  const months: { index: number; month: number }[] = [];
  words.forEach((word, i) => {
    const month = word === undefined ? undefined : monthOfWord(word, vocabulary, stopwords);
    if (month !== undefined) months.push({ index: i, month });
  });
  let range: { from: number; to: number } | undefined;
  if (months.length > 0) {
    // Months joined by nothing or by "по"/"дейін"/"to" are one range; of several apart, the last is read.
    const groups: (typeof months)[] = [];
    for (const hit of months) {
      const group = groups.at(-1);
      const last = group?.at(-1);
      const between = last === undefined ? [] : words.slice(last.index + 1, hit.index).filter((word) => word !== undefined);
      // "январь и октябрь" is two months; "между январём и октябрём", "қаңтар мен қазан аралығы" is a range.
      const framed = last !== undefined && (is(last.index - 1, vocabulary.until) || is(hit.index + 1, vocabulary.until));
      const joined = last !== undefined && between.every((word) => vocabulary.until.has(word) || (framed && vocabulary.and.has(word)));
      if (group && joined && group.length < 2) group.push(hit);
      else groups.push([hit]);
    }
    const chosen = groups.at(-1)!;
    range = { from: chosen[0]!.month, to: chosen.at(-1)!.month };
    const first = chosen[0]!.index;
    for (let i = first; i <= chosen.at(-1)!.index; i++) if (words[i] !== undefined && (chosen.some((hit) => hit.index === i) || chosen.length === 2)) take(i);
    if (chosen.length === 2 && is(first - 1, vocabulary.until)) take(first - 1); // "между январём и октябрём"
    let after = chosen.at(-1)!.index + 1;
    if (is(after, vocabulary.month)) take(after++); // "қазан айы", "October month"
    if (chosen.length === 2 && is(after, vocabulary.until)) take(after); // "қаңтардан қазанға дейін"
  }
  // A year word left without a number ("в прошлом году" taken above; "год" of "за 2015 год" taken with its number).
  if (year !== undefined) words.forEach((_, i) => is(i, vocabulary.year) && take(i));

  const yearOf = (lastMonth: number) => givenYear ?? (lastMonth <= due.month ? due.year : due.year - 1);
  if (range !== undefined) {
    const { from, to } = range;
    const y = yearOf(to);
    if (from === to) return { period: { kind: "month", year: y, month: from } };
    if (from < to && from === 1) return { period: to === 12 ? { kind: "year", year: y } : { kind: "ytd", year: y, month: to } };
    if (from < to && from % 3 === 1 && to === from + 2) return { period: { kind: "quarter", year: y, quarter: (from + 2) / 3 } };
    return { span: { from: monthId(from < to ? y : y - 1, from), to: monthId(y, to) } };
  }
  if (quarter !== undefined) {
    return { period: { kind: "quarter", year: givenYear ?? ((quarter - 1) * 3 + 1 <= due.month ? due.year : due.year - 1), quarter } };
  }
  if (firstMonths !== undefined) {
    const y = yearOf(firstMonths);
    return { period: firstMonths === 12 ? { kind: "year", year: y } : { kind: "ytd", year: y, month: firstMonths } };
  }
  if (yearToDate || givenYear !== undefined) {
    const y = givenYear ?? due.year;
    return { period: y === due.year ? { kind: "ytd", year: y, month: due.month } : { kind: "year", year: y } };
  }
  return {};
}
