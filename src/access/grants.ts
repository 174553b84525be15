// What a person may be granted: a role with its unit (district) or its forms (region), checked against the configuration.
import type { Region } from "../domain/region.ts";
import type { FormDefinition } from "../domain/forms.ts";
import { ROLES, type Role } from "../domain/people.ts";

export type Grant =
  | { role: "district"; unit: string }
  | { role: "region"; forms?: string[] }
  | { role: "admin" };

/** The roles a grant can give: the people's roles themselves. */
export type GrantRole = Role;
export const GRANT_ROLES: readonly GrantRole[] = ROLES;

export type AccessProblem =
  | "bad-role"
  | "unit-required"
  | "unknown-unit"
  | "unknown-form"
  | "unit-not-for-role"
  | "forms-not-for-role"
  | "bad-user-id";

/** A refused access operation; `problem` says why, `detail` names the offending value (for messages). */
export class AccessError extends Error {
  constructor(
    readonly problem: AccessProblem,
    readonly detail = "",
  ) {
    super(detail ? `${problem}: ${detail}` : problem);
  }
}

export interface GrantInput {
  role: string;
  unit?: string;
  forms?: readonly string[];
}

/** Checks a requested grant against the region and the forms; throws AccessError. Forms cover every form when absent or empty. */
export function checkGrant(input: GrantInput, config: { region: Region; forms: readonly Pick<FormDefinition, "id">[] }): Grant {
  if (!(GRANT_ROLES as readonly string[]).includes(input.role)) throw new AccessError("bad-role", input.role);
  const role = input.role as GrantRole;
  if (role !== "district" && input.unit !== undefined) throw new AccessError("unit-not-for-role", input.unit);
  if (role !== "region" && input.forms !== undefined && input.forms.length > 0) throw new AccessError("forms-not-for-role", input.forms.join(","));
  if (role === "district") {
    if (!input.unit) throw new AccessError("unit-required");
    if (!config.region.units.some((unit) => unit.id === input.unit)) throw new AccessError("unknown-unit", input.unit);
    return { role, unit: input.unit };
  }
  if (role === "region") {
    const forms = [...new Set(input.forms ?? [])];
    const unknown = forms.find((id) => !config.forms.some((form) => form.id === id));
    if (unknown !== undefined) throw new AccessError("unknown-form", unknown);
    // Limited to every form is the same as not limited.
    return forms.length === 0 || forms.length === config.forms.length ? { role } : { role, forms };
  }
  return { role };
}

/** The grant a stored person holds (undefined when the record is incomplete, e.g. a district without a unit). */
export function grantOf(record: { role: string; unit?: string; forms?: string[] }): Grant | undefined {
  if (record.role === "district") return record.unit ? { role: "district", unit: record.unit } : undefined;
  if (record.role === "region") return record.forms && record.forms.length > 0 ? { role: "region", forms: record.forms } : { role: "region" };
  if (record.role === "admin") return { role: "admin" };
  return undefined;
}

export function sameGrant(a: Grant | undefined, b: Grant | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
