// Who gets through: forms only in private chats; in groups only region summaries; an unknown person gets one polite message an hour.
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "./context.ts";

const UNKNOWN_NOTICE_SECONDS = 3600;
const GROUP_COMMANDS = new Set(["totals", "summary"]);

export const gate: MiddlewareFn<BotContext> = async (ctx, next) => {
  const chatType = ctx.chat?.type;
  if (chatType && chatType !== "private") {
    const command = ctx.msg?.text?.match(/^\/(\w+)/)?.[1];
    const isRegion = ctx.viewer.role === "region" || ctx.viewer.role === "admin";
    if (isRegion && command && GROUP_COMMANDS.has(command)) return next();
    return;
  }
  if (ctx.inlineQuery) return next();
  if (ctx.viewer.role !== "unknown") return next();
  if (ctx.msg?.text?.match(/^\/start\s+\S+/)) return next();
  await noticeUnknown(ctx);
};

async function noticeUnknown(ctx: BotContext): Promise<void> {
  const userId = ctx.from?.id;
  if (userId === undefined) return;
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  if (await ctx.deps.store.chats.firstNotice(userId, UNKNOWN_NOTICE_SECONDS)) await ctx.reply(ctx.t("unknown-user"));
}
