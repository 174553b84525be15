// Who a person is to the bot: their role, and what each role may see or change. One definition for every room.
export type Role = "district" | "region" | "admin";

export const ROLES: readonly Role[] = ["district", "region", "admin"];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** The person behind an update, as every feature sees them. */
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
