// Sending a message, and editing the message a button belongs to, where a double tap's "message is not modified" is
// no error; the answers of these calls are not read (src/bot/api.ts, `unread`).
import { InlineKeyboard, type Context } from "grammy";
import { unread } from "../api.ts";
import type { BotContext, InnerContext } from "../context.ts";

/** ctx.reply for a message whose sent copy nobody reads (nearly every message): Telegram's answer is not parsed. */
export async function say(ctx: Context, text: string, other?: Parameters<Context["reply"]>[1]): Promise<void> {
  await ctx.reply(text, { ...other, ...unread });
}

function notModified(error: unknown): boolean {
  return error instanceof Error && error.message.includes("message is not modified");
}

/** editMessageText that shrugs at "message is not modified" (a double tap). */
export async function editMessage(ctx: BotContext | InnerContext, text: string, keyboard?: InlineKeyboard): Promise<void> {
  try {
    await ctx.editMessageText(text, { reply_markup: keyboard ?? new InlineKeyboard(), link_preview_options: { is_disabled: true }, ...unread });
  } catch (error) {
    if (notModified(error)) return;
    throw error;
  }
}

/**
 * Edits the message the button belongs to (a double tap's "message is not modified" is no error), or sends a new one
 * (for a command, or with `asNew`). HTML.
 */
export async function show(ctx: BotContext, text: string, keyboard?: InlineKeyboard, asNew = false): Promise<void> {
  const options = { parse_mode: "HTML" as const, ...(keyboard ? { reply_markup: keyboard } : {}), ...unread };
  if (ctx.callbackQuery?.message && !asNew) {
    try {
      await ctx.editMessageText(text, options);
      return;
    } catch (error) {
      if (notModified(error)) return;
      throw error;
    }
  }
  await ctx.reply(text, options);
}
