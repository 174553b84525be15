// The menu button of each region user's chat opens the Mini App (setChatMenuButton per person); everyone else keeps
// Telegram's default. Set for everyone at start, and again when a person's role is seen to change.
import type { Api } from "grammy";
import type { Locale } from "../domain/locale.ts";
import { DEFAULT_LOCALE, type Translator } from "./i18n.ts";
import type { Logger } from "../logger.ts";
import type { Store } from "../store/index.ts";

export interface MenuDeps {
  api: Api;
  logger: Logger;
}

/** True when the person should have the Mini App in their menu. */
export function wantsMenuButton(role: string | undefined, revoked: boolean | undefined): boolean {
  return !revoked && (role === "region" || role === "admin");
}

/** The Mini App's button (`button` given) or Telegram's default in one person's chat. */
export async function setMenuButton(deps: MenuDeps, chatId: number, button: { url: string; text: string } | undefined): Promise<void> {
  try {
    await deps.api.setChatMenuButton({
      chat_id: chatId,
      menu_button: button ? { type: "web_app", text: button.text, web_app: { url: button.url } } : { type: "default" },
    });
  } catch (error) {
    // A person who never opened the chat or blocked the bot: nothing to set.
    deps.logger.debug({ err: error, chatId }, "menu button not set");
  }
}

/** At start: the Mini App button (in the person's saved language, else the bot's default) for region users and admins, the default for everyone else (revoked people too). */
export async function syncMenuButtons(app: { bot: { api: Api }; translate: Translator; logger: Logger; store: Store; deps: { webappUrl?: string; adminIds: readonly number[] } }): Promise<void> {
  const url = app.deps.webappUrl;
  if (!url) return;
  const deps: MenuDeps = { api: app.bot.api, logger: app.logger };
  const button = (locale: Locale) => ({ url, text: app.translate(locale, "webapp-menu-button") });
  const users = await app.store.users.listUsers();
  const ids = new Set(users.map((user) => user.id));
  for (const user of users) {
    const wanted = wantsMenuButton(user.role, user.revoked) || app.deps.adminIds.includes(user.id);
    await setMenuButton(deps, user.id, wanted ? button(user.lang ?? DEFAULT_LOCALE) : undefined);
  }
  for (const id of app.deps.adminIds) if (!ids.has(id)) await setMenuButton(deps, id, button(DEFAULT_LOCALE));
}
