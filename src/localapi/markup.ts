// reply_markup: the structural parse the Bot API server does before looking at the chat (its error texts),
// and the checks Telegram's servers do afterwards (BUTTON_DATA_INVALID and friends).
import { badRequest } from "./errors.ts";
import { field, isObject, withContext, type Params } from "./params.ts";
import { checkUrl } from "./text/entities.ts";
import type { InlineButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup } from "./types.ts";

export type Markup =
  | { kind: "inline"; markup: InlineKeyboardMarkup }
  | { kind: "keyboard"; markup: ReplyKeyboardMarkup }
  | { kind: "remove"; selective: boolean }
  | { kind: "force_reply"; selective: boolean; placeholder: string };

/** Parses `reply_markup` (absent or empty gives `undefined`). */
export function parseReplyMarkup(params: Params, name = "reply_markup"): Markup | undefined {
  const value = params.json(name, "Can't parse reply keyboard markup JSON object");
  if (value === undefined) return undefined;
  return markupFromJson(value);
}

export function markupFromJson(value: unknown): Markup | undefined {
  if (!isObject(value)) throw badRequest("Object expected as reply markup");
  const rows = withContext("", () => field.optionalArray(value, "keyboard")) ?? [];
  const keyboard: KeyboardButton[][] = rows.map((row) => {
    if (!Array.isArray(row)) throw badRequest(`Field "keyboard" must be an Array of Arrays`);
    return row.map((button) => withContext("Can't parse keyboard button: ", () => keyboardButton(button)));
  });
  const inlineRows = withContext("", () => field.optionalArray(value, "inline_keyboard")) ?? [];
  const inline: InlineButton[][] = inlineRows.map((row) => {
    if (!Array.isArray(row)) {
      throw badRequest(`Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays`);
    }
    return row.map((button) => withContext("Can't parse inline keyboard button: ", () => inlineButton(button)));
  });
  return withContext("", () => {
    const remove = field.optionalBool(value, "hide_keyboard") || field.optionalBool(value, "remove_keyboard");
    const selective = field.optionalBool(value, "personal_keyboard") || field.optionalBool(value, "selective");
    const forceReply = field.optionalBool(value, "force_reply_keyboard") || field.optionalBool(value, "force_reply");
    const placeholder = field.optionalString(value, "input_field_placeholder");
    if (keyboard.length > 0) {
      const markup: ReplyKeyboardMarkup = { keyboard };
      if (field.optionalBool(value, "resize_keyboard")) markup.resize_keyboard = true;
      if (field.optionalBool(value, "one_time_keyboard")) markup.one_time_keyboard = true;
      if (field.optionalBool(value, "is_persistent")) markup.is_persistent = true;
      if (placeholder !== "") markup.input_field_placeholder = placeholder;
      if (selective) markup.selective = true;
      return { kind: "keyboard", markup };
    }
    if (inline.length > 0) return { kind: "inline", markup: { inline_keyboard: inline } };
    if (remove) return { kind: "remove", selective };
    if (forceReply) return { kind: "force_reply", selective, placeholder };
    return undefined;
  });
}

function keyboardButton(value: unknown): KeyboardButton {
  if (typeof value === "string") return { text: value };
  if (!isObject(value)) throw badRequest("Can't parse keyboard button: KeyboardButton must be a String or an Object");
  const button: KeyboardButton = { text: field.requiredString(value, "text") };
  if (field.optionalBool(value, "request_phone_number") || field.optionalBool(value, "request_contact")) {
    button.request_contact = true;
  } else if (field.optionalBool(value, "request_location")) {
    button.request_location = true;
  } else if (value.request_poll !== undefined) {
    button.request_poll = field.optionalObject(value, "request_poll");
  } else if (value.web_app !== undefined) {
    button.web_app = { url: field.requiredString(field.optionalObject(value, "web_app") ?? {}, "url") };
  } else if (value.request_users !== undefined || value.request_user !== undefined) {
    const request = field.optionalObject(value, value.request_users !== undefined ? "request_users" : "request_user") ?? {};
    field.requiredInt(request, "request_id");
    button.request_users = request;
  } else if (value.request_chat !== undefined) {
    const request = field.optionalObject(value, "request_chat") ?? {};
    field.requiredInt(request, "request_id");
    for (const flag of ["chat_is_channel", "chat_is_forum", "chat_has_username", "chat_is_created", "bot_is_member"]) {
      field.optionalBool(request, flag);
    }
    button.request_chat = request;
  }
  return button;
}

