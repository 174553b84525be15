// Chart: for a form with several chartable figures a figure is chosen first; then the units' bars and the months' line.
import { InputFile } from "grammy";
import type { BotContext } from "../../context.ts";
import { figureLabel, shortLabelOf } from "../../../domain/forms.ts";
import { chartFigures, renderCharts } from "../../../reports/charts.ts";
import { monthsShown, periodLabel, reportPeriodId } from "../../../reports/periods.ts";
import { readerOf, reportEnv } from "../../helpers/reports.ts";
import { refuse } from "../../helpers/refuse.ts";
import { gridOf } from "../../keyboards/grid.ts";
import { button, chartAction, chartFigureAction, onButton } from "./actions.ts";
import { check, type Checked } from "./check.ts";
import { FlatComposer } from "../../composer.ts";

async function sendCharts(ctx: BotContext, checked: Checked, figureIndex: number): Promise<void> {
  const figures = chartFigures(checked.form);
  const figure = figures[figureIndex];
  if (!figure) return refuse(ctx, chartFigureAction.name, "stale");
  await ctx.answerCallbackQuery();
  await ctx.replyWithChatAction("upload_photo");
  const images = await renderCharts(reportEnv(ctx), readerOf(ctx), checked.form, figure, checked.range, checked.dueMonth);
  const months = monthsShown(checked.range, checked.dueMonth);
  const period = periodLabel(checked.range, months, ctx);
  const name = `${checked.form.id}_${reportPeriodId(checked.range)}`;
  await ctx.replyWithPhoto(new InputFile(images.bars, `${name}_units.png`), { caption: ctx.t("reports-chart-bars-caption", { figure: figureLabel(figure, ctx.locale, months.length), period }) });
  await ctx.replyWithPhoto(new InputFile(images.line, `${name}_months.png`), { caption: ctx.t("reports-chart-line-caption", { figure: figureLabel(figure, ctx.locale, 12) }) });
}

export const chartFlow = new FlatComposer<BotContext>();

onButton(chartFlow, chartAction, async (ctx, formId, periodId) => {
  const checked = await check(ctx, chartAction.name, formId, periodId);
  if (!checked) return;
  const figures = chartFigures(checked.form);
  if (figures.length === 1) return sendCharts(ctx, checked, 0);
  await ctx.answerCallbackQuery();
  const keyboard = gridOf(
    figures.map((figure, i) => button(shortLabelOf(figure, ctx.locale), chartFigureAction.pack(formId, periodId, i))),
    1,
  );
  await ctx.reply(ctx.t("reports-choose-figure"), { reply_markup: keyboard });
});

onButton(chartFlow, chartFigureAction, async (ctx, formId, periodId, index) => {
  const checked = await check(ctx, chartFigureAction.name, formId, periodId);
  if (!checked) return;
  await sendCharts(ctx, checked, index);
});
