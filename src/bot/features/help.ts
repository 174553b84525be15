// /help: what this person can do, by role.
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";

export async function help(ctx: BotContext): Promise<void> {
  const key = ctx.viewer.role === "district" ? "help-district" : ctx.viewer.role === "region" ? "help-region" : "help-admin";
  await ctx.reply(ctx.t(key, { days: ctx.deps.inviteTtlDays }));
}

export const helpFeature = new Composer<BotContext>();
helpFeature.command("help", help);
