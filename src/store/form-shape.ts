// The little of a form the store needs: which numeric figures add up, and how. Declared here, not imported from
// the domain, so the store depends on nothing of ours; a domain form satisfies it structurally.

export interface TotalledFigure {
  id: string;
  /** Over units: "sum" adds up into regional totals, "none" (e.g. a percentage) is never totalled. */
  unitAggregation: "sum" | "none";
  /** Over the months of a year: "sum" adds up, "last" takes the latest value (annual allocations, cumulative figures). */
  monthAggregation: "sum" | "last";
}

export interface FormShape {
  id: string;
  /** Numeric figures only; text and choice figures are stored but never totalled. */
  figures: readonly TotalledFigure[];
}

/** Figures whose monthly regional total is kept (`totals` field `<id>`). */
export function summedFigures(form: FormShape): string[] {
  return form.figures.filter((figure) => figure.unitAggregation === "sum").map((figure) => figure.id);
}

/** Figures whose carry-forward regional total is kept (`totals` field `<id>:last`). */
export function carriedFigures(form: FormShape): string[] {
  return form.figures
    .filter((figure) => figure.unitAggregation === "sum" && figure.monthAggregation === "last")
    .map((figure) => figure.id);
}
