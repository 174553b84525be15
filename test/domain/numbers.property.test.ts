import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Figure } from "../../src/domain/forms.ts";
import { LOCALES } from "../../src/domain/locale.ts";
import { formatFigureValue } from "../../src/domain/numbers.ts";
import { parseFigureInput } from "../../src/bot/numberInput.ts";
import { figure } from "../helpers/domain.ts";

const FIGURES: Figure[] = [
  figure({ id: "count", type: "count", max: 1_000_000 }),
  figure({ id: "count_unbounded", type: "count" }),
  figure({ id: "money", type: "money", max: 100_000_000_000 }),
  figure({ id: "tiyn", type: "money", decimals: 2, max: 1_000_000_000 }),
  figure({ id: "decimal", type: "decimal", max: 1_000_000 }),
  figure({ id: "decimal3", type: "decimal", decimals: 3, max: 1_000 }),
  figure({ id: "percentage", type: "percentage" }),
  figure({ id: "signed", type: "decimal", decimals: 1, min: -1000, max: 1000 }),
];

function scaledRange(f: Figure): { min: number; max: number } {
  const scale = 10 ** f.decimals;
  return { min: Math.round((f.min ?? 0) * scale), max: f.max === undefined ? Number.MAX_SAFE_INTEGER : Math.round(f.max * scale) };
}

describe("formatting then parsing", () => {
  for (const f of FIGURES) {
    for (const locale of LOCALES) {
      it(`gives back every ${f.id} value in ${locale}`, () => {
        const { min, max } = scaledRange(f);
        fc.assert(
          fc.property(fc.integer({ min, max }), (value) => {
            const parsed = parseFigureInput(formatFigureValue(value, f, locale), f, locale);
            assert.ok(parsed.ok, JSON.stringify(parsed));
            assert.equal(parsed.value, value);
          }),
          { numRuns: 300 },
        );
      });
    }
  }
});

describe("parsing anything typed", () => {
  const typed = fc.oneof(
    fc.string({ maxLength: 45 }),
    fc.stringMatching(/^[+-]?[0-9 ,.]{1,20}( ?(тыс|млн|млрд|k|m|bn|%|тенге|₸))?$/),
  );
  for (const f of FIGURES) {
    it(`never throws and keeps a ${f.id} value a safe integer within its limits`, () => {
      const { min, max } = scaledRange(f);
      fc.assert(
        fc.property(typed, fc.constantFrom(...LOCALES), (input, locale) => {
          const parsed = parseFigureInput(input, f, locale);
          if (!parsed.ok) return;
          assert.ok(Number.isSafeInteger(parsed.value));
          assert.ok(parsed.value >= min && parsed.value <= max, `${input} → ${parsed.value}`);
        }),
        { numRuns: 500 },
      );
    });
  }
});
