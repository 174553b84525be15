// The main menu, by role.
import { InlineKeyboard } from "grammy";
import type { Viewer } from "../access.ts";
import { pack } from "../callbacks.ts";
import type { BotContext } from "../context.ts";

export function mainMenu(ctx: Pick<BotContext, "t">, viewer: Viewer): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (viewer.role === "district") {
    keyboard.text(ctx.t("menu-report"), pack("menu", "report")).text(ctx.t("menu-history"), pack("menu", "history")).row();
  }
  if (viewer.role === "region" || viewer.role === "admin") {
    keyboard.text(ctx.t("menu-totals"), pack("menu", "totals")).text(ctx.t("menu-summary"), pack("menu", "summary")).row();
  }
  if (viewer.role === "admin") {
    keyboard.text(ctx.t("menu-invite"), pack("menu", "invite")).text(ctx.t("menu-users"), pack("menu", "users")).row();
  }
  keyboard.text(ctx.t("menu-language"), pack("menu", "language")).text(ctx.t("menu-help"), pack("menu", "help"));
  return keyboard;
}
