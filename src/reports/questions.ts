// Typed questions: "Талгар занятость октябрь", "сколько трудоустроено в Талгарском районе с начала года", "e-gov Q3",
// "Ұйғыр қызметтер". Units come from the region (findUnits), figures and forms from the words of their own labels in
// the three languages, periods from month and quarter words. No word list per figure: a new form needs no code here.
import type { FormDefinition } from "../domain/forms.ts";
import { numericFigures, shortLabelOf } from "../domain/forms.ts";
import type { PeriodRange } from "../domain/periods.ts";
import type { Region, Unit } from "../domain/region.ts";
import { findUnits, nameKey, normalizeText } from "../domain/unitNames.ts";
import { takePeriod, type MonthSpan, type QuestionWords } from "./questionPeriod.ts";
import { twelveMonthsTo } from "./charts.ts";
import { escapeHtml, formLabel, periodName } from "./format.ts";
import { monthParts } from "./periods.ts";
import type { Reader } from "./types.ts";

export { questionWords, type QuestionWords } from "./questionPeriod.ts";

/** A figure or a derived share of a form, as a question can name it. */
export interface NamedFigure {
  form: FormDefinition;
  /** A figure id, or a derived indicator id when `derived`. */
  id: string;
  derived: boolean;
}

export interface ParsedQuestion {
  /** Units named without doubt. */
  units: Unit[];
  /** Units a word may have meant (misspelt, or more than one close match): offered as buttons. */
  unitGuesses: Unit[];
  /** Forms named as a whole ("занятость", "қызметтер"). */
  forms: FormDefinition[];
  figures: NamedFigure[];
  period?: PeriodRange;
  /** Months asked for that the reports do not total together (March–June): said so, not answered for another period. */
  span?: MonthSpan;
  /** Words not understood, as typed (normalised). */
  unplaced: string[];
}

const CONFIDENT_UNIT = 0.85;

interface Doc {
  form: FormDefinition;
  /** undefined: the form as a whole (its names). */
  id?: string;
  derived: boolean;
  keys: string[];
}

const docsCache = new WeakMap<FormDefinition, Doc[]>();

function keysOf(...texts: string[]): string[] {
  const keys = new Set<string>();
  for (const text of texts) {
    const words = normalizeText(text.replace(/_/g, " ")).split(" ").filter(Boolean);
    words.forEach((word, i) => {
      keys.add(nameKey(word));
      const next = words[i + 1];
      if (next !== undefined) keys.add(nameKey(word + next)); // "e-Government" is also "egovernment"
    });
  }
  return [...keys].filter((key) => key.length >= 3);
}

/** A form's words: its names (the form as a whole), each figure's and each share's label and id. Built once per form. */
function docsOfForm(form: FormDefinition): Doc[] {
  let docs = docsCache.get(form);
  if (docs) return docs;
  docs = [{ form, derived: false, keys: keysOf(...Object.values(form.names), ...Object.values(form.shortNames ?? {})) }];
  for (const figure of numericFigures(form)) docs.push({ form, id: figure.id, derived: false, keys: keysOf(figure.id, ...Object.values(figure.label)) });
  for (const derived of form.derived) docs.push({ form, id: derived.id, derived: true, keys: keysOf(derived.id, ...Object.values(derived.label)) });
  docsCache.set(form, docs);
  return docs;
}

function docsOf(forms: readonly FormDefinition[]): Doc[] {
  return forms.flatMap(docsOfForm);
}

/** 1 for the same word, 0.8 for the same stem with another ending ("занятость" / "занятости", "қамту" / "қамтудың"), else 0. */
function matchQuality(query: string, key: string, minCommon = 0): number {
  if (query === key) return 1;
  let common = 0;
  while (common < query.length && common < key.length && query[common] === key[common]) common++;
  return common >= 4 && common >= minCommon && common >= Math.min(query.length, key.length) - 3 ? 0.8 : 0;
}

