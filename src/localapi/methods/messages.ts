// sendMessage, the edits, deleteMessage and sendChatAction.
import type { MethodHost } from "../method.ts";
import type { MethodHandler } from "../method.ts";
import { badRequest } from "../errors.ts";
import { checkMarkup, inlineOf, parseReplyMarkup, sameJson } from "../markup.ts";
import type { Params } from "../params.ts";
import type { BotState, ChatRecord } from "../state.ts";
import { finishText, parseText } from "../text/format.ts";
import type { TgMessage } from "../types.ts";
import { markupJson, messageId, post, replyTarget, writableChat } from "./common.ts";

const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

export const sendMessage: MethodHandler = ({ core, bot, p, method }) => {
  const raw = p.str("text");
  if (raw === "") throw badRequest("Message text is empty");
  const parsed = parseText(raw, p.str("parse_mode"), p.str("entities"));
  const markup = parseReplyMarkup(p);
  const record = writableChat(bot, p);
  const text = finishText(parsed, { maxLength: 4096, tooLong: "Message is too long", allowEmpty: false });
  checkMarkup(markup);
  const replyTo = replyTarget(record, p);
  return post(core, bot, record, {
    kind: "message",
    method,
    content: { text: text.text, ...(text.entities.length > 0 ? { entities: text.entities } : {}) },
    markup,
    replyTo,
  });
};

/** The bot message an edit targets, with Telegram's errors in Telegram's order. */
function editTarget(bot: BotState, p: Params): { record: ChatRecord; message: TgMessage } {
  const chatId = p.str("chat_id");
  const id = messageId(p);
  if (chatId === "" && id === 0) {
    if (p.str("inline_message_id") === "") throw badRequest("Message identifier is not specified");
    throw badRequest("MESSAGE_ID_INVALID");
  }
  const record = bot.resolveChat(chatId);
  if (id === 0) throw badRequest("Message identifier is not specified");
  const message = record.messages.get(id);
  if (message === undefined) throw badRequest("message to edit not found");
  if (!record.botMessages.has(id)) throw badRequest("message can't be edited");
  return { record, message };
}

function setOrDelete<K extends keyof TgMessage>(message: TgMessage, key: K, value: TgMessage[K] | undefined): void {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) delete message[key];
  else message[key] = value;
}

export const editMessageText: MethodHandler = ({ core, bot, p, method }) => {
  const raw = p.str("text");
  if (raw === "") throw badRequest("Message text is empty");
  const parsed = parseText(raw, p.str("parse_mode"), p.str("entities"));
  const markup = parseReplyMarkup(p);
  const { record, message } = editTarget(bot, p);
  if (message.text === undefined) throw badRequest("there is no text in the message to edit");
  const text = finishText(parsed, { maxLength: 4096, tooLong: "Message is too long", allowEmpty: false });
  checkMarkup(markup);
  const keyboard = inlineOf(markup);
  if (message.text === text.text && sameJson(message.entities ?? [], text.entities) && sameJson(message.reply_markup, keyboard)) {
    throw badRequest(NOT_MODIFIED);
  }
  message.text = text.text;
  setOrDelete(message, "entities", text.entities);
  setOrDelete(message, "reply_markup", keyboard);
  return recordEdit(core, bot, record, message, method, markupJson(markup));
};

export const editMessageCaption: MethodHandler = ({ core, bot, p, method }) => {
  const parsed = parseText(p.str("caption"), p.str("parse_mode"), p.str("caption_entities"));
  const markup = parseReplyMarkup(p);
  const { record, message } = editTarget(bot, p);
  if (message.photo === undefined && message.document === undefined) {
    throw badRequest("there is no caption in the message to edit");
  }
  const caption = finishText(parsed, { maxLength: 1024, tooLong: "Message caption is too long", allowEmpty: true });
  checkMarkup(markup);
  const keyboard = inlineOf(markup);
  if (
    (message.caption ?? "") === caption.text &&
    sameJson(message.caption_entities ?? [], caption.entities) &&
    sameJson(message.reply_markup, keyboard)
  ) {
    throw badRequest(NOT_MODIFIED);
  }
  setOrDelete(message, "caption", caption.text === "" ? undefined : caption.text);
  setOrDelete(message, "caption_entities", caption.entities);
  setOrDelete(message, "reply_markup", keyboard);
  return recordEdit(core, bot, record, message, method, markupJson(markup));
};

export const editMessageReplyMarkup: MethodHandler = ({ core, bot, p, method }) => {
  const markup = parseReplyMarkup(p);
  const { record, message } = editTarget(bot, p);
  checkMarkup(markup);
  const keyboard = inlineOf(markup);
  if (sameJson(message.reply_markup, keyboard)) throw badRequest(NOT_MODIFIED);
  setOrDelete(message, "reply_markup", keyboard);
  return recordEdit(core, bot, record, message, method, markupJson(markup));
};

function recordEdit(
  core: MethodHost,
  bot: BotState,
  record: ChatRecord,
  message: TgMessage,
  method: string,
  replyMarkup: unknown,
): TgMessage {
  message.edit_date = Math.floor(Date.now() / 1000);
  core.events.record({
    kind: "edit",
    botId: bot.id,
    chatId: record.chat.id,
    method,
    messageId: message.message_id,
    ...(message.text === undefined ? {} : { text: message.text, entities: message.entities ?? [] }),
    ...(message.caption === undefined ? {} : { caption: message.caption }),
    ...(replyMarkup === undefined ? {} : { replyMarkup }),
    message: structuredClone(message),
  });
  return structuredClone(message);
}

export const deleteMessage: MethodHandler = ({ core, bot, p, method }) => {
  const record = bot.resolveChat(p.str("chat_id"));
  const id = messageId(p);
  if (id === 0) throw badRequest("Message identifier is not specified");
  const message = record.messages.get(id);
  if (message === undefined) throw badRequest("message to delete not found");
  const own = record.botMessages.has(id);
  if (record.chat.type !== "private" && !own && !record.admins.has(bot.id)) throw badRequest("message can't be deleted");
  record.messages.delete(id);
  record.botMessages.delete(id);
  core.events.record({
    kind: "delete",
    botId: bot.id,
    chatId: record.chat.id,
    method,
    messageId: id,
    ...(message.text === undefined ? {} : { text: message.text }),
  });
  return true;
};

const ACTIONS = new Set([
  "cancel", "typing", "record_video", "upload_video", "record_audio", "record_voice", "upload_audio", "upload_voice",
  "upload_photo", "upload_document", "choose_sticker", "pick_up_location", "find_location", "record_video_note",
  "upload_video_note",
]);

export const sendChatAction: MethodHandler = ({ core, bot, p, method }) => {
  const action = p.str("action").toLowerCase();
  if (!ACTIONS.has(action)) throw badRequest("Wrong parameter action in request");
  const record = writableChat(bot, p);
  core.events.record({ kind: "action", botId: bot.id, chatId: record.chat.id, method, action });
  return true;
};
