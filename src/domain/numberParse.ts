// Reads a number as an official types it ("91 337", "17,9 млрд", "1,5 mln") into the figure's scaled integer.
import type { Figure } from "./forms.ts";
import { isNumericFigure } from "./forms.ts";
import type { Locale } from "./locale.ts";
import type { NumberInputWords, PowerOfThousand } from "./numberWords.ts";

export type ParseError =
  | "empty"
  | "too_long"
  | "not_a_number"
  | "negative"
  | "fraction"
  | "too_precise"
  | "below_min"
  | "above_max";

export type ParseResult =
  | { ok: true; /** integer scaled by 10^figure.decimals */ value: number; /** say it back before saving */ needsConfirmation: boolean }
  | { ok: false; error: ParseError };

/** A number as written, apart from its scale word: `digits` × 10^−`scale`, said with × 10^`exponent` ("17,9 млрд"). */
export interface TypedNumber {
  digits: string;
  scale: number;
  exponent: 0 | PowerOfThousand;
}

export const MAX_INPUT_LENGTH = 40;

/** A decimal number as digits and a count of fraction digits: exact, no floating point. */
interface Decimal {
  digits: string;
  scale: number;
}

type Reading =
  | { ambiguous: false; decimal: Decimal }
  | { ambiguous: true; thousands: Decimal; decimal: Decimal; separator: "," | "." };

interface Lexed {
  negative: boolean;
  plus: boolean;
  exponent: 0 | PowerOfThousand;
  number: string;
  foreignDigits: boolean;
}

const fail = (error: ParseError): ParseResult => ({ ok: false, error });

/** The reading of a typed answer, and the number as written apart from its scale word (see scale.ts). */
export interface TypedReading {
  result: ParseResult;
  /** absent when the text is no number, or a negative one */
  typed?: TypedNumber;
}

/** `words`: the multipliers and currency words to read around the digits (from the locales; see numberWords.ts). */
export function parseFigureInput(text: string, figure: Figure, locale: Locale, words: NumberInputWords): ParseResult {
  return readFigureInput(text, figure, locale, words).result;
}

export function readFigureInput(text: string, figure: Figure, locale: Locale, words: NumberInputWords): TypedReading {
  const { typed, ...result } = readTyped(text, figure, locale, words);
  return typed === undefined ? { result } : { result, typed };
}

type WithTyped = ParseResult & { typed?: TypedNumber };

function readTyped(text: string, figure: Figure, locale: Locale, words: NumberInputWords): WithTyped {
  if (!isNumericFigure(figure)) throw new Error(`parseFigureInput: figure "${figure.id}" is ${figure.type}, not numeric`);
  const trimmed = text.trim();
  if (trimmed === "") return fail("empty");
  if (trimmed.length > MAX_INPUT_LENGTH) return fail("too_long");
  const lexed = lex(trimmed, figure, patternsOf(words));
  const reading = readNumber(lexed.number);
  if (reading === undefined) return fail("not_a_number");
  const said = lexed.plus || lexed.foreignDigits; // "+5" may mean "5 more than last month": say back what we took
  const evaluate = (decimal: Decimal): WithTyped => withTyped(toFigureValue(decimal, lexed, figure), decimal, lexed);
  if (!reading.ambiguous) return confirmIf(evaluate(reading.decimal), said);
  // "91,337": thousands or a decimal fraction? A whole-number figure cannot take a fraction of three digits.
  if (figure.decimals === 0 && lexed.exponent === 0) return confirmIf(evaluate(reading.thousands), true);
  const preferDecimal = locale !== "en" || reading.separator === ".";
  const preferred = evaluate(preferDecimal ? reading.decimal : reading.thousands);
  const other = evaluate(preferDecimal ? reading.thousands : reading.decimal);
  if (preferred.ok) return confirmIf(preferred, said || other.ok);
  return other.ok ? confirmIf(other, true) : preferred;
}

