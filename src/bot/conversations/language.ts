// /language as a conversation: offer kk, ru, en; the choice is kept in Redis and wins over Telegram's language.
import { InlineKeyboard } from "grammy";
import type { Conversation } from "@grammyjs/conversations";
import type { BotContext, InnerContext } from "../context.ts";
import { LANGUAGE_NAMES, LOCALES } from "../../domain/locale.ts";
import { languageAction } from "../callbacks.ts";
import { showOpenStep } from "../features/report/start.ts";


export async function chooseLanguage(conversation: Conversation<BotContext, InnerContext>, ctx: InnerContext): Promise<void> {
  const keyboard = new InlineKeyboard();
  for (const locale of LOCALES) keyboard.text(LANGUAGE_NAMES[locale], languageAction.pack(locale));
  await ctx.reply(ctx.t("language-choose"), { reply_markup: keyboard });

  // Anything but a language button ends the choice and is handled as usual.
  const answer = await conversation.waitForCallbackQuery(languageAction.filter, {
    otherwise: () => conversation.halt({ next: true }),
  });
  const [locale] = languageAction.unpack(answer.callbackQuery.data) ?? [];
  if (!locale) {
    await answer.answerCallbackQuery();
    return;
  }
  await conversation.external(async (outside) => {
    const { people } = outside.deps;
    // An administrator from ADMIN_IDS may have no record yet: the choice creates it.
    if (outside.person) await people.setLanguage(outside.viewer.userId!, locale);
    else if (outside.viewer.role === "admin") await people.put({ id: outside.viewer.userId, role: "admin", lang: locale });
  });
  ctx.i18n.useLocale(locale);
  answer.i18n.useLocale(locale);
  await answer.answerCallbackQuery();
  await answer.reply(answer.t("language-set"));
  // In the middle of a form, the question at hand again, now in the new language.
  await conversation.external(async (outside) => {
    outside.locale = locale;
    outside.i18n.useLocale(locale);
    await showOpenStep(outside);
  });
}
