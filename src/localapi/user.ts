// The person's side: what a user does in a private chat or a group, each action queued as the update
// Telegram would send, resolving once the bot has taken it over and handled it.
import type { Core } from "./core.ts";
import type { BotEvent, EventPredicate } from "./events.ts";
import type { BotState, CallbackAnswer, ChatRecord, InlineAnswer, PendingCallback, PendingInline } from "./state.ts";
import { detectBotCommands, finishText, parseText } from "./text/format.ts";
import type { ReplyKeyboardMarkup, TgCallbackQuery, TgChat, TgInlineQuery, TgMessage, TgUpdate, TgUser } from "./types.ts";
import type { HandoverStatus } from "./updates.ts";
import { signInitData, webAppLaunchUrl, type InitDataOptions } from "./webapp.ts";

export interface UserSpec {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface GroupSpec {
  /** Negative, as group ids are (supergroups: -100…). */
  id: number;
  title: string;
  type?: "group" | "supergroup";
  username?: string;
  /** Whether the bot is an administrator (it may then delete anyone's messages). */
  botIsAdmin?: boolean;
}

export interface Delivered {
  updateId: number;
  update: TgUpdate;
  /**
   * "handled" once its webhook answered 2xx, or (polling) once a later getUpdates offset confirmed it:
   * grammY's bot.start() confirms after handling, but @grammyjs/runner confirms when it fetches the next
   * batch, possibly before handling ends (wait for the reply with waitFor there).
   */
  status: HandoverStatus;
  /** What the bot did in this chat between queueing the update and the hand-over. */
  replies: BotEvent[];
}

export interface SentMessage extends Delivered {
  message: TgMessage;
}

export interface Pressed extends Delivered {
  /** For an inline button. */
  callbackQuery?: TgCallbackQuery;
  /** The bot's answerCallbackQuery, if it answered before the hand-over. */
  answer?: CallbackAnswer;
  /** For a reply-keyboard button: the message it sent. */
  message?: TgMessage;
}

export interface InlineResult extends Delivered {
  inlineQuery: TgInlineQuery;
  answer?: InlineAnswer;
  /** The answer's results ([] when the bot did not answer). */
  results: unknown[];
}

/** A user action: resolves after the hand-over; `updateId` is known at once. */
export type UserAction<T> = Promise<T> & { readonly updateId: number };

export function makeUser(spec: UserSpec): TgUser {
  return {
    id: spec.id,
    is_bot: false,
    first_name: spec.first_name,
    ...(spec.last_name === undefined ? {} : { last_name: spec.last_name }),
    ...(spec.username === undefined ? {} : { username: spec.username }),
    ...(spec.language_code === undefined ? {} : { language_code: spec.language_code }),
  };
}

export function privateChat(user: TgUser): TgChat {
  return {
    id: user.id,
    type: "private",
    first_name: user.first_name,
    ...(user.last_name === undefined ? {} : { last_name: user.last_name }),
    ...(user.username === undefined ? {} : { username: user.username }),
  };
}

/** Messages of a chat as they stand now, oldest first. */
function current(record: ChatRecord, botOnly: boolean): TgMessage[] {
  return [...record.messages.values()]
    .filter((m) => !botOnly || record.botMessages.has(m.message_id))
    .map((m) => structuredClone(m));
}

export class GroupHandle {
  constructor(
    private readonly core: Core,
    private readonly bot: BotState,
    readonly record: ChatRecord,
  ) {}

  get chat(): TgChat {
    return this.record.chat;
  }

  get chatId(): number {
    return this.record.chat.id;
  }

  messages(): TgMessage[] {
    return current(this.record, false);
  }

  botMessages(): TgMessage[] {
    return current(this.record, true);
  }

  /** Makes a member an administrator (getChatMember reports it). */
  promote(userId: number): void {
    this.record.admins.add(userId);
  }

