// May a unit still change a period? Open by the calendar (openPeriods: not locked yet), or reopened for that unit by
// the leadership (an approved request, until its grant ends). One HGET or HGETALL on top of the pure calendar.
import type { FormDefinition } from "../domain/forms.ts";
import { openPeriods } from "../domain/periods.ts";
import type { Store } from "./index.ts";

interface LockingDeps {
  store: Pick<Store, "calendar">;
  timeZone: string;
}

type CalendarForm = Pick<FormDefinition, "id" | "periodType" | "deadline">;

/** Is this unit's report of `form` for `period` reopened at `now`? */
export function isReopened(store: Pick<Store, "calendar">, formId: string, unit: string, period: string, now: Date): Promise<boolean> {
  return store.calendar.isReopened(formId, unit, period, now);
}

/** The periods the unit may report or correct now: openPeriods' (due first), then those reopened for it (newest first). */
export async function periodsOpenFor(deps: LockingDeps, form: CalendarForm, unit: string, now: Date): Promise<string[]> {
  const open = openPeriods(form, now, deps.timeZone);
  const reopened = await deps.store.calendar.reopenedPeriods(form.id, unit, now);
  return [...open, ...reopened.map((grant) => grant.period).filter((period) => !open.includes(period))];
}

/** May the unit report or correct this period now? No Redis call while the period is open anyway. */
export async function isPeriodOpenFor(deps: LockingDeps, form: CalendarForm, unit: string, period: string, now: Date): Promise<boolean> {
  if (openPeriods(form, now, deps.timeZone).includes(period)) return true;
  return deps.store.calendar.isReopened(form.id, unit, period, now);
}