/** Keeps the number as written beside a reading of a non-negative number, for offering it at another scale. */
function withTyped(result: ParseResult, decimal: Decimal, lexed: Lexed): WithTyped {
  if (lexed.negative) return result;
  let { digits, scale } = decimal;
  for (; scale > 0 && digits.endsWith("0"); scale--) digits = digits.slice(0, -1); // "17,90" is 17,9
  return { ...result, typed: { digits: digits.replace(/^0+(?=\d)/, ""), scale, exponent: lexed.exponent } };
}

/**
 * The value `typed` stands for when said with `exponent` (0: no scale word), as the figure stores it, or the reason it
 * cannot be (a fraction of a tenge, above the limit …). The same checks as a typed number.
 */
export function valueAtScale(typed: TypedNumber, exponent: 0 | PowerOfThousand, figure: Figure): ParseResult {
  if (!/^\d+$/.test(typed.digits) || !Number.isInteger(typed.scale) || typed.scale < 0 || typed.scale > 20) return fail("not_a_number");
  const lexed: Lexed = { negative: false, plus: false, exponent, number: "", foreignDigits: false };
  return toFigureValue({ digits: typed.digits, scale: typed.scale }, lexed, figure);
}

function confirmIf<R extends ParseResult>(result: R, confirm: boolean): R {
  return result.ok && confirm ? { ...result, needsConfirmation: true } : result;
}

// Digits of other scripts that phone keyboards produce; anything else non-ASCII is rejected.
const DIGIT_ZEROS = [0x0660, 0x06f0, 0xff10];

function asciiDigits(text: string): { text: string; foreign: boolean } {
  let foreign = false;
  const mapped = text.replace(/\p{Nd}/gu, (char) => {
    const code = char.codePointAt(0) ?? 0;
    const zero = DIGIT_ZEROS.find((start) => code >= start && code < start + 10);
    if (zero === undefined) return char;
    foreign = true;
    return String(code - zero);
  });
  return { text: mapped, foreign };
}

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const alternation = (words: readonly string[]): string => [...words].sort((a, b) => b.length - a.length).map(escape).join("|");
const CURRENCY_PREFIX = /^(?:₸|kzt)\s*/u;

interface WordPatterns {
  currencySuffix: RegExp;
  multipliers: { exponent: PowerOfThousand; pattern: RegExp }[];
}

/** The words' patterns, made once per set of words. */
const patterns = new WeakMap<NumberInputWords, WordPatterns>();

function patternsOf(words: NumberInputWords): WordPatterns {
  let made = patterns.get(words);
  if (made === undefined) {
    made = {
      currencySuffix: new RegExp(`\\s*(?:${alternation(words.currency)})\\.?$`, "u"),
      multipliers: (Object.entries(words.multipliers) as [string, readonly string[]][]).map(([exponent, list]) => ({
        exponent: Number(exponent) as PowerOfThousand,
        // After a digit or a space only, so "12 km" is not "12 k" + "m".
        pattern: new RegExp(`(?<=[\\d\\s])(?:${alternation(list)})\\.?$`, "u"),
      })),
    };
    patterns.set(words, made);
  }
  return made;
}

/** Splits off sign, words and symbols around the digits; what remains is checked by readNumber. */
function lex(input: string, figure: Figure, { currencySuffix, multipliers }: WordPatterns): Lexed {
  const digits = asciiDigits(input);
  let text = digits.text
    .toLowerCase()
    .replace(/\s+/gu, " ")
    .replace(/[\u2212\u2013]/gu, "-");
  if (figure.type === "percentage") text = text.replace(/\s*%$/u, "");
  if (figure.type === "money") text = text.replace(currencySuffix, "").replace(CURRENCY_PREFIX, "");
  text = stripUnitWord(text, figure);
  let exponent: 0 | PowerOfThousand = 0;
  const multiplier = figure.type === "percentage" ? undefined : multipliers.find((m) => m.pattern.test(text));
  if (multiplier !== undefined) {
    exponent = multiplier.exponent;
    text = text.replace(multiplier.pattern, "");
  }
  text = text.trim();
  const sign = /^([+-])\s*/u.exec(text);
  // A full stop after the number ends a sentence.
  const number = text.slice(sign?.[0].length ?? 0).replace(/(\d)\.$/u, "$1");
  return { negative: sign?.[1] === "-", plus: sign?.[1] === "+", exponent, number, foreignDigits: digits.foreign };
}

