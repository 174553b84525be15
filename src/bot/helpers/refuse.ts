// A refused button: the person is told the button is out of date (or not theirs); the log gets a security line with
// the action's name and who pressed it, never its data, which could carry anything.
import type { BotContext, InnerContext } from "../context.ts";

export type SecurityReason = "not-admin" | "malformed" | "forged" | "stale";

async function refuseWith(ctx: BotContext | InnerContext, action: string, reason: SecurityReason, text: "not-allowed" | "button-expired"): Promise<void> {
  ctx.deps.logger.warn({ event: "security", reason, action, userId: ctx.from?.id, chatId: ctx.chat?.id, role: ctx.viewer.role }, "button refused");
  await ctx.answerCallbackQuery({ text: ctx.t(text) });
}

/** The administrators' screens: only a non-administrator is told "not allowed"; stale and forged buttons are out of date. */
export function refuseButton(ctx: BotContext | InnerContext, action: string, reason: SecurityReason): Promise<void> {
  return refuseWith(ctx, action, reason, reason === "not-admin" ? "not-allowed" : "button-expired");
}

/** The leadership's screens: a forged button is "not allowed", a malformed or stale one out of date. */
export function refuse(ctx: BotContext, action: string, reason: "malformed" | "forged" | "stale"): Promise<void> {
  return refuseWith(ctx, action, reason, reason === "forged" ? "not-allowed" : "button-expired");
}
