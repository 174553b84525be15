// The Bot API methods this server implements, by lower-cased name (Telegram matches names case-insensitively).
import type { MethodHandler } from "../method.ts";
import * as bot from "./bot.ts";
import * as media from "./media.ts";
import * as messages from "./messages.ts";
import * as queries from "./queries.ts";
import * as updates from "./updates.ts";

const handlers: Record<string, MethodHandler> = {
  getMe: bot.getMe,
  logOut: bot.logOut,
  close: bot.close,
  setMyCommands: bot.setMyCommands,
  getMyCommands: bot.getMyCommands,
  deleteMyCommands: bot.deleteMyCommands,
  setMyName: bot.setMyName,
  getMyName: bot.getMyName,
  setMyDescription: bot.setMyDescription,
  getMyDescription: bot.getMyDescription,
  setMyShortDescription: bot.setMyShortDescription,
  getMyShortDescription: bot.getMyShortDescription,
  setChatMenuButton: bot.setChatMenuButton,
  getChatMenuButton: bot.getChatMenuButton,
  getChat: bot.getChat,
  getChatMember: bot.getChatMember,
  getUpdates: updates.getUpdates,
  setWebhook: updates.setWebhook,
  deleteWebhook: updates.deleteWebhook,
  getWebhookInfo: updates.getWebhookInfo,
  sendMessage: messages.sendMessage,
  editMessageText: messages.editMessageText,
  editMessageCaption: messages.editMessageCaption,
  editMessageReplyMarkup: messages.editMessageReplyMarkup,
  deleteMessage: messages.deleteMessage,
  sendChatAction: messages.sendChatAction,
  sendDocument: media.sendDocument,
  sendPhoto: media.sendPhoto,
  getFile: media.getFile,
  answerCallbackQuery: queries.answerCallbackQuery,
  answerInlineQuery: queries.answerInlineQuery,
};

export const METHODS: ReadonlyMap<string, { name: string; handler: MethodHandler }> = new Map(
  Object.entries(handlers).map(([name, handler]) => [name.toLowerCase(), { name, handler }]),
);
