// Every pressed button is checked again: the form visible to this viewer, the period valid and already ended.
import type { BotContext } from "../../context.ts";
import type { FormDefinition } from "../../../domain/forms.ts";
import type { PeriodRange } from "../../../domain/periods.ts";
import { isShowable, parseReportPeriod } from "../../../reports/periods.ts";
import { dueMonthOf, visibleForms } from "../../helpers/reports.ts";
import { refuse } from "../../helpers/refuse.ts";

export interface Checked {
  form: FormDefinition;
  range: PeriodRange;
  dueMonth: string;
}

export function formFor(ctx: BotContext, formId: string): FormDefinition | undefined {
  return visibleForms(ctx).find((form) => form.id === formId);
}

/** A form id no viewer's form has any more is stale; one that exists but is not this viewer's is forged. */
export function refuseForm(ctx: BotContext, action: string, formId: string): Promise<void> {
  return refuse(ctx, action, ctx.deps.forms.some((f) => f.id === formId) ? "forged" : "stale");
}

/** The form visible to this viewer and the period valid and ended; else the button is refused. */
export async function check(ctx: BotContext, action: string, formId: string, periodId: string): Promise<Checked | undefined> {
  const form = formFor(ctx, formId);
  if (!form) {
    await refuseForm(ctx, action, formId);
    return undefined;
  }
  const range = parseReportPeriod(periodId);
  const dueMonth = dueMonthOf(ctx, form);
  if (!range) {
    await refuse(ctx, action, "malformed");
    return undefined;
  }
  if (!isShowable(range, dueMonth)) {
    await ctx.answerCallbackQuery({ text: ctx.t("reports-period-invalid") });
    return undefined;
  }
  return { form, range, dueMonth };
}
