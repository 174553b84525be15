// /totals for the region's leadership: each form's key figures for the month due and the year so far, with
// completeness and changes, from the maintained totals (a fixed number of Redis round trips). Answered in groups too.
import { InlineKeyboard } from "grammy";
import type { BotContext } from "../context.ts";
import { menuAction } from "../callbacks.ts";
import { only } from "../access.ts";
import { formLabel } from "../../reports/format.ts";
import { readFormTotals, totalsMessages } from "../../reports/totalsText.ts";
import { readerOf, reportEnv, visibleForms } from "../helpers/reports.ts";
import { summaryFormButton } from "../keyboards/summary.ts";
import { webappLink } from "../webappLinks.ts";
import { FlatComposer } from "../composer.ts";

async function sendTotals(ctx: BotContext): Promise<void> {
  const now = ctx.deps.clock.now();
  const forms = visibleForms(ctx);
  const totals = await readFormTotals(reportEnv(ctx), forms, now);
  const messages = totalsMessages(reportEnv(ctx), readerOf(ctx), totals, now);
  // Buttons only in a private chat: a group does not pass them back to the bot.
  const keyboard =
    ctx.chat?.type === "private" && forms.length > 0
      ? InlineKeyboard.from([
          ...forms.map((form) => [summaryFormButton(ctx.t("reports-button-summary", { form: formLabel(form, ctx.locale, true) }), form.id)]),
          ...(ctx.deps.webappUrl ? [[InlineKeyboard.webApp(ctx.t("webapp-button-open"), webappLink(ctx.deps.webappUrl))]] : []),
        ])
      : undefined;
  for (const [i, text] of messages.entries()) {
    const last = i === messages.length - 1;
    await ctx.reply(text, { parse_mode: "HTML", ...(last && keyboard ? { reply_markup: keyboard } : {}) });
  }
}

const leadership = new FlatComposer<BotContext>();
leadership.command("totals", sendTotals);
leadership.callbackQuery(menuAction.pack("totals"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await sendTotals(ctx);
});

/** Region and admin viewers only; anyone else's updates pass on untouched. */
export const totalsFeature = only(["region", "admin"], leadership);
