// The bot's own settings and chat information: getMe, commands per scope and language, name and
// descriptions, the menu button, getChat, getChatMember, logOut and close.
import type { MethodHandler } from "../method.ts";
import { badRequest } from "../errors.ts";
import { field, isObject, withContext, type Params } from "../params.ts";
import type { BotState } from "../state.ts";

export const getMe: MethodHandler = ({ bot }) => ({ ...bot.user });
export const logOut: MethodHandler = () => true;
export const close: MethodHandler = () => true;

function languageCode(p: Params): string {
  const code = p.str("language_code");
  if (code !== "" && !/^[a-z]{2}$/.test(code)) throw badRequest("Invalid language code specified");
  return code;
}

/** The storage key of a BotCommandScope (chats resolved, so "@name" and the numeric id agree). */
function scopeKey(bot: BotState, p: Params): string {
  const scope = p.json("scope", "Can't parse BotCommandScope JSON object");
  if (scope === undefined) return "default";
  return withContext("Can't parse BotCommandScope: ", () => {
    if (!isObject(scope)) throw badRequest("Can't parse BotCommandScope: BotCommandScope must be an Object");
    const type = field.requiredString(scope, "type");
    if (["default", "all_private_chats", "all_group_chats", "all_chat_administrators"].includes(type)) return type;
    if (type !== "chat" && type !== "chat_administrators" && type !== "chat_member") {
      throw badRequest("Can't parse BotCommandScope: Unsupported type specified");
    }
    const chatId = field.requiredString(scope, "chat_id");
    if (chatId === "") throw badRequest("Can't parse BotCommandScope: Empty chat_id specified");
    let userId = 0;
    if (type === "chat_member") {
      userId = field.requiredInt(scope, "user_id");
      if (userId <= 0) throw badRequest("Can't parse BotCommandScope: Invalid user_id specified");
    }
    const chat = bot.resolveChat(chatId).chat.id;
    return type === "chat_member" ? `${type}:${chat}:${userId}` : `${type}:${chat}`;
  });
}

function commands(p: Params): { command: string; description: string }[] {
  const value = p.json("commands", "Can't parse commands JSON object");
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest("Expected an Array of BotCommand");
  const list = value.map((item) =>
    withContext("Can't parse BotCommand: ", () => {
      if (!isObject(item)) throw badRequest("Can't parse BotCommand: expected an Object");
      return { command: field.requiredString(item, "command"), description: field.requiredString(item, "description") };
    }),
  );
  if (list.length > 100) throw badRequest("BOT_COMMANDS_TOO_MUCH");
  for (const { command, description } of list) {
    if (command === "") throw badRequest("command must be non-empty");
    if (!/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest("BOT_COMMAND_INVALID");
    if (description.trim() === "") throw badRequest("command description must be non-empty");
    if ([...description].length > 256) throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
  }
  return list;
}

export const setMyCommands: MethodHandler = ({ bot, p }) => {
  const list = commands(p);
  const key = `${scopeKey(bot, p)}|${languageCode(p)}`;
  if (list.length === 0) bot.commands.delete(key);
  else bot.commands.set(key, list);
  return true;
};

export const getMyCommands: MethodHandler = ({ bot, p }) =>
  structuredClone(bot.commands.get(`${scopeKey(bot, p)}|${languageCode(p)}`) ?? []);

export const deleteMyCommands: MethodHandler = ({ bot, p }) => {
  bot.commands.delete(`${scopeKey(bot, p)}|${languageCode(p)}`);
  return true;
};

/** setMyName, setMyDescription, setMyShortDescription and their getters. */
function profileField(name: string, max: number): { set: MethodHandler; get: MethodHandler } {
  return {
    set: ({ bot, p }) => {
      const value = p.str(name);
      if ([...value].length > max) throw badRequest(`${name.replaceAll("_", " ")} is too long`);
      const key = `${name}|${languageCode(p)}`;
      if (value === "") bot.profile.delete(key);
      else bot.profile.set(key, value);
      return true;
    },
    get: ({ bot, p }) => ({ [name]: bot.profile.get(`${name}|${languageCode(p)}`) ?? (name === "name" ? bot.user.first_name : "") }),
  };
}

const myName = profileField("name", 64);
const myDescription = profileField("description", 512);
const myShortDescription = profileField("short_description", 120);
export const setMyName = myName.set;
export const getMyName = myName.get;
export const setMyDescription = myDescription.set;
export const getMyDescription = myDescription.get;
export const setMyShortDescription = myShortDescription.set;
export const getMyShortDescription = myShortDescription.get;

function menuChat(bot: BotState, p: Params): number {
  return p.str("chat_id") === "" ? 0 : bot.resolveChat(p.str("chat_id")).chat.id;
}

export const setChatMenuButton: MethodHandler = ({ bot, p }) => {
  const button = p.json("menu_button", "Can't parse menu button JSON object") ?? { type: "default" };
  const stored = withContext("Can't parse menu button: ", () => {
    if (!isObject(button)) throw badRequest("Can't parse menu button: MenuButton must be an Object");
    const type = field.requiredString(button, "type");
    if (type === "default" || type === "commands") return { type };
    if (type !== "web_app") throw badRequest("Can't parse menu button: MenuButton has unsupported type");
    const text = field.requiredString(button, "text");
    const webApp = field.optionalObject(button, "web_app") ?? {};
    return { type, text, web_app: { url: field.requiredString(webApp, "url") } };
  });
  bot.menuButtons.set(menuChat(bot, p), stored);
  return true;
};

export const getChatMenuButton: MethodHandler = ({ bot, p }) =>
  structuredClone(bot.menuButtons.get(menuChat(bot, p)) ?? bot.menuButtons.get(0) ?? { type: "default" });

export const getChat: MethodHandler = ({ bot, p }) => {
  const { chat } = bot.resolveChat(p.str("chat_id"));
  return { ...chat, accent_color_id: 0, max_reaction_count: 11 };
};

export const getChatMember: MethodHandler = ({ core, bot, p }) => {
  const record = bot.resolveChat(p.str("chat_id"));
  const userId = p.int("user_id", 0);
  if (userId <= 0) throw badRequest("Invalid user_id specified");
  const user =
    userId === bot.id
      ? bot.user
      : record.chat.type === "private"
        ? record.chat.id === userId
          ? core.users.get(userId)
          : undefined
        : record.members.get(userId);
  if (user === undefined) throw badRequest("user not found");
  if (record.admins.has(userId)) {
    return { status: "administrator", user, can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: true };
  }
  return { status: "member", user };
};
