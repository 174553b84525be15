// Mini Apps as Telegram opens them: init data signed with the bot's token (HMAC-SHA-256, as Telegram's servers sign
// it) and the launch URL a Telegram client loads, with the init data, version, platform and theme in its fragment.
// Written from Telegram's description, independently of the library the bot validates with.
import { createHmac } from "node:crypto";
import type { TgUser } from "./types.ts";

export interface InitDataOptions {
  /** When it was signed (default now); Telegram's clients sign with the real time. */
  authDate?: Date;
  queryId?: string;
  /** `startapp` of a direct link, passed through to the app. */
  startParam?: string;
  chatType?: "sender" | "private" | "group" | "supergroup" | "channel";
}

/** The init data string (`query_id=…&user=…&auth_date=…&hash=…`) a Telegram client gives the Mini App. */
export function signInitData(token: string, user: TgUser, options: InitDataOptions = {}): string {
  const fields: Record<string, string> = {
    auth_date: String(Math.floor((options.authDate ?? new Date()).getTime() / 1000)),
    user: JSON.stringify({
      id: user.id,
      first_name: user.first_name,
      ...(user.last_name ? { last_name: user.last_name } : {}),
      ...(user.username ? { username: user.username } : {}),
      ...(user.language_code ? { language_code: user.language_code } : {}),
      allows_write_to_pm: true,
    }),
    ...(options.queryId ? { query_id: options.queryId } : {}),
    ...(options.startParam ? { start_param: options.startParam } : {}),
    ...(options.chatType ? { chat_type: options.chatType } : {}),
  };
  const checkString = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join("\n");
  const secret = createHmac("sha256", "WebAppData").update(token).digest();
  const hash = createHmac("sha256", secret).update(checkString).digest("hex");
  return new URLSearchParams({ ...fields, hash }).toString();
}

/** Telegram's default light theme, as a client passes it. */
export const LIGHT_THEME = {
  bg_color: "#ffffff",
  text_color: "#000000",
  hint_color: "#707579",
  link_color: "#3390ec",
  button_color: "#3390ec",
  button_text_color: "#ffffff",
  secondary_bg_color: "#f4f4f5",
  header_bg_color: "#ffffff",
  accent_text_color: "#3390ec",
  section_bg_color: "#ffffff",
  section_header_text_color: "#3390ec",
  subtitle_text_color: "#707579",
  destructive_text_color: "#e53935",
};

/** The URL a Telegram client loads: the app's address with the launch parameters in its fragment. */
export function webAppLaunchUrl(appUrl: string, initData: string, theme: Record<string, string> = LIGHT_THEME): string {
  const launch = new URLSearchParams({
    tgWebAppData: initData,
    tgWebAppVersion: "8.0",
    tgWebAppPlatform: "weba",
    tgWebAppThemeParams: JSON.stringify(theme),
  });
  return `${appUrl.split("#")[0]}#${launch.toString()}`;
}
