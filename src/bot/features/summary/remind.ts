// "Remind the missing": offered under an open month's summary; reminds the units still missing now (at most once an
// hour each) and records who asked.
import type { BotContext } from "../../context.ts";
import { remindMissing, remindResultText } from "../../calendar/remind.ts";
import { refuse } from "../../helpers/refuse.ts";
import { onButton, remindAction } from "./actions.ts";
import { check } from "./check.ts";
import { FlatComposer } from "../../composer.ts";

export const remindFlow = new FlatComposer<BotContext>();

onButton(remindFlow, remindAction, async (ctx, formId, periodId) => {
  const checked = await check(ctx, remindAction.name, formId, periodId);
  if (!checked) return;
  if (checked.range.kind !== "month") return refuse(ctx, remindAction.name, "malformed");
  await ctx.answerCallbackQuery();
  const result = await remindMissing(ctx.deps, { form: checked.form.id, period: periodId, askedBy: ctx.viewer.userId! });
  await ctx.reply(remindResultText(ctx.t, ctx.deps, ctx.locale, result));
});
