// A scale left out ("441" for 441 million tenge) is never guessed: when a typed value is far from what the unit gave
// before, or from the region's usual value when it has no history, the readings at other scales are offered instead.
import type { Figure } from "./forms.ts";
import { valueAtScale, type TypedNumber, type TypedReading } from "./numberParse.ts";
import { CURRENCY_SIGN, type PowerOfThousand } from "./numberWords.ts";
import { compactWord, formatFigureValue, formatScaled } from "./numberFormat.ts";
import type { Locale } from "./locale.ts";

/** How many times away from the reference a value must be to be asked about. */
export const SCALE_GAP = 100;

const EXPONENTS: readonly (0 | PowerOfThousand)[] = [0, 3, 6, 9];

export interface ScaleReading {
  exponent: 0 | PowerOfThousand;
  /** as the figure stores it (scaled by 10^decimals) */
  value: number;
}

export interface ScaleChoices {
  /** The number as typed, when it is a valid value itself ("yes, 441 ₸"). */
  literal?: ScaleReading;
  /** The likely readings at other scales, the most likely first. */
  others: ScaleReading[];
}

/** `value` is SCALE_GAP or more times above or below `reference` (both positive). */
export function isFarFrom(value: number, reference: number): boolean {
  if (!(value > 0 && reference > 0)) return false;
  return Math.max(value / reference, reference / value) >= SCALE_GAP;
}

const scalable = (figure: Figure): boolean => figure.type === "money" || figure.type === "count" || figure.type === "decimal";

/**
 * The readings to offer for `typed` (the same for the same inputs: a button carries only an index into them).
 * `reference`: the unit's last value of the figure, or the region's usual one; undefined when neither is known.
 */
export function scaleChoices(typed: TypedNumber, figure: Figure, reference: number | undefined): ScaleChoices {
  const valid = EXPONENTS.flatMap((exponent): ScaleReading[] => {
    const result = valueAtScale(typed, exponent, figure);
    return result.ok ? [{ exponent, value: result.value }] : [];
  });
  const literal = valid.find((reading) => reading.exponent === typed.exponent);
  const rest = valid.filter((reading) => reading !== literal && reading.value > 0);
  if (reference === undefined || reference <= 0) return { ...(literal ? { literal } : {}), others: literal ? [] : rest };
  const near = rest.filter((reading) => !isFarFrom(reading.value, reference));
  const distance = (reading: ScaleReading) => Math.abs(Math.log(reading.value / reference));
  // A fraction of a tenge has no reading of its own: then every valid scale is offered when none is near.
  const others = near.length > 0 || literal ? near : rest;
  return { ...(literal ? { literal } : {}), others: [...others].sort((a, b) => distance(a) - distance(b)) };
}

/** The readings in the order their buttons are shown: the other scales, then the number as typed. */
export function scaleButtons(choices: ScaleChoices): ScaleReading[] {
  return choices.literal ? [...choices.others, choices.literal] : choices.others;
}

/**
 * Whether a parsed answer must be asked about before it is stored: a value SCALE_GAP times away from the reference,
 * or a money amount with a fraction of a tenge ("17,9") that some scale makes whole. Undefined: store it as read.
 */
export function scaleQuestion(reading: TypedReading, figure: Figure, reference: number | undefined): ScaleChoices | undefined {
  const { result: parsed, typed } = reading;
  if (typed === undefined || !scalable(figure)) return undefined;
  if (parsed.ok) {
    if (reference === undefined || !isFarFrom(parsed.value, reference)) return undefined;
    return scaleChoices(typed, figure, reference);
  }
  if (parsed.error !== "too_precise" || figure.type !== "money" || typed.exponent !== 0) return undefined;
  const choices = scaleChoices(typed, figure, reference);
  return choices.others.length > 0 ? choices : undefined;
}

/** A typed number kept in a draft while its scale is asked: "179:1:0" for "17,9" said without a scale word. */
export function encodeTyped(typed: TypedNumber): string {
  return `${typed.digits}:${typed.scale}:${typed.exponent}`;
}

export function decodeTyped(text: string | undefined): TypedNumber | undefined {
  const match = /^(\d{1,40}):(\d{1,2}):(0|3|6|9)$/.exec(text ?? "");
  if (!match) return undefined;
  return { digits: match[1]!, scale: Number(match[2]), exponent: Number(match[3]) as 0 | PowerOfThousand };
}

/** A reading as its button says it: the number as written with the scale word ("17,9 млн ₸"), or in full without one. */
export function formatReading(typed: TypedNumber, reading: ScaleReading, figure: Figure, locale: Locale): string {
  if (reading.exponent === 0) return formatFigureValue(reading.value, figure, locale);
  const text = `${formatScaled(Number(typed.digits), typed.scale, locale)}\u00a0${compactWord(reading.exponent, locale)}`;
  return figure.type === "money" ? `${text}\u00a0${CURRENCY_SIGN}` : text;
}