function inlineButton(value: unknown): InlineButton {
  if (!isObject(value)) throw badRequest("Can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  const text = field.requiredString(value, "text");
  const url = field.optionalString(value, "url");
  if (url !== "") return { text, url };
  const data = field.optionalString(value, "callback_data");
  if (data !== "") return { text, callback_data: data };
  if (value.callback_game !== undefined) return { text, callback_game: value.callback_game };
  if (value.pay !== undefined) return { text, pay: true };
  if (value.switch_inline_query !== undefined) return { text, switch_inline_query: field.requiredString(value, "switch_inline_query") };
  if (value.switch_inline_query_chosen_chat !== undefined) {
    const chosen = field.optionalObject(value, "switch_inline_query_chosen_chat") ?? {};
    field.optionalString(chosen, "query");
    for (const flag of ["allow_user_chats", "allow_bot_chats", "allow_group_chats", "allow_channel_chats"]) {
      field.optionalBool(chosen, flag);
    }
    return { text, switch_inline_query_chosen_chat: chosen };
  }
  if (value.switch_inline_query_current_chat !== undefined) {
    return { text, switch_inline_query_current_chat: field.requiredString(value, "switch_inline_query_current_chat") };
  }
  if (value.login_url !== undefined) {
    const login = field.optionalObject(value, "login_url") ?? {};
    field.requiredString(login, "url");
    field.optionalBool(login, "request_write_access");
    return { text, login_url: login };
  }
  if (value.web_app !== undefined) {
    return { text, web_app: { url: field.requiredString(field.optionalObject(value, "web_app") ?? {}, "url") } };
  }
  if (value.copy_text !== undefined) {
    return { text, copy_text: { text: field.optionalString(field.optionalObject(value, "copy_text") ?? {}, "text") } };
  }
  throw badRequest("Can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
}

const MAX_BUTTONS = 100;

/** What Telegram's servers refuse once the request itself parsed. */
export function checkMarkup(markup: Markup | undefined): void {
  if (markup?.kind === "inline") {
    const buttons = markup.markup.inline_keyboard.flat();
    if (buttons.length > MAX_BUTTONS) throw badRequest("reply markup is too long");
    for (const button of buttons) checkInlineButton(button);
  } else if (markup?.kind === "keyboard") {
    const buttons = markup.markup.keyboard.flat();
    if (buttons.length > MAX_BUTTONS * 3) throw badRequest("reply markup is too long");
    for (const button of buttons) {
      if (button.text === "") throw badRequest("BUTTON_TEXT_INVALID");
      const webApp = button.web_app as { url?: string } | undefined;
      if (webApp?.url !== undefined) checkWebApp("Keyboard button", webApp.url);
    }
  }
}

function checkInlineButton(button: InlineButton): void {
  if (button.text === "") throw badRequest("BUTTON_TEXT_INVALID");
  if (button.callback_data !== undefined && Buffer.byteLength(button.callback_data, "utf8") > 64) {
    throw badRequest("BUTTON_DATA_INVALID");
  }
  if (button.url !== undefined) {
    const checked = checkUrl(button.url);
    if (!checked.ok) throw badRequest(`Inline keyboard button URL '${button.url}' is invalid: ${checked.reason}`);
  }
  if (button.pay !== undefined || button.callback_game !== undefined) throw badRequest("BUTTON_TYPE_INVALID");
  const copy = button.copy_text as { text: string } | undefined;
  if (copy !== undefined && (copy.text === "" || copy.text.length > 256)) throw badRequest("BUTTON_COPY_TEXT_INVALID");
  const webApp = button.web_app as { url?: string } | undefined;
  if (webApp?.url !== undefined) checkWebApp("Inline keyboard button", webApp.url);
}

function checkWebApp(what: string, url: string): void {
  if (!url.startsWith("https://") || !checkUrl(url).ok) {
    throw badRequest(`${what} Web App URL '${url}' is invalid: Only HTTPS links are allowed`);
  }
}

/** The inline keyboard a message shows after this markup (other kinds attach none to the message). */
export function inlineOf(markup: Markup | undefined): InlineKeyboardMarkup | undefined {
  return markup?.kind === "inline" ? markup.markup : undefined;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

