// Who the person behind an update is, and what each role may do. Every feature states its audience through `only`.
import { Composer, type Middleware } from "grammy";
import type { BotContext } from "./context.ts";

export type Role = "district" | "region" | "admin";

export type Viewer =
  | { role: "unknown"; userId: number | undefined }
  | { role: "district"; userId: number; unit: string }
  | { role: "region"; userId: number; forms?: string[] }
  | { role: "admin"; userId: number; forms?: undefined };

export const isKnown = (viewer: Viewer): viewer is Exclude<Viewer, { role: "unknown" }> => viewer.role !== "unknown";

/** May this viewer see the given form at the region level (summaries, totals)? */
export function canSeeRegionForm(viewer: Viewer, formId: string): boolean {
  if (viewer.role === "admin") return true;
  if (viewer.role !== "region") return false;
  return !viewer.forms || viewer.forms.length === 0 || viewer.forms.includes(formId);
}

/** May this viewer report or correct figures of the unit? */
export function canReportFor(viewer: Viewer, unitId: string): boolean {
  return viewer.role === "district" && viewer.unit === unitId;
}

/** A composer that passes an update to `middleware` only for the listed roles; others fall through. */
export function only(roles: readonly Viewer["role"][], ...middleware: Middleware<BotContext>[]): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter((ctx) => roles.includes(ctx.viewer.role), ...middleware);
  return composer;
}
