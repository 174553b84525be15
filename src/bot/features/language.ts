// /language and the menu's language button open the language conversation.
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { menuAction } from "../callbacks.ts";

export const languageFeature = new Composer<BotContext>();
languageFeature.command("language", (ctx) => ctx.conversation.enter("language"));
languageFeature.callbackQuery(menuAction.pack("language"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter("language");
});
