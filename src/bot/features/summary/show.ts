// The summary message: the regional totals with completeness and one page of the per-unit table; buttons only where
// they can be pressed (not in groups): pages, Chart, Spreadsheet, Per unit, Notes, Remind, another period or form.
import { InlineKeyboard } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import type { BotContext } from "../../context.ts";
import type { FormDefinition } from "../../../domain/forms.ts";
import type { PeriodRange } from "../../../domain/periods.ts";
import { reportPeriodId } from "../../../reports/periods.ts";
import { readSummary, summaryText } from "../../../reports/summaryText.ts";
import { notesMarker, readNotes } from "../../../reports/notes.ts";
import { canRemindMissing } from "../../calendar/remind.ts";
import { notesAction } from "../../calendar/actions.ts";
import { readerOf, reportEnv, visibleForms } from "../../helpers/reports.ts";
import { show } from "../../helpers/messages.ts";
import { webappLink } from "../../webappLinks.ts";
import { button, chartAction, formAction, formsListAction, noopAction, onButton, remindAction, sheetAction, showAction, unitsAction } from "./actions.ts";
import { check } from "./check.ts";
import { FlatComposer } from "../../composer.ts";

export async function showSummary(ctx: BotContext, form: FormDefinition, range: PeriodRange, dueMonth: string, pageNumber: number, withButtons = true): Promise<void> {
  const summary = await readSummary(reportEnv(ctx), readerOf(ctx), form, range, dueMonth, pageNumber);
  const notes = await readNotes(reportEnv(ctx), form, summary.reading.months);
  const marker = notesMarker(readerOf(ctx), notes);
  const text = `${summaryText(reportEnv(ctx), readerOf(ctx), summary)}${marker ? `\n\n${marker}` : ""}`;
  if (!withButtons) return show(ctx, text);
  const periodId = reportPeriodId(range);
  const rows: InlineKeyboardButton[][] = [];
  if (summary.pages > 1) {
    const at = (p: number) => showAction.pack(form.id, periodId, p);
    rows.push([
      button("◀", at(Math.max(0, summary.page - 1))),
      button(`${summary.page + 1}/${summary.pages}`, noopAction.pack()),
      button("▶", at(Math.min(summary.pages - 1, summary.page + 1))),
    ]);
  }
  rows.push([button(ctx.t("reports-button-chart"), chartAction.pack(form.id, periodId)), button(ctx.t("reports-button-spreadsheet"), sheetAction.pack(form.id, periodId))]);
  rows.push([button(ctx.t("reports-button-per-unit"), unitsAction.pack(form.id, periodId, 0, "0")), button(ctx.t("reports-button-other-period"), formAction.pack(form.id))]);
  if (notes && notes.length > 0) rows.push([button(ctx.t("calendar-notes-button", { count: notes.length }), notesAction.pack(form.id, periodId))]);
  if (range.kind === "month" && (await canRemindMissing(ctx.deps, form, periodId, summary.reading.completeness.missing))) {
    rows.push([button(ctx.t("reports-button-remind"), remindAction.pack(form.id, periodId))]);
  }
  if (visibleForms(ctx).length > 1) rows.push([button(ctx.t("reports-button-other-form"), formsListAction.pack())]);
  if (ctx.deps.webappUrl) rows.push([InlineKeyboard.webApp(ctx.t("webapp-button-open"), webappLink(ctx.deps.webappUrl, form.id, periodId))]);
  await show(ctx, text, InlineKeyboard.from(rows));
}

export const showFlow = new FlatComposer<BotContext>();

onButton(showFlow, showAction, async (ctx, formId, periodId, pageNumber) => {
  const checked = await check(ctx, showAction.name, formId, periodId);
  if (!checked) return;
  await ctx.answerCallbackQuery();
  await showSummary(ctx, checked.form, checked.range, checked.dueMonth, pageNumber);
});
