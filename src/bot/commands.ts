// The command list in Telegram's menu, per language.
import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import { LOCALES, type Locale } from "../domain/locale.ts";
import { DEFAULT_LOCALE, type Translator } from "./i18n.ts";

/** Every command the bot lists in Telegram's menu; the access matrix test has a row for each. */
export const COMMANDS = [
  "start",
  "report",
  "cancel",
  "history",
  "reopen",
  "deadlines",
  "totals",
  "summary",
  "invite",
  "users",
  "language",
  "help",
] as const;
export type CommandName = (typeof COMMANDS)[number];

export function commandList(t: Translator, locale: Locale): BotCommand[] {
  return COMMANDS.map((command) => ({ command, description: t(locale, `cmd-${command}`) }));
}

export async function registerCommands(api: Api, t: Translator): Promise<void> {
  for (const locale of LOCALES) {
    await api.setMyCommands(commandList(t, locale), { language_code: locale });
  }
  await api.setMyCommands(commandList(t, DEFAULT_LOCALE));
}