function stripUnitWord(text: string, figure: Figure): string {
  const words = figure.unitWord === undefined ? [] : Object.values(figure.unitWord).map((word) => word.toLowerCase());
  return words.length === 0 ? text : text.replace(new RegExp(`(?:(?<=\\d)|\\s+)(?:${alternation(words)})$`, "u"), "");
}

const isGrouped = (groups: string[]): boolean =>
  groups.length > 0 && /^\d{1,3}$/.test(groups[0] ?? "") && groups.slice(1).every((group) => /^\d{3}$/.test(group));

/** The readings of "1 500 000", "1.500.000", "1,500.5", "17,9", or both readings of "91,337". */
function readNumber(text: string): Reading | undefined {
  if (!/^\d[\d ,.]*$/.test(text) || !/\d$/.test(text)) return undefined;
  const spaced = text.includes(" ");
  const commas = text.split(",").length - 1;
  const dots = text.split(".").length - 1;
  const whole = (groups: string[]): Reading | undefined =>
    isGrouped(groups) ? exact(groups.join(""), 0) : undefined;
  if (commas + dots === 0) return spaced ? whole(text.split(" ")) : exact(text, 0);
  if (commas > 0 && dots > 0) {
    if (spaced) return undefined;
    const last = Math.max(text.lastIndexOf(","), text.lastIndexOf("."));
    const separator = text[last] === "," ? "," : ".";
    if ((separator === "," ? commas : dots) !== 1) return undefined;
    const grouped = whole(text.slice(0, last).split(separator === "," ? "." : ","));
    return grouped === undefined ? undefined : withFraction(grouped.decimal.digits, text.slice(last + 1));
  }
  const separator = commas > 0 ? "," : ".";
  const parts = text.split(separator);
  if (parts.length > 2) return spaced ? undefined : whole(parts);
  const [integer = "", fraction = ""] = parts;
  const integerDigits = spaced ? whole(integer.split(" "))?.decimal.digits : /^\d+$/.test(integer) ? integer : undefined;
  if (integerDigits === undefined) return undefined;
  const decimal = withFraction(integerDigits, fraction)?.decimal;
  if (decimal === undefined) return undefined;
  // "1,500" or "1 500,000": the separator may group thousands; "0,125" or "1500,000" cannot.
  if (fraction.length !== 3 || (!spaced && integer.length > 3) || integer === "0") return { ambiguous: false, decimal };
  return { ambiguous: true, thousands: { digits: integerDigits + fraction, scale: 0 }, decimal, separator };
}

function withFraction(integer: string, fraction: string): Reading | undefined {
  return /^\d+$/.test(fraction) ? exact(integer + fraction, fraction.length) : undefined;
}

const exact = (digits: string, scale: number): Reading => ({ ambiguous: false, decimal: { digits, scale } });

function toFigureValue(decimal: Decimal, lexed: Lexed, figure: Figure): ParseResult {
  // digits × 10^(exponent − scale), stored × 10^decimals: shift = how far the stored integer moves the point.
  const negative = lexed.negative && /[1-9]/.test(decimal.digits);
  if (negative && (figure.min === undefined || figure.min >= 0)) return fail("negative");
  const shift = lexed.exponent - decimal.scale + figure.decimals;
  let magnitude = BigInt(decimal.digits);
  if (shift >= 0) magnitude *= 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    if (magnitude % divisor !== 0n) return fail(figure.type === "count" ? "fraction" : "too_precise");
    magnitude /= divisor;
  }
  const value = negative ? -magnitude : magnitude;
  const scale = 10 ** figure.decimals;
  if (figure.min !== undefined && value < BigInt(Math.round(figure.min * scale))) return fail("below_min");
  if (figure.max !== undefined && value > BigInt(Math.round(figure.max * scale))) return fail("above_max");
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) return fail("above_max");
  return { ok: true, value: Number(value), needsConfirmation: false };
}
