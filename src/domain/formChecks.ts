// Checks across a form's parts that a schema cannot express: references, limits, how parts add up.
import type { Figure, FormDefinition } from "./forms.ts";
import { isNumericFigure } from "./forms.ts";
import type { Region } from "./region.ts";

export type ProblemPath = readonly (string | number)[];

export interface Problem {
  path: ProblemPath;
  message: string;
}

export function checkForm(form: FormDefinition, region?: Region): Problem[] {
  const figures = new Map(form.figures.map((figure) => [figure.id, figure]));
  return [
    ...duplicateIds([...form.figures.map((f) => f.id), ...form.derived.map((d) => d.id)], (i) =>
      i < form.figures.length ? ["figures", i, "id"] : ["derived", i - form.figures.length, "id"],
    ),
    ...duplicateIds(form.rules.map((rule) => rule.id), (i) => ["rules", i, "id"]),
    ...form.figures.flatMap((figure, i) => checkFigure(figure, ["figures", i], figures)),
    ...form.rules.flatMap((rule, i) => {
      const path = ["rules", i];
      const refs = [
        ...numericRefs(rule.left, [...path, "left"], figures),
        ...numericRefs(rule.right, [...path, "right"], figures),
      ];
      if (refs.length > 0) return refs;
      // Sides are compared as scaled integers, so every figure of a rule must share one scale.
      const scales = new Set([...rule.left, ...rule.right].map((id) => figures.get(id)?.decimals));
      return scales.size > 1 ? [{ path, message: "all figures of a rule must have the same decimals" }] : [];
    }),
    ...form.derived.flatMap((derived, i) => [
      ...numericRefs(derived.numerator, ["derived", i, "numerator"], figures),
      ...numericRefs(derived.denominator, ["derived", i, "denominator"], figures),
    ]),
    ...numericRefs(form.keyFigures, ["keyFigures"], figures),
    ...checkUnits(form, region),
    ...(form.deadline.lockAfterDays < form.deadline.lateAfterDays
      ? [{ path: ["deadline", "lockAfterDays"], message: "must not be less than lateAfterDays" }]
      : []),
  ];
}

function checkFigure(figure: Figure, path: ProblemPath, figures: Map<string, Figure>): Problem[] {
  const at = (key: string, message: string): Problem => ({ path: [...path, key], message });
  const problems: Problem[] = [];
  const numeric = isNumericFigure(figure);
  if (!numeric) {
    for (const key of ["min", "max", "unitWord", "partOf"] as const) {
      if (figure[key] !== undefined) problems.push(at(key, `does not apply to a ${figure.type} figure`));
    }
    if (figure.unitAggregation === "sum") problems.push(at("unitAggregation", `a ${figure.type} figure cannot be summed`));
    if (figure.monthAggregation === "sum") problems.push(at("monthAggregation", `a ${figure.type} figure cannot be summed`));
  }
  if (figure.type === "percentage") {
    if (figure.unitAggregation === "sum") problems.push(at("unitAggregation", "a percentage cannot be summed; use a derived indicator"));
    if (figure.monthAggregation === "sum") problems.push(at("monthAggregation", "a percentage cannot be summed; use a derived indicator"));
  }
  if (figure.type === "count" && figure.decimals !== 0) problems.push(at("decimals", "a count has no decimals"));
  if (figure.type === "money" && figure.decimals > 2) problems.push(at("decimals", "money has at most 2 decimals (tiyn)"));
  if (figure.min !== undefined && figure.max !== undefined && figure.min > figure.max) {
    problems.push(at("min", `min (${figure.min}) is greater than max (${figure.max})`));
  }
  for (const key of ["min", "max"] as const) {
    const limit = figure[key];
    if (limit !== undefined && !Number.isSafeInteger(Math.round(Math.abs(limit) * 10 ** figure.decimals))) {
      problems.push(at(key, "is too large to be stored exactly"));
    }
  }
  if (figure.type === "choice" && figure.choices === undefined) problems.push(at("choices", "a choice figure needs choices"));
  if (figure.type !== "choice" && figure.choices !== undefined) problems.push(at("choices", "only a choice figure has choices"));
  if (figure.type !== "text" && figure.maxLength !== undefined) problems.push(at("maxLength", "only a text figure has maxLength"));
  problems.push(...duplicateIds((figure.choices ?? []).map((c) => c.id), (i) => [...path, "choices", i, "id"]));
  if (numeric && figure.partOf !== undefined) problems.push(...checkPart(figure, [...path, "partOf"], figures));
  return problems;
}

function checkPart(part: Figure, path: ProblemPath, figures: Map<string, Figure>): Problem[] {
  const parentId = part.partOf ?? "";
  const refs = numericRefs([parentId], path, figures);
  if (refs.length > 0) return refs.map((problem) => ({ ...problem, path }));
  const parent = figures.get(parentId);
  if (parent === undefined) return [];
  if (parent.id === part.id) return [{ path, message: "a figure cannot be a part of itself" }];
  // A part must add up like its whole, or totals of the parts would disagree with the total of the whole.
  for (const key of ["type", "decimals", "unitAggregation", "monthAggregation"] as const) {
    if (part[key] !== parent[key]) {
      return [{ path, message: `${key} "${part[key]}" differs from "${parent[key]}" of "${parent.id}"` }];
    }
  }
  const seen = new Set([part.id]);
  for (let next = parent; next.partOf !== undefined; ) {
    if (seen.has(next.id)) return [{ path, message: `"partOf" goes round in a circle through "${next.id}"` }];
    seen.add(next.id);
    const up = figures.get(next.partOf);
    if (up === undefined) break;
    next = up;
  }
  return [];
}

function numericRefs(ids: readonly string[], path: ProblemPath, figures: Map<string, Figure>): Problem[] {
  return ids.flatMap((id, i): Problem[] => {
    const figure = figures.get(id);
    if (figure === undefined) return [{ path: [...path, i], message: `unknown figure "${id}"` }];
    if (!isNumericFigure(figure)) return [{ path: [...path, i], message: `figure "${id}" is ${figure.type}, not a number` }];
    return [];
  });
}

function checkUnits(form: FormDefinition, region: Region | undefined): Problem[] {
  if (form.units === "all") return [];
  const known = new Set(region?.units.map((unit) => unit.id));
  return [
    ...duplicateIds(form.units, (i) => ["units", i]),
    ...form.units.flatMap((id, i): Problem[] =>
      region !== undefined && !known.has(id) ? [{ path: ["units", i], message: `unknown unit "${id}" (not in the region)` }] : [],
    ),
  ];
}

function duplicateIds(ids: readonly string[], pathOf: (index: number) => ProblemPath): Problem[] {
  const seen = new Set<string>();
  return ids.flatMap((id, i): Problem[] => {
    if (seen.has(id)) return [{ path: pathOf(i), message: `duplicate id "${id}"` }];
    seen.add(id);
    return [];
  });
}
