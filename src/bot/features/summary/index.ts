// /summary for the region's leadership: a form, a period by buttons (month, quarter, year so far, earlier ones), then
// the regional totals with completeness and one page of the per-unit table, with Chart, Spreadsheet and Per unit.
// One file a flow: choose.ts (form, period), show.ts (the summary), charts.ts, sheet.ts, remind.ts, units.ts; every
// pressed button is checked again (check.ts).
import type { BotContext } from "../../context.ts";
import { menuAction } from "../../callbacks.ts";
import { only } from "../../access.ts";
import type { PeriodRange } from "../../../domain/periods.ts";
import { isShowable, monthParts } from "../../../reports/periods.ts";
import { parseQuestion } from "../../../reports/questions.ts";
import { questionVocabulary } from "../../questionWords.ts";
import { dueMonthOf, visibleForms } from "../../helpers/reports.ts";
import { formsListAction, noopAction } from "./actions.ts";
import { chooseFlow, chooseForm } from "./choose.ts";
import { showFlow, showSummary } from "./show.ts";
import { chartFlow } from "./charts.ts";
import { sheetFlow } from "./sheet.ts";
import { remindFlow } from "./remind.ts";
import { unitsFlow } from "./units.ts";
import { FlatComposer } from "../../composer.ts";

const leadership = new FlatComposer<BotContext>();

leadership.command("summary", async (ctx) => {
  const isPrivate = ctx.chat.type === "private";
  const forms = visibleForms(ctx);
  const args = ctx.match.trim();
  if (args === "" && isPrivate) return chooseForm(ctx);
  // "/summary занятость Q3": the form and period named as in a typed question; in groups, no buttons (they cannot be pressed there).
  const first = forms[0];
  if (!first) return void (await ctx.reply(ctx.t("reports-no-forms")));
  const dueMonth = dueMonthOf(ctx, first);
  const asked = args === "" ? undefined : parseQuestion(args, ctx.deps.region, forms, dueMonth, questionVocabulary());
  const named = [...new Set([...(asked?.forms ?? []), ...(asked?.figures.map((f) => f.form) ?? [])])];
  const range: PeriodRange = asked?.period ?? { kind: "ytd", ...monthParts(dueMonth) };
  if (!isShowable(range, dueMonth)) return void (await ctx.reply(ctx.t("reports-period-invalid")));
  for (const form of named.length > 0 ? named : forms) await showSummary(ctx, form, range, dueMonthOf(ctx, form), 0, isPrivate);
});

leadership.callbackQuery(menuAction.pack("summary"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await chooseForm(ctx, true);
});

leadership.callbackQuery(formsListAction.pack(), async (ctx) => {
  await ctx.answerCallbackQuery();
  await chooseForm(ctx, true);
});

leadership.callbackQuery(noopAction.pack(), async (ctx) => {
  await ctx.answerCallbackQuery();
});

leadership.use(chooseFlow, showFlow, chartFlow, sheetFlow, remindFlow, unitsFlow);

/** Region and admin viewers only; anyone else's updates pass on untouched. */
export const summaryFeature = only(["region", "admin"], leadership);
