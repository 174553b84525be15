// The main menu, by role.
import { InlineKeyboard } from "grammy";
import type { Viewer } from "../access.ts";
import { menuAction } from "../callbacks.ts";
import type { BotContext } from "../context.ts";

export function mainMenu(ctx: Pick<BotContext, "t">, viewer: Viewer): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (viewer.role === "district") {
    keyboard.text(ctx.t("menu-report"), menuAction.pack("report")).text(ctx.t("menu-history"), menuAction.pack("history")).row();
  }
  if (viewer.role === "region" || viewer.role === "admin") {
    keyboard.text(ctx.t("menu-totals"), menuAction.pack("totals")).text(ctx.t("menu-summary"), menuAction.pack("summary")).row();
  }
  if (viewer.role === "admin") {
    keyboard.text(ctx.t("menu-invite"), menuAction.pack("invite")).text(ctx.t("menu-users"), menuAction.pack("users")).row();
  }
  keyboard.text(ctx.t("menu-language"), menuAction.pack("language")).text(ctx.t("menu-help"), menuAction.pack("help"));
  return keyboard;
}
