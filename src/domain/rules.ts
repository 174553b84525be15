// Cross-figure validation rules (as DHIS2 validation rules): left side, operator, right side, missing values.
import type { FigureValues, Rule } from "./forms.ts";
import { numberOf } from "./forms.ts";

export interface RuleViolation {
  rule: Rule;
  /** Sum of the left side's present values (scaled like its figures), undefined when none is present. */
  left: number | undefined;
  right: number | undefined;
  /** Every figure the rule names, left then right: the ones to offer for change. */
  figures: string[];
}

export function evaluateRules(form: { readonly rules: readonly Rule[] }, values: FigureValues): RuleViolation[] {
  return form.rules.flatMap((rule) => {
    const left = side(rule.left, values);
    const right = side(rule.right, values);
    const violated = isViolated(rule, left, right);
    return violated ? [{ rule, left: left.sum, right: right.sum, figures: [...rule.left, ...rule.right] }] : [];
  });
}

const rulesByFigure = new WeakMap<readonly Rule[], Map<string, Rule[]>>();

/** The rules that name `figureId` on either side (indexed once per form: no work per call grows with the form). */
export function rulesAbout(form: { readonly rules: readonly Rule[] }, figureId: string): readonly Rule[] {
  let index = rulesByFigure.get(form.rules);
  if (!index) {
    index = new Map();
    for (const rule of form.rules) {
      for (const id of new Set([...rule.left, ...rule.right])) index.set(id, [...(index.get(id) ?? []), rule]);
    }
    rulesByFigure.set(form.rules, index);
  }
  return index.get(figureId) ?? [];
}

/** Every figure named by the rules about `figureId`, itself included. */
export function ruleNeighbours(form: { readonly rules: readonly Rule[] }, figureId: string): string[] {
  return [...new Set([figureId, ...rulesAbout(form, figureId).flatMap((rule) => [...rule.left, ...rule.right])])];
}

interface Side {
  /** undefined when no figure of the side has a value */
  sum: number | undefined;
  missing: number;
  count: number;
}

function side(figureIds: readonly string[], values: FigureValues): Side {
  const present = figureIds.map((id) => numberOf(values, id)).filter((v) => v !== undefined);
  const sum = present.length === 0 ? undefined : present.reduce((total, v) => total + v, 0);
  return { sum, missing: figureIds.length - present.length, count: figureIds.length };
}

function isViolated(rule: Rule, left: Side, right: Side): boolean {
  const leftPresent = left.sum !== undefined;
  const rightPresent = right.sum !== undefined;
  // Pairs are about presence itself, so the missing-value strategy does not apply to them.
  if (rule.operator === "compulsory_pair") return leftPresent !== rightPresent;
  if (rule.operator === "exclusive_pair") return leftPresent && rightPresent;
  const missing = left.missing + right.missing;
  if (rule.missing === "skip_if_any_missing" && missing > 0) return false;
  if (rule.missing === "skip_if_all_missing" && missing === left.count + right.count) return false;
  return !compare(left.sum ?? 0, rule.operator, right.sum ?? 0);
}

function compare(left: number, operator: Exclude<Rule["operator"], "compulsory_pair" | "exclusive_pair">, right: number): boolean {
  switch (operator) {
    case "==":
      return left === right;
    case "!=":
      return left !== right;
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    case ">":
      return left > right;
    case ">=":
      return left >= right;
  }
}
