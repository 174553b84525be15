// Names of units and forms in the reader's language, from the configuration.
import type { BotContext } from "./context.ts";
import { unitLabel } from "../reports/format.ts";

export function unitName(ctx: Pick<BotContext, "deps" | "locale">, unitId: string): string {
  return unitLabel(ctx.deps.region, unitId, ctx.locale);
}

export function formName(ctx: Pick<BotContext, "deps" | "locale">, formId: string): string {
  const form = ctx.deps.forms.find((f) => f.id === formId);
  return form ? form.names[ctx.locale] : formId;
}

/** A role with its unit or forms, in the reader's language: "Unit representative — Karatal District". */
export function grantLabel(
  ctx: Pick<BotContext, "deps" | "locale">,
  t: (key: string) => string,
  grant: { role: string; unit?: string | undefined; forms?: readonly string[] | undefined },
): string {
  const role = t(`access-role-${grant.role}`);
  if (grant.role === "district" && grant.unit) return `${role} — ${unitName(ctx, grant.unit)}`;
  if (grant.role === "region" && grant.forms && grant.forms.length > 0) return `${role} — ${grant.forms.map((form) => formName(ctx, form)).join(", ")}`;
  return role;
}
