// The report feature: commands and choices (features list), and the answers inside an open draft, which run
// before the conversations plugin so a form answer costs no conversation storage read.
import type { BotContext } from "../../context.ts";
import { menuAction } from "../../callbacks.ts";
import { only } from "../../access.ts";
import { correctChoice, draftChoice, earlierPeriods, formChoice, periodChoice, walkActions } from "./actions.ts";
import { cancelCommand, onCorrectChosen, onDraftChoice, onFormChosen, onPeriodChosen, startReport } from "./start.ts";
import { openSession } from "./session.ts";
import { handleWalk } from "./walk.ts";
import { excelTemplate, isSpreadsheetUpload, onDocument, onTemplateButton } from "./excel.ts";
import { FlatComposer } from "../../composer.ts";

const district = new FlatComposer<BotContext>();
district.command("report", startReport);
district.command("cancel", cancelCommand);
district.callbackQuery(menuAction.pack("report"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await startReport(ctx);
});
district.callbackQuery(formChoice.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const [form] = formChoice.unpack(ctx.callbackQuery.data) ?? [];
  if (form) await onFormChosen(ctx, form, false);
});
district.callbackQuery(earlierPeriods.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const [form] = earlierPeriods.unpack(ctx.callbackQuery.data) ?? [];
  if (form) await onFormChosen(ctx, form, true);
});
district.callbackQuery(periodChoice.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const [form, period] = periodChoice.unpack(ctx.callbackQuery.data) ?? [];
  if (form && period) await onPeriodChosen(ctx, form, period);
});
district.callbackQuery(correctChoice.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const [form, period, choice] = correctChoice.unpack(ctx.callbackQuery.data) ?? [];
  if (form && period && choice) await onCorrectChosen(ctx, form, period, choice);
});
district.callbackQuery(excelTemplate.filter, onTemplateButton);
district.callbackQuery(draftChoice.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const [choice] = draftChoice.unpack(ctx.callbackQuery.data) ?? [];
  if (choice) await onDraftChoice(ctx, choice);
});

/** Commands, menu buttons and form/period choices of district users. */
export const reportFeature = only(["district"], district);

const answers = new FlatComposer<BotContext>();
// A filled spreadsheet, with or without an open draft: read into the draft of the file's own period.
answers.on("message:document", (ctx, next) => (isSpreadsheetUpload(ctx) ? onDocument(ctx) : next()));
answers.on(["message", "callback_query:data"], async (ctx, next) => {
  if (ctx.viewer.role !== "district" || !ctx.person?.draft || ctx.chat?.type !== "private") return next();
  if (ctx.message?.text?.startsWith("/")) return next();
  const data = ctx.callbackQuery?.data;
  if (data !== undefined && !walkActions.some((action) => action.filter.test(data))) return next();
  // Only the fields the question at the cursor needs: an answer costs the same in a 5- or a 100-figure form.
  const session = await openSession(ctx, false);
  if (!session) return next();
  await handleWalk(ctx, session);
});

/** Answers and buttons inside an open draft. */
export const reportAnswers = answers;
