// Who the calendar writes to: a unit's district users (reminders) and the leadership who may see a form (digests,
// briefs, corrections). Revoked people get nothing.
import type { Locale } from "../../domain/locale.ts";
import type { UserRecord } from "../../store/users.ts";
import { DEFAULT_LOCALE } from "../i18n.ts";

export const localeOf = (user: Pick<UserRecord, "lang">): Locale => user.lang ?? DEFAULT_LOCALE;

/** District users of the given units, by unit. */
export function districtUsersByUnit(users: readonly UserRecord[], units: readonly string[]): Map<string, UserRecord[]> {
  const wanted = new Set(units);
  const byUnit = new Map<string, UserRecord[]>();
  for (const user of users) {
    if (user.revoked || user.role !== "district" || user.unit === undefined || !wanted.has(user.unit)) continue;
    byUnit.set(user.unit, [...(byUnit.get(user.unit) ?? []), user]);
  }
  return byUnit;
}

/** Region users who may see this form (no form list means every form). */
export function leadersFor(users: readonly UserRecord[], formId: string): UserRecord[] {
  return users.filter((user) => !user.revoked && user.role === "region" && (!user.forms || user.forms.length === 0 || user.forms.includes(formId)));
}
