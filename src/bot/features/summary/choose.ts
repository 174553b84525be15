// Choosing what to sum up: a form (when the viewer sees more than one), then a period by buttons (month, quarter,
// year so far), or an earlier one from a year's page.
import { InlineKeyboard } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import type { BotContext } from "../../context.ts";
import type { FormDefinition } from "../../../domain/forms.ts";
import type { PeriodRange } from "../../../domain/periods.ts";
import { monthName } from "../../../domain/periods.ts";
import { escapeHtml, formLabel, periodName } from "../../../reports/format.ts";
import { isShowable, mainPeriodChoices, monthParts, monthsShown, periodLabel, periodsOfYear, reportPeriodId } from "../../../reports/periods.ts";
import { dueMonthOf, visibleForms } from "../../helpers/reports.ts";
import { show } from "../../helpers/messages.ts";
import { gridOf } from "../../keyboards/grid.ts";
import { button, earlierAction, formAction, onButton, showAction } from "./actions.ts";
import { formFor, refuseForm } from "./check.ts";
import { FlatComposer } from "../../composer.ts";

const ROMAN = ["I", "II", "III", "IV"];

export async function chooseForm(ctx: BotContext, asNew = false): Promise<void> {
  const forms = visibleForms(ctx);
  if (forms.length === 0) return show(ctx, ctx.t("reports-no-forms"), undefined, asNew);
  if (forms.length === 1) return choosePeriod(ctx, forms[0]!, asNew);
  const keyboard = gridOf(forms.map((form) => button(formLabel(form, ctx.locale, true), formAction.pack(form.id))), 1);
  await show(ctx, ctx.t("reports-choose-form"), keyboard, asNew);
}

async function choosePeriod(ctx: BotContext, form: FormDefinition, asNew = false): Promise<void> {
  const dueMonth = dueMonthOf(ctx, form);
  const choices = mainPeriodChoices(dueMonth).filter((range) => isShowable(range, dueMonth));
  const keyboard = gridOf(
    choices.map((range) => button(periodLabel(range, monthsShown(range, dueMonth), ctx), showAction.pack(form.id, reportPeriodId(range), 0))),
    1,
    [button(ctx.t("reports-button-earlier"), earlierAction.pack(form.id, monthParts(dueMonth).year))],
  );
  await show(ctx, ctx.t("reports-choose-period", { form: escapeHtml(formLabel(form, ctx.locale)) }), keyboard, asNew);
}

async function earlierPeriods(ctx: BotContext, form: FormDefinition, shownYear: number): Promise<void> {
  const dueMonth = dueMonthOf(ctx, form);
  const dueYear = monthParts(dueMonth).year;
  const yearShown = Math.min(shownYear, dueYear);
  const { months, quarters, whole } = periodsOfYear(yearShown, dueMonth);
  const pack = (range: PeriodRange) => showAction.pack(form.id, reportPeriodId(range), 0);
  const monthButtons = months.map((range) => button(range.kind === "month" ? monthName(range.month, ctx.locale) : "", pack(range)));
  const quarterButtons = quarters.map((range) =>
    button(range.kind === "quarter" ? ctx.t("reports-quarter-short", { number: String(range.quarter), roman: ROMAN[range.quarter - 1] ?? "" }) : "", pack(range)),
  );
  const wholeButtons = whole.map((range) => button(periodName(ctx, range), pack(range)));
  const navigation = [
    button(`◀ ${yearShown - 1}`, earlierAction.pack(form.id, yearShown - 1)),
    ...(yearShown < dueYear ? [button(`${yearShown + 1} ▶`, earlierAction.pack(form.id, yearShown + 1))] : []),
  ];
  const grid: InlineKeyboardButton[][] = [];
  for (let i = 0; i < monthButtons.length; i += 3) grid.push(monthButtons.slice(i, i + 3));
  grid.push(quarterButtons, wholeButtons, navigation, [button(ctx.t("reports-button-back"), formAction.pack(form.id))]);
  await show(ctx, ctx.t("reports-earlier-title", { form: escapeHtml(formLabel(form, ctx.locale)), year: String(yearShown) }), InlineKeyboard.from(grid.filter((row) => row.length > 0)));
}

export const chooseFlow = new FlatComposer<BotContext>();

onButton(chooseFlow, formAction, async (ctx, formId) => {
  const form = formFor(ctx, formId);
  if (!form) return refuseForm(ctx, formAction.name, formId);
  await ctx.answerCallbackQuery();
  await choosePeriod(ctx, form);
});

onButton(chooseFlow, earlierAction, async (ctx, formId, shownYear) => {
  const form = formFor(ctx, formId);
  if (!form) return refuseForm(ctx, earlierAction.name, formId);
  await ctx.answerCallbackQuery();
  await earlierPeriods(ctx, form, shownYear);
});
