// Spreadsheet: the summary as .xlsx and as .csv (for a Russian-locale Excel).
import { InputFile } from "grammy";
import type { BotContext } from "../../context.ts";
import { formLabel } from "../../../reports/format.ts";
import { monthsShown, periodLabel } from "../../../reports/periods.ts";
import { buildSpreadsheet } from "../../../reports/spreadsheet.ts";
import { readerOf, reportEnv } from "../../helpers/reports.ts";
import { onButton, sheetAction } from "./actions.ts";
import { check } from "./check.ts";
import { FlatComposer } from "../../composer.ts";

export const sheetFlow = new FlatComposer<BotContext>();

onButton(sheetFlow, sheetAction, async (ctx, formId, periodId) => {
  const checked = await check(ctx, sheetAction.name, formId, periodId);
  if (!checked) return;
  await ctx.answerCallbackQuery();
  await ctx.replyWithChatAction("upload_document");
  const files = await buildSpreadsheet(reportEnv(ctx), readerOf(ctx), checked.form, checked.range, checked.dueMonth, ctx.deps.clock.now());
  const caption = `📊 ${formLabel(checked.form, ctx.locale)}, ${periodLabel(checked.range, monthsShown(checked.range, checked.dueMonth), ctx)}`;
  await ctx.replyWithDocument(new InputFile(files.xlsx, `${files.baseName}.xlsx`), { caption });
  await ctx.replyWithDocument(new InputFile(files.csv, `${files.baseName}.csv`));
});
