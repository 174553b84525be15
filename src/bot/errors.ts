// The error boundary: a person never sees a stack trace; the log gets the detail (without the token).
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "./context.ts";
import { createI18n, negotiateLocale } from "./i18n.ts";

export const errorBoundary: MiddlewareFn<BotContext> = async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    ctx.deps?.logger.error({ err: error, update_id: ctx.update.update_id }, "update failed");
    await apologise(ctx).catch((replyError: unknown) =>
      ctx.deps?.logger.warn({ err: replyError, update_id: ctx.update.update_id }, "could not tell the user about an error"),
    );
  }
};

// For errors before the i18n middleware ran (e.g. Redis unreachable while reading who the person is).
let fallbackI18n: ReturnType<typeof createI18n<BotContext>> | undefined;

async function apologise(ctx: BotContext): Promise<void> {
  if (!ctx.chat || ctx.chat.type !== "private") return;
  fallbackI18n ??= createI18n<BotContext>();
  const locale = ctx.locale ?? negotiateLocale(undefined, ctx.from?.language_code);
  const text = typeof ctx.t === "function" ? ctx.t("error-generic") : fallbackI18n.t(locale, "error-generic");
  if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  await ctx.reply(text);
}
