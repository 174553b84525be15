// What a unit's report needs before it can be submitted: rule violations, outliers against the unit's own
// history, and annual allocations that went down. Pure: the caller brings the values and the history.
import { figureById, numberOf, numericFigures, type Figure, type FigureValues, type FormDefinition } from "./forms.ts";
import { evaluateRules, type RuleViolation } from "./rules.ts";
import { allocationDecreased, checkOutlier, type OutlierCheck } from "./outliers.ts";

/** Differences smaller than this (in the figure's own units) are never called outliers. */
export const MIN_OUTLIER_DIFFERENCE = 10;

export type Finding =
  | { kind: "rule"; violation: RuleViolation; blocking: boolean }
  | { kind: "outlier"; figure: Figure; value: number; check: Extract<OutlierCheck, { outlier: true }> }
  | { kind: "decrease"; figure: Figure; previous: number; value: number };

export interface ReviewInput {
  form: FormDefinition;
  values: FigureValues;
  /** The unit's earlier periods of this form, newest first (missing periods left out). */
  history: FigureValues[];
  /** The unit's previous period within the same year, if reported (for allocations that must not go down). */
  previousInYear?: FigureValues;
  /** Findings the person already answered: `rule:<id>`, `outlier:<figure>`, `decrease:<figure>`. */
  acknowledged: ReadonlySet<string>;
}

export const findingKey = (finding: Finding): string =>
  finding.kind === "rule" ? `rule:${finding.violation.rule.id}` : `${finding.kind}:${finding.figure.id}`;

/** Everything still open, in the order to ask: blocking rules, other rules, outliers, decreases. */
export function reviewFindings(input: ReviewInput): Finding[] {
  const { form, values, history, previousInYear, acknowledged } = input;
  const findings: Finding[] = evaluateRules(form, values).map((violation) => ({
    kind: "rule" as const,
    violation,
    blocking: violation.rule.importance === "high",
  }));
  findings.sort((a, b) => Number(b.kind === "rule" && b.blocking) - Number(a.kind === "rule" && a.blocking));
  for (const figure of numericFigures(form)) {
    const value = numberOf(values, figure.id);
    if (value === undefined) continue;
    const past = history.map((h) => numberOf(h, figure.id)).filter((v): v is number => v !== undefined);
    const check = checkOutlier(value, past);
    // Small numbers swing a lot (1 seminar, then 3): only a difference that matters is worth asking about.
    const material = Math.abs(value - (check.outlier ? check.mean : value)) / 10 ** figure.decimals >= MIN_OUTLIER_DIFFERENCE;
    if (check.outlier && material) findings.push({ kind: "outlier", figure, value, check });
    const previous = previousInYear ? numberOf(previousInYear, figure.id) : undefined;
    if (allocationDecreased(figure, previous, value)) findings.push({ kind: "decrease", figure, previous: previous!, value });
  }
  return findings.filter((finding) => !(finding.kind === "rule" && finding.blocking) ? !acknowledged.has(findingKey(finding)) : true);
}

/** The figures a finding is about (for "change" buttons). */
export function findingFigures(form: FormDefinition, finding: Finding): Figure[] {
  if (finding.kind !== "rule") return [finding.figure];
  return finding.violation.figures.map((id) => figureById(form, id)).filter((f): f is Figure => f !== undefined);
}
