// Plausibility of a value against the unit's own history: asks for confirmation, never rejects.
import type { Figure } from "./forms.ts";

export type OutlierCheck =
  | { outlier: false }
  | { outlier: true; reason: "above_3x_mean" | "below_third_of_mean" | "z_score"; mean: number; z?: number };

export const MIN_HISTORY = 3;
const RECENT = 3;
const WINDOW = 12;
const RATIO = 3;
const Z_LIMIT = 3;

/** `history`: the unit's earlier values of the figure, newest first. */
export function checkOutlier(value: number, history: readonly number[]): OutlierCheck {
  if (history.length < MIN_HISTORY) return { outlier: false };
  const window = history.slice(0, WINDOW);
  const z = zScore(value, window);
  const withZ = z === undefined ? {} : { z };
  const recentMean = mean(history.slice(0, RECENT));
  // A mean of 0 gives no scale to compare with: first non-zero values are normal for rare events.
  if (recentMean > 0 && value > RATIO * recentMean) return { outlier: true, reason: "above_3x_mean", mean: recentMean, ...withZ };
  if (recentMean > 0 && value < recentMean / RATIO) return { outlier: true, reason: "below_third_of_mean", mean: recentMean, ...withZ };
  if (z !== undefined && Math.abs(z) > Z_LIMIT) return { outlier: true, reason: "z_score", mean: mean(window), z };
  return { outlier: false };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Sample z-score; undefined when the history does not vary. */
function zScore(value: number, window: readonly number[]): number | undefined {
  const m = mean(window);
  const variance = window.reduce((sum, v) => sum + (v - m) ** 2, 0) / (window.length - 1);
  return variance > 0 ? (value - m) / Math.sqrt(variance) : undefined;
}

/**
 * An annual allocation ("last" money figure) lower than the month before needs a reason.
 * Pass `previous` from the same year only: a new year's allocation starts afresh.
 */
export function allocationDecreased(figure: Figure, previous: number | undefined, value: number): boolean {
  return figure.type === "money" && figure.monthAggregation === "last" && previous !== undefined && value < previous;
}