  waitFor(predicate?: EventPredicate, timeoutMs?: number): Promise<BotEvent> {
    return this.core.events.waitFor(this.chatId, (e) => e.botId === this.bot.id && (predicate?.(e) ?? true), {
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
  }
}

export class UserHandle {
  private lastMark: number;

  constructor(
    private readonly core: Core,
    private readonly bot: BotState,
    readonly record: ChatRecord,
    readonly user: TgUser,
    private readonly handoverTimeoutMs: number,
  ) {
    this.lastMark = core.events.mark();
  }

  get chat(): TgChat {
    return this.record.chat;
  }

  get chatId(): number {
    return this.record.chat.id;
  }

  /** The URL a Telegram client loads when this person opens the bot's Mini App at `appUrl` (init data signed with the bot's token). */
  openWebApp(appUrl: string, options: InitDataOptions = {}): string {
    return webAppLaunchUrl(appUrl, signInitData(this.bot.token, this.user, options));
  }

  /** The same person writing in a group (joins it). */
  in(group: GroupHandle): UserHandle {
    group.record.members.set(this.user.id, this.user);
    return new UserHandle(this.core, this.bot, group.record, this.user, this.handoverTimeoutMs);
  }

  /** A text message; a leading /command gets its bot_command entity. */
  send(text: string, options: { replyTo?: number } = {}): UserAction<SentMessage> {
    if (text === "") throw new Error("send: a Telegram message cannot be empty");
    const entities = detectBotCommands(text);
    return this.message({ text, ...(entities.length > 0 ? { entities } : {}) }, options.replyTo);
  }

  sendPhoto(options: { caption?: string; bytes?: Buffer; width?: number; height?: number } = {}): UserAction<SentMessage> {
    const bytes = options.bytes ?? Buffer.from("photo");
    const width = options.width ?? 1280;
    const height = options.height ?? 960;
    const file = this.bot.storeFile("photo", bytes, { width, height });
    const size = { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: bytes.length };
    return this.message({
      photo: [
        { ...size, width: Math.round(width / 4), height: Math.round(height / 4) },
        { ...size, width, height },
      ],
      ...(options.caption === undefined ? {} : { caption: options.caption }),
    });
  }

  sendSticker(options: { emoji?: string } = {}): UserAction<SentMessage> {
    const file = this.bot.storeFile("sticker", Buffer.from("sticker"));
    return this.message({
      sticker: {
        file_id: file.fileId, file_unique_id: file.fileUniqueId, type: "regular", width: 512, height: 512,
        is_animated: false, is_video: false, emoji: options.emoji ?? "👍", file_size: file.bytes.length,
      },
    });
  }

  sendDocument(fileName: string, bytes: Buffer | string, options: { caption?: string; mimeType?: string } = {}): UserAction<SentMessage> {
    const data = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
    const mimeType = options.mimeType ?? "application/octet-stream";
    const file = this.bot.storeFile("document", data, { fileName, mimeType });
    return this.message({
      document: { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_name: fileName, mime_type: mimeType, file_size: data.length },
      ...(options.caption === undefined ? {} : { caption: options.caption }),
    });
  }

  /** Shares a contact; with no argument the user's own (as a request_contact button does). */
  sendContact(contact: { phone_number?: string; first_name?: string; last_name?: string; user_id?: number } = {}): UserAction<SentMessage> {
    return this.message({
      contact: {
        phone_number: contact.phone_number ?? `+7700${String(this.user.id).padStart(7, "0").slice(-7)}`,
        first_name: contact.first_name ?? this.user.first_name,
        ...(contact.last_name === undefined ? {} : { last_name: contact.last_name }),
        user_id: contact.user_id ?? this.user.id,
      },
    });
  }

  sendLocation(latitude: number, longitude: number): UserAction<SentMessage> {
    return this.message({ location: { latitude, longitude } });
  }

  /** Edits one of the user's own messages: an edited_message update. */
  editText(messageId: number, text: string): UserAction<SentMessage> {
    const message = this.record.messages.get(messageId);
    if (message?.from?.id !== this.user.id || message.text === undefined) {
      throw new Error(`editText: message ${messageId} is not a text message of user ${this.user.id} in chat ${this.chatId}`);
    }
    message.text = text;
    const entities = detectBotCommands(text);
    if (entities.length > 0) message.entities = entities;
    else delete message.entities;
    message.edit_date = Math.floor(Date.now() / 1000);
    return this.act("edited_message", `chat:${this.chatId}`, { edited_message: message }, (base) => ({
      ...base,
      message: structuredClone(message),
    }));
  }

  /**
   * Presses a button by its label or callback_data: an inline button of `messageId`, or by default of the
   * newest bot message that has a matching one (a callback_query update); failing that, a button of the
   * reply keyboard the user sees (its text, contact or location is sent). Throws when nothing matches.
   */
  press(labelOrData: string, messageId?: number): UserAction<Pressed> {
    const messages =
      messageId === undefined
        ? [...this.record.messages.values()].reverse()
        : [this.record.messages.get(messageId)].filter((m): m is TgMessage => m !== undefined);
    for (const message of messages) {
      if (!this.record.botMessages.has(message.message_id)) continue;
      const button = message.reply_markup?.inline_keyboard
        .flat()
        .find((b) => b.text === labelOrData || b.callback_data === labelOrData);
      if (button === undefined) continue;
      if (button.callback_data === undefined) {
        throw new Error(`press: button "${button.text}" of message ${message.message_id} sends no callback_data`);
      }
      return this.callback(message, button.callback_data);
    }
    const key = messageId === undefined ? this.record.replyKeyboard?.keyboard.flat().find((b) => b.text === labelOrData) : undefined;
    if (key === undefined) {
      throw new Error(
        `press: no button "${labelOrData}" in ${messageId === undefined ? "the bot's messages" : `message ${messageId}`} of chat ${this.chatId}`,
      );
    }
    if (this.record.replyKeyboard?.one_time_keyboard === true) this.record.replyKeyboard = undefined;
    if (key.request_contact === true) return this.sendContact();
    if (key.request_location === true) return this.sendLocation(51.1694, 71.4491);
    return this.send(key.text);
  }

  private callback(message: TgMessage, data: string): UserAction<Pressed> {
    const id = this.core.queryId();
    const query: PendingCallback = { id, chatId: this.chatId, messageId: message.message_id, createdAt: Date.now() };
    this.bot.callbackQueries.set(id, query);
    const callbackQuery: TgCallbackQuery = {
      id,
      from: this.user,
      message: structuredClone(message),
      chat_instance: String(BigInt(this.chatId) * 1_000_003n + BigInt(this.bot.id)),
      data,
    };
    return this.act("callback_query", `callback:${this.user.id}`, { callback_query: callbackQuery }, (base) => ({
      ...base,
      callbackQuery,
      ...(query.answer === undefined ? {} : { answer: structuredClone(query.answer) }),
    }));
  }

  /** An inline query; resolves with the bot's answerInlineQuery results. */
  inlineQuery(query: string, options: { offset?: string } = {}): UserAction<InlineResult> {
    const id = this.core.queryId();
    const pending: PendingInline = { id, userId: this.user.id, createdAt: Date.now() };
    this.bot.inlineQueries.set(id, pending);
    const inlineQuery: TgInlineQuery = { id, from: this.user, query, offset: options.offset ?? "", chat_type: "sender" };
    return this.act("inline_query", `inline:${this.user.id}`, { inline_query: inlineQuery }, (base) => ({
      ...base,
      inlineQuery,
      ...(pending.answer === undefined ? {} : { answer: structuredClone(pending.answer) }),
      results: structuredClone(pending.answer?.results ?? []),
    }));
  }

  /**
   * Posts a chosen inline result into this chat as Telegram does: the user's own message "via @bot", made from the
   * result's text content (an article); the bot gets it as an ordinary message update.
   */
  sendViaBot(result: unknown): UserAction<SentMessage> {
    const content = (result as { input_message_content?: { message_text?: unknown; parse_mode?: unknown; entities?: unknown } })
      .input_message_content;
    if (typeof content?.message_text !== "string") throw new Error("sendViaBot: only a result with a text message content can be sent");
    const parsed = parseText(
      content.message_text,
      typeof content.parse_mode === "string" ? content.parse_mode : "",
      content.entities === undefined ? "" : JSON.stringify(content.entities),
    );
    const { text, entities } = finishText(parsed, { maxLength: 4096, tooLong: "MESSAGE_TOO_LONG", allowEmpty: false });
    return this.message({ text, ...(entities.length > 0 ? { entities } : {}), via_bot: structuredClone(this.bot.user) });
  }

  /** Current messages of this chat (edits applied, deletions gone), oldest first. */
  messages(): TgMessage[] {
    return current(this.record, false);
  }

  botMessages(): TgMessage[] {
    return current(this.record, true);
  }

  lastBotMessage(): TgMessage | undefined {
    return this.botMessages().at(-1);
  }

  /** What the bot did in this chat since this user's last action (for transcripts). */
  sinceLastSpoke(): BotEvent[] {
    return this.core.events.since(this.lastMark, this.chatId, this.bot.id);
  }

  /** Waits for the bot's next matching event in this chat; events since the user's last action count too. */
  waitFor(predicate?: EventPredicate, timeoutMs?: number): Promise<BotEvent> {
    return this.core.events.waitFor(this.chatId, (e) => e.botId === this.bot.id && (predicate?.(e) ?? true), {
      since: this.lastMark,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
  }

  /** The reply keyboard the bot left the user with, if any. */
  replyKeyboard(): ReplyKeyboardMarkup | undefined {
    return this.record.replyKeyboard === undefined ? undefined : structuredClone(this.record.replyKeyboard);
  }

  /** The user blocks the bot: its sends to this chat get 403 "Forbidden: bot was blocked by the user".
   * The user's next message unblocks it again (as restarting the bot does). */
  block(): void {
    this.record.blocked = true;
  }

  unblock(): void {
    this.record.blocked = false;
  }

  private message(content: Partial<TgMessage>, replyTo?: number): UserAction<SentMessage> {
    const target = replyTo === undefined ? undefined : this.record.messages.get(replyTo);
    if (replyTo !== undefined && target === undefined) throw new Error(`send: no message ${replyTo} in chat ${this.chatId}`);
    this.record.blocked = false;
    const message = this.bot.addMessage(this.record, this.user, {
      ...content,
      ...(target === undefined ? {} : { reply_to_message: structuredClone(target) }),
    });
    return this.act("message", `chat:${this.chatId}`, { message }, (base) => ({ ...base, message: structuredClone(message) }));
  }

  private act<T extends Delivered>(
    type: string,
    key: string,
    payload: Record<string, unknown>,
    finish: (base: Delivered) => T,
  ): UserAction<T> {
    const mark = this.core.events.mark();
    this.lastMark = mark;
    const { id, done } = this.core.enqueue(this.bot, type, key, payload);
    const update = { update_id: id, ...structuredClone(payload) } as TgUpdate;
    const ms = this.handoverTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`update ${id} (${type}) was not handed over within ${ms} ms: is a bot polling, or a webhook set and answering?`)),
        ms,
      );
    });
    const promise = Promise.race([done, timeout])
      .finally(() => clearTimeout(timer))
      .then((status) => finish({ updateId: id, update, status, replies: this.core.events.since(mark, this.chatId, this.bot.id) }));
    return Object.assign(promise, { updateId: id });
  }
}
