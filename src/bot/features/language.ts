// /language and the menu's language button open the language conversation.
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { pack } from "../callbacks.ts";

export const languageFeature = new Composer<BotContext>();
languageFeature.command("language", (ctx) => ctx.conversation.enter("language"));
languageFeature.callbackQuery(pack("menu", "language"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter("language");
});