/** `minKey`: for a pair of words, an inexact match must reach well into the second word ("кызмет январь" is not "қызметті"). */
function docQuality(key: string, doc: Doc, minKey = 0): number {
  return Math.max(0, ...doc.keys.map((docKey) => matchQuality(key, docKey, minKey)));
}

export function parseQuestion(text: string, region: Region, forms: readonly FormDefinition[], dueMonth: string, vocabulary: QuestionWords): ParsedQuestion {
  const words: (string | undefined)[] = normalizeText(text).split(" ").filter(Boolean);
  const { period, span } = takePeriod(words, dueMonth, vocabulary, vocabulary.ignored);

  // Units: confident matches are taken; doubtful ones are kept as guesses for the words nothing else explains.
  const units: Unit[] = [];
  const guesses: { unit: Unit; words: string[] }[] = [];
  const byWords = new Map<string, ReturnType<typeof findUnits>>();
  for (const match of findUnits(words.filter((w) => w !== undefined).join(" "), region)) {
    const list = byWords.get(match.matched) ?? [];
    list.push(match);
    byWords.set(match.matched, list);
  }
  for (const [matched, matches] of byWords) {
    const [best, second] = matches;
    const taken = matched.split(" ");
    if (best && best.score >= CONFIDENT_UNIT && (!second || best.score - second.score > 0.05)) {
      if (!units.includes(best.unit)) units.push(best.unit);
      for (const word of taken) words[words.indexOf(word)] = undefined;
    } else {
      for (const match of matches) guesses.push({ unit: match.unit, words: taken });
    }
  }
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word !== undefined && (vocabulary.ignored.has(word) || /^(raion|audan|kala|gorod|district|city|town|oblast)/.test(nameKey(word)))) words[i] = undefined;
  }

  const named = nameFigures(words, forms);
  const leftover = words.filter((word): word is string => word !== undefined && word.length > 1 && !/^\d+$/.test(word));
  const unitGuesses = guesses.filter((guess) => guess.words.some((word) => leftover.includes(word))).map((guess) => guess.unit);
  const unplaced = leftover.filter((word) => !guesses.some((guess) => guess.words.includes(word) && unitGuesses.includes(guess.unit)));
  return { units, unitGuesses: [...new Set(unitGuesses)], forms: named.forms, figures: named.figures, ...(period ? { period } : {}), ...(span ? { span } : {}), unplaced };
}

/** Figures and forms the remaining words name; the words used are removed from `words`. */
function nameFigures(words: (string | undefined)[], forms: readonly FormDefinition[]): { forms: FormDefinition[]; figures: NamedFigure[] } {
  const docs = docsOf(forms);
  // Single words and neighbouring pairs ("e gov" is "egov").
  const candidates: { indices: number[]; key: string; minKey: number }[] = [];
  words.forEach((word, i) => {
    if (word === undefined) return;
    candidates.push({ indices: [i], key: nameKey(word), minKey: 0 });
    const next = words[i + 1];
    if (next !== undefined) candidates.push({ indices: [i, i + 1], key: nameKey(word + next), minKey: nameKey(word).length + 3 });
  });
  const hits = candidates
    .map((candidate) => ({ ...candidate, docs: docs.filter((doc) => docQuality(candidate.key, doc, candidate.minKey) > 0) }))
    .filter((hit) => hit.docs.length > 0 && hit.key.length >= 3);
  // A pair that names something wins over its single words.
  const used = hits.filter((hit) => hit.indices.length === 2 || !hits.some((other) => other.indices.length === 2 && other.indices.includes(hit.indices[0]!)));
  if (used.length === 0) return { forms: [], figures: [] };
  for (const hit of used) for (const i of hit.indices) words[i] = undefined;

  const figureDocs = docs.filter((doc) => doc.id !== undefined);
  const weight = (hit: (typeof used)[number]) => Math.log(1 + docs.length / hit.docs.length);
  const score = new Map<Doc, number>();
  for (const hit of used) for (const doc of hit.docs) score.set(doc, (score.get(doc) ?? 0) + weight(hit) * docQuality(hit.key, doc, hit.minKey));
  const best = Math.max(0, ...figureDocs.map((doc) => score.get(doc) ?? 0));
  const top = figureDocs.filter((doc) => best > 0 && (score.get(doc) ?? 0) >= best - 1e-9);
  const namedForms = docs.filter((doc) => doc.id === undefined && score.has(doc)).map((doc) => doc.form);

  if (top.length === 0) return { forms: namedForms, figures: [] };
  // Words that named the top figures all name their form too ("қызметтер"), or they name most of a form: the whole form.
  const topHits = used.filter((hit) => hit.docs.some((doc) => top.includes(doc)));
  const formDoc = (form: FormDefinition) => docs.find((doc) => doc.id === undefined && doc.form === form);
  const formOfAll = namedForms.find(
    (form) => topHits.every((hit) => hit.docs.includes(formDoc(form)!)) && (score.get(formDoc(form)!) ?? 0) >= best - 1e-9,
  );
  const topForms = [...new Set(top.map((doc) => doc.form))];
  const tooMany = top.length > 4 || topForms.some((form) => top.filter((doc) => doc.form === form).length >= Math.max(3, figureDocs.filter((doc) => doc.form === form).length - 1));
  if (formOfAll || tooMany) return { forms: [...new Set([...namedForms, ...topForms])], figures: [] };
  return {
    forms: namedForms.filter((form) => !topForms.includes(form)),
    figures: top.map((doc) => ({ form: doc.form, id: doc.id!, derived: doc.derived })),
  };
}

