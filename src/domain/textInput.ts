// Answers to text and choice figures.
import type { Figure } from "./forms.ts";
import type { Locale } from "./locale.ts";
import { LOCALES } from "./locale.ts";
import { normalizeText } from "./textNormalize.ts";

export const DEFAULT_MAX_TEXT_LENGTH = 500;

export type TextParseResult = { ok: true; value: string } | { ok: false; error: "empty" | "too_long" };
export type ChoiceParseResult = { ok: true; /** the choice id */ value: string } | { ok: false; error: "empty" | "unknown_choice" };

export function parseText(text: string, figure: Figure): TextParseResult {
  const value = text.normalize("NFC").trim();
  if (value === "") return { ok: false, error: "empty" };
  if (value.length > (figure.maxLength ?? DEFAULT_MAX_TEXT_LENGTH)) return { ok: false, error: "too_long" };
  return { ok: true, value };
}

/** Matches a choice by its label in the user's language first, then in any language, then by id. */
export function parseChoice(text: string, figure: Figure, locale: Locale): ChoiceParseResult {
  const typed = normalizeText(text);
  if (typed === "") return { ok: false, error: "empty" };
  const choices = figure.choices ?? [];
  const languages = [locale, ...LOCALES.filter((other) => other !== locale)];
  const byLabel = languages
    .map((language) => choices.find((choice) => normalizeText(choice.label[language]) === typed))
    .find((choice) => choice !== undefined);
  const match = byLabel ?? choices.find((choice) => normalizeText(choice.id) === typed);
  return match === undefined ? { ok: false, error: "unknown_choice" } : { ok: true, value: match.id };
}

export function choiceLabel(figure: Figure, choiceId: string, locale: Locale): string | undefined {
  return figure.choices?.find((choice) => choice.id === choiceId)?.label[locale];
}
