// Names of units and forms in the reader's language, from the configuration.
import type { BotContext } from "./context.ts";

export function unitName(ctx: Pick<BotContext, "deps" | "locale">, unitId: string): string {
  const unit = ctx.deps.region.units.find((u) => u.id === unitId);
  return unit ? unit.names[ctx.locale] : unitId;
}

export function formName(ctx: Pick<BotContext, "deps" | "locale">, formId: string): string {
  const form = ctx.deps.forms.find((f) => f.id === formId);
  return form ? form.names[ctx.locale] : formId;
}
