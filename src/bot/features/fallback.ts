// What the bot does not understand gets a polite pointer to the menu; an old button says it is out of date.
import type { BotContext } from "../context.ts";
import { greet, help } from "../helpers/greeting.ts";
import { menuAction } from "../callbacks.ts";
import { FlatComposer } from "../composer.ts";

export const fallbackFeature = new FlatComposer<BotContext>();
fallbackFeature.callbackQuery(menuAction.pack("help"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await help(ctx);
});
fallbackFeature.on("callback_query", async (ctx) => {
  await ctx.answerCallbackQuery({ text: ctx.t("button-expired") });
});
fallbackFeature.on("inline_query", (ctx) => ctx.answerInlineQuery([], { cache_time: 0, is_personal: true }));
// Reached when no feature had anything to cancel for this person.
fallbackFeature.command("cancel", (ctx) => ctx.reply(ctx.t("report-nothing-to-cancel")));
fallbackFeature.on("message", async (ctx) => {
  if (ctx.msg.text?.startsWith("/menu")) return greet(ctx);
  await ctx.reply(ctx.t("fallback"));
});
