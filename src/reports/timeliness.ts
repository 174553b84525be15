// Timeliness over the months a summary shows, counted as the table marks them (⏰: some report of the range arrived
// late), so "late: N" beside a quarter or a year is the number of ⏰ rows. On time: every month of the range
// reported, none late. For one month this is the familiar "reported and not late".
import { formUnitIds, type FormDefinition } from "../domain/forms.ts";
import { LATE_COUNT_LIMIT } from "./units.ts";
import type { ReportEnv } from "./types.ts";

export interface Timeliness {
  /** Units with every month of the range reported and none late. */
  onTime: number;
  /** Units with some report of the range late (the ⏰ rows). */
  late: number;
}

/** One round trip per month; undefined when the form has more units than are read to count (LATE_COUNT_LIMIT). */
export async function readTimeliness(env: ReportEnv, form: FormDefinition, months: readonly string[]): Promise<Timeliness | undefined> {
  const units = formUnitIds(form, env.region);
  if (units.length > LATE_COUNT_LIMIT) return undefined;
  if (months.length === 0 || units.length === 0) return { onTime: 0, late: 0 };
  const byMonth = await Promise.all(months.map((month) => env.store.reports.getReportsForUnits(form.id, month, units)));
  let onTime = 0;
  let late = 0;
  for (const unit of units) {
    const reports = byMonth.map((reportsOfMonth) => reportsOfMonth.get(unit));
    if (reports.some((report) => report?.late)) late++;
    else if (reports.every((report) => report !== undefined)) onTime++;
  }
  return { onTime, late };
}
