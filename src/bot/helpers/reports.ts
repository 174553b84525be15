// What the leadership's features (/totals, /summary, inline mode, typed questions) hand the reports layer: the
// environment, the reader (locale and words), the forms this viewer may see and the month due now.
import type { BotContext } from "../context.ts";
import { canSeeRegionForm } from "../access.ts";
import type { FormDefinition } from "../../domain/forms.ts";
import { duePeriod } from "../../domain/periods.ts";
import { monthlyForms } from "../../reports/totalsText.ts";
import type { Reader, ReportEnv } from "../../reports/types.ts";

export function reportEnv(ctx: BotContext): ReportEnv {
  return { store: ctx.deps.store, region: ctx.deps.region, forms: ctx.deps.forms, timeZone: ctx.deps.timeZone };
}

export function readerOf(ctx: BotContext): Reader {
  return { locale: ctx.locale, t: (key, variables) => ctx.t(key, variables) };
}

/** Monthly forms this viewer may see at the region level. */
export function visibleForms(ctx: BotContext): FormDefinition[] {
  return monthlyForms(ctx.deps.forms).filter((form) => canSeeRegionForm(ctx.viewer, form.id));
}

/** The month whose report is due now: nothing later can be shown. */
export function dueMonthOf(ctx: BotContext, form: FormDefinition): string {
  return duePeriod(form, ctx.deps.clock.now(), ctx.deps.timeZone);
}
