// How report values live in Redis: integers as `n:<figure>` decimal strings, text as `t:<figure>`, so a stored
// report reads back with its types even after the form definition changed.
import { assertSegment } from "./keys.ts";
import type { FormShape } from "./form-shape.ts";

export type FigureValue = number | string;
export type ReportValues = Record<string, FigureValue>;

/** Redis field/value pairs for a report's values; throws on a value the store cannot keep exactly. */
export function encodeValues(form: FormShape, values: Readonly<ReportValues>): string[] {
  const numeric = new Set(form.figures.map((figure) => figure.id));
  const pairs: string[] = [];
  for (const [figure, value] of Object.entries(values)) {
    assertSegment(figure, "figure id");
    if (typeof value === "number") {
      if (!Number.isSafeInteger(value)) throw new RangeError(`${figure}: ${value} is not an integer within ±(2^53 − 1)`);
      pairs.push(`n:${figure}`, String(value));
    } else if (numeric.has(figure)) {
      throw new TypeError(`${figure} is numeric in form ${form.id} but got text ${JSON.stringify(value)}`);
    } else {
      pairs.push(`t:${figure}`, value);
    }
  }
  return pairs;
}

/** Values from stored fields (`n:` and `t:`); other fields are ignored. */
export function decodeValues(fields: Readonly<Record<string, string>>): ReportValues {
  const values: ReportValues = {};
  for (const [field, raw] of Object.entries(fields)) {
    if (field.startsWith("n:")) values[field.slice(2)] = toSafeInt(raw, field);
    else if (field.startsWith("t:")) values[field.slice(2)] = raw;
  }
  return values;
}

/** A stored integer as a JS number; throws rather than return a rounded number. */
export function toSafeInt(raw: string | undefined, what: string): number {
  const value = Number(raw ?? "0");
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what}: ${raw} is not an integer within ±(2^53 − 1)`);
  return value;
}

/** A report's numbers only (what coverage and a unit's history need). */
export function numbersOf(values: Readonly<ReportValues>): Record<string, number> {
  const numbers: Record<string, number> = {};
  for (const [id, value] of Object.entries(values)) if (typeof value === "number") numbers[id] = value;
  return numbers;
}

/**
 * A report's numbers in one string, as the submit script writes them into the cover and history hashes:
 * `<figure>=<value>` pairs joined by `;` (figure ids never contain either).
 */
export function formatNumbers(numbers: Readonly<Record<string, number>>): string {
  return Object.entries(numbers)
    .map(([id, value]) => `${id}=${value}`)
    .join(";");
}

export function parseNumbers(text: string): Record<string, number> {
  const numbers: Record<string, number> = {};
  if (text === "") return numbers;
  for (const pair of text.split(";")) {
    const at = pair.indexOf("=");
    const id = pair.slice(0, at);
    numbers[id] = toSafeInt(pair.slice(at + 1), id);
  }
  return numbers;
}
