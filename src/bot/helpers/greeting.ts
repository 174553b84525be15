// What a person can do, by role: the greeting with the main menu (/start, /menu, after an invite is taken) and /help.
import type { BotContext } from "../context.ts";
import { mainMenu } from "../keyboards/menu.ts";
import { unitName } from "../names.ts";

export async function greet(ctx: BotContext): Promise<void> {
  const name = ctx.from?.first_name ?? "";
  const viewer = ctx.viewer;
  const greeting =
    viewer.role === "district"
      ? ctx.t("greeting-district", { name, unit: unitName(ctx, viewer.unit) })
      : viewer.role === "region"
        ? ctx.t("greeting-region", { name })
        : ctx.t("greeting-admin", { name });
  await ctx.reply(`${greeting}\n\n${ctx.t("menu-prompt")}`, { reply_markup: mainMenu(ctx, viewer) });
}

export async function help(ctx: BotContext): Promise<void> {
  const key = ctx.viewer.role === "district" ? "help-district" : ctx.viewer.role === "region" ? "help-region" : "help-admin";
  await ctx.reply(ctx.t(key, { days: ctx.deps.inviteTtlDays }));
}
