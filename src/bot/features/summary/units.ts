// Per unit: the units of a form a page at a time, and one unit's last 12 months for the forms this viewer may see.
import type { BotContext } from "../../context.ts";
import { escapeHtml, formLabel, unitLabel } from "../../../reports/format.ts";
import { reportPeriodId } from "../../../reports/periods.ts";
import { UNITS_PER_PAGE } from "../../../reports/summaryText.ts";
import { unitsInOrder } from "../../../reports/units.ts";
import { unitHistoryText } from "../../../reports/unitHistory.ts";
import { unitNotesText } from "../../../reports/notes.ts";
import { dueMonthOf, readerOf, reportEnv, visibleForms } from "../../helpers/reports.ts";
import { show } from "../../helpers/messages.ts";
import { refuse } from "../../helpers/refuse.ts";
import { gridOf } from "../../keyboards/grid.ts";
import { button, noopAction, onButton, unitHistoryAction, unitsAction } from "./actions.ts";
import { check, type Checked } from "./check.ts";
import { FlatComposer } from "../../composer.ts";

async function chooseUnit(ctx: BotContext, checked: Checked, pageNumber: number, inPlace: boolean): Promise<void> {
  const order = unitsInOrder(checked.form, ctx.deps.region, ctx.locale);
  const pages = Math.max(1, Math.ceil(order.length / UNITS_PER_PAGE));
  const shown = Math.min(Math.max(0, pageNumber), pages - 1);
  const units = order.slice(shown * UNITS_PER_PAGE, (shown + 1) * UNITS_PER_PAGE);
  const periodId = reportPeriodId(checked.range);
  const paging =
    pages > 1
      ? [
          button("◀", unitsAction.pack(checked.form.id, periodId, Math.max(0, shown - 1), "1")),
          button(`${shown + 1}/${pages}`, noopAction.pack()),
          button("▶", unitsAction.pack(checked.form.id, periodId, Math.min(pages - 1, shown + 1), "1")),
        ]
      : [];
  const keyboard = gridOf(units.map((id) => button(unitLabel(ctx.deps.region, id, ctx.locale), unitHistoryAction.pack(id))), 2, paging);
  const text = ctx.t("reports-choose-unit", {
    form: escapeHtml(formLabel(checked.form, ctx.locale)),
    from: String(shown * UNITS_PER_PAGE + 1),
    to: String(shown * UNITS_PER_PAGE + units.length),
    total: String(order.length),
  });
  await show(ctx, text, keyboard, !inPlace);
}

async function sendUnitHistory(ctx: BotContext, unitId: string): Promise<void> {
  const forms = visibleForms(ctx);
  const form = forms[0];
  if (!form) return void (await ctx.reply(ctx.t("reports-no-forms")));
  const text = await unitHistoryText(reportEnv(ctx), readerOf(ctx), unitId, forms, dueMonthOf(ctx, form));
  const notes = await unitNotesText(reportEnv(ctx), readerOf(ctx), unitId, forms, dueMonthOf(ctx, form), escapeHtml);
  await ctx.reply(`${text}${notes}`, { parse_mode: "HTML" });
}

export const unitsFlow = new FlatComposer<BotContext>();

onButton(unitsFlow, unitsAction, async (ctx, formId, periodId, pageNumber, inPlace) => {
  const checked = await check(ctx, unitsAction.name, formId, periodId);
  if (!checked) return;
  await ctx.answerCallbackQuery();
  await chooseUnit(ctx, checked, pageNumber, inPlace === "1");
});

onButton(unitsFlow, unitHistoryAction, async (ctx, unitId) => {
  const unit = ctx.deps.region.units.find((u) => u.id === unitId);
  if (!unit) return refuse(ctx, unitHistoryAction.name, "stale");
  await ctx.answerCallbackQuery();
  await sendUnitHistory(ctx, unit.id);
});
