// The administrative units that report, as configuration (units are renamed, split and merged over the years).
import { z } from "zod";
import type { Localized } from "./locale.ts";
import { idSchema, localizedSchema } from "./schemaParts.ts";

export type UnitKind = "district" | "city";

export interface Unit {
  id: string;
  kind: UnitKind;
  names: Localized;
  /** Other ways people write the unit's name (short forms, transliterations); used to find it in typed text. */
  aliases?: string[];
}

export interface Region {
  id: string;
  names: Localized;
  /** IANA time zone of deadlines and "today"; never a fixed offset. */
  timeZone: string;
  units: Unit[];
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const unitSchema: z.ZodType<Unit> = z.strictObject({
  id: idSchema,
  kind: z.enum(["district", "city"]),
  names: localizedSchema,
  aliases: z.array(z.string().trim().min(1, { error: "must not be empty" })).optional(),
});

export const regionSchema = z
  .strictObject({
    id: idSchema,
    names: localizedSchema,
    timeZone: z
      .string()
      .refine(isTimeZone, { error: "expected an IANA time zone such as \"Asia/Almaty\"" })
      .default("Asia/Almaty"),
    units: z.array(unitSchema).min(1, { error: "expected at least one unit" }),
  })
  .superRefine((region, ctx) => {
    const seenIds = new Set<string>();
    const aliasOwner = new Map<string, string>();
    region.units.forEach((unit, index) => {
      if (seenIds.has(unit.id)) ctx.addIssue({ code: "custom", path: ["units", index, "id"], message: `duplicate unit id "${unit.id}"` });
      seenIds.add(unit.id);
      unit.aliases?.forEach((alias, aliasIndex) => {
        // One alias naming two units would make typed questions ambiguous.
        const key = alias.toLowerCase();
        const owner = aliasOwner.get(key);
        if (owner !== undefined && owner !== unit.id) {
          ctx.addIssue({ code: "custom", path: ["units", index, "aliases", aliasIndex], message: `alias "${alias}" is also an alias of "${owner}"` });
        }
        aliasOwner.set(key, unit.id);
      });
    });
  }) satisfies z.ZodType<Region, unknown>;

export function unitById(region: Region, unitId: string): Unit | undefined {
  return region.units.find((unit) => unit.id === unitId);
}
