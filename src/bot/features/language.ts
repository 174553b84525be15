// /language and the menu's language button open the language conversation.
import type { BotContext } from "../context.ts";
import { menuAction } from "../callbacks.ts";
import { FlatComposer } from "../composer.ts";

export const languageFeature = new FlatComposer<BotContext>();
languageFeature.command("language", (ctx) => ctx.conversation.enter("language"));
languageFeature.callbackQuery(menuAction.pack("language"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter("language");
});
