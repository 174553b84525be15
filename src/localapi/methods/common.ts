// Pieces the sending and editing methods share: the target chat, replies, posting a bot message.
import type { MethodHost } from "../method.ts";
import { ApiError, badRequest } from "../errors.ts";
import type { BotEventKind } from "../events.ts";
import { inlineOf, type Markup } from "../markup.ts";
import { field, isObject, withContext, type Params } from "../params.ts";
import type { BotState, ChatRecord } from "../state.ts";
import type { TgMessage } from "../types.ts";

/** The chat a bot writes to: Telegram's chat errors, then 403 if the user blocked the bot. */
export function writableChat(bot: BotState, p: Params): ChatRecord {
  const record = bot.resolveChat(p.str("chat_id"));
  if (record.blocked) throw new ApiError(403, "Forbidden: bot was blocked by the user");
  return record;
}

/** get_message_id: a positive integer, anything else reads as 0. */
export function messageId(p: Params, name = "message_id"): number {
  const id = p.int(name, 0);
  return id > 0 ? id : 0;
}

/** The message being replied to (reply_parameters or the legacy reply_to_message_id), if any. */
export function replyTarget(record: ChatRecord, p: Params): TgMessage | undefined {
  let id = messageId(p, "reply_to_message_id");
  let allowWithout = p.bool("allow_sending_without_reply");
  const parameters = p.json("reply_parameters", "Can't parse reply parameters JSON object");
  if (parameters !== undefined) {
    if (!isObject(parameters)) throw badRequest("Object expected as reply parameters");
    if (Object.keys(parameters).length === 0) return undefined;
    withContext("", () => {
      id = Math.max(0, field.requiredInt(parameters, "message_id"));
      allowWithout = field.optionalBool(parameters, "allow_sending_without_reply");
    });
  }
  if (id === 0) return undefined;
  const target = record.messages.get(id);
  if (target === undefined && !allowWithout) throw badRequest("message to be replied not found");
  return target;
}

/** reply_markup as the bot sent it, for the event record. */
export function markupJson(markup: Markup | undefined): unknown {
  if (markup === undefined) return undefined;
  if (markup.kind === "inline" || markup.kind === "keyboard") return markup.markup;
  if (markup.kind === "remove") return { remove_keyboard: true, ...(markup.selective ? { selective: true } : {}) };
  return {
    force_reply: true,
    ...(markup.selective ? { selective: true } : {}),
    ...(markup.placeholder === "" ? {} : { input_field_placeholder: markup.placeholder }),
  };
}

export interface Posting {
  kind: BotEventKind;
  method: string;
  content: Partial<TgMessage>;
  markup: Markup | undefined;
  replyTo?: TgMessage | undefined;
  file?: { fileName?: string | undefined; fileId: string; bytes: Buffer } | undefined;
}

/** Checks the send rate, stores the bot's message, records the event and returns the message as sent. */
export function post(core: MethodHost, bot: BotState, record: ChatRecord, posting: Posting): TgMessage {
  core.limiter.check(bot.id, record.chat.id);
  const content: Partial<TgMessage> = { ...posting.content };
  if (posting.replyTo !== undefined) content.reply_to_message = structuredClone(posting.replyTo);
  const inline = inlineOf(posting.markup);
  if (inline !== undefined) content.reply_markup = inline;
  const message = bot.addMessage(record, bot.user, content);
  if (posting.markup?.kind === "keyboard") record.replyKeyboard = posting.markup.markup;
  if (posting.markup?.kind === "remove") record.replyKeyboard = undefined;
  const snapshot = structuredClone(message);
  core.events.record({
    kind: posting.kind,
    botId: bot.id,
    chatId: record.chat.id,
    method: posting.method,
    messageId: message.message_id,
    ...(message.text === undefined ? {} : { text: message.text, entities: message.entities ?? [] }),
    ...(message.caption === undefined ? {} : { caption: message.caption }),
    ...(posting.markup === undefined ? {} : { replyMarkup: markupJson(posting.markup) }),
    ...(posting.file === undefined
      ? {}
      : { fileName: posting.file.fileName, fileId: posting.file.fileId, bytes: posting.file.bytes }),
    message: snapshot,
  });
  return structuredClone(message);
}