/** A unit named alone: the answer is its last 12 months (see answer.ts). */
function isUnitHistory(question: ParsedQuestion): boolean {
  return question.units.length === 1 && question.figures.length === 0 && question.forms.length === 0 && !question.period;
}

/**
 * What the question was read as, said before the answer so that a misreading shows at once:
 * "Понял: Оказано государственных услуг через «Е-кызмет» · Алматинская область · январь–октябрь 2016".
 */
export function understoodText(reader: Reader, region: Region, question: ParsedQuestion, dueMonth: string): string {
  const { locale, t } = reader;
  // The short label: it names the figure without a period ("за отчётный месяц" would be wrong beside a range).
  const figureLabel = (named: NamedFigure) => {
    const item = named.derived ? named.form.derived.find((d) => d.id === named.id) : named.form.figures.find((f) => f.id === named.id);
    return item ? shortLabelOf(item, locale) : named.id;
  };
  const what =
    question.figures.length > 0
      ? question.figures.map(figureLabel).join("; ")
      : question.forms.length > 0
        ? question.forms.map((form) => formLabel(form, locale)).join("; ")
        : t("question-understood-all");
  const where = question.units.length > 0 ? question.units.map((unit) => unit.names[locale]).join(", ") : region.names[locale];
  const due = monthParts(dueMonth);
  const period = question.period
    ? periodName({ locale, t }, question.period)
    : isUnitHistory(question)
      ? t("question-understood-history", { from: periodName({ locale, t }, twelveMonthsTo(dueMonth)[0]!), to: periodName({ locale, t }, dueMonth) })
      : t("question-understood-default-period", { month: periodName({ locale, t }, { kind: "month", ...due }), ytd: periodName({ locale, t }, { kind: "ytd", ...due }) });
  return `<i>${escapeHtml(t("question-understood", { what, where, period }))}</i>`;
}

/** Months the reports do not total together: said, with the periods that can be asked for instead. */
export function spanText(reader: Reader, span: MonthSpan): string {
  const { locale, t } = reader;
  const to = monthParts(span.to);
  const months = `${periodName({ locale, t }, span.from)} – ${periodName({ locale, t }, span.to)}`;
  const examples: PeriodRange[] = [{ kind: "ytd", year: to.year, month: to.month }, { kind: "quarter", year: to.year, quarter: Math.ceil(to.month / 3) }];
  return escapeHtml(t("question-span-unsupported", { months, examples: examples.map((range) => `«${periodName({ locale, t }, range)}»`).join(", ") }));
}
