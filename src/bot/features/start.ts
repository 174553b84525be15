// /start: greets a known person by role and unit and shows what they can do.
import { Composer } from "grammy";
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

export const startFeature = new Composer<BotContext>();
startFeature.command("start", greet);
