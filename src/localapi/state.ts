// What the server remembers per bot: its chats and their messages, files, commands, pending queries.
import { badRequest, chatNotFound } from "./errors.ts";
import { UpdateQueue } from "./updates.ts";
import type { BotSpec, ReplyKeyboardMarkup, TgChat, TgMessage, TgUser } from "./types.ts";

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  kind: "document" | "photo" | "sticker";
  fileName?: string;
  mimeType?: string;
  bytes: Buffer;
  width?: number;
  height?: number;
  /** Path for getFile and /file/bot<token>/<path>. */
  filePath: string;
}

export interface ChatRecord {
  chat: TgChat;
  nextMessageId: number;
  /** Current messages by id (deleted ones removed, edits applied). */
  messages: Map<number, TgMessage>;
  /** Ids of the messages the bot sent. */
  botMessages: Set<number>;
  /** The reply keyboard the user sees now, if any. */
  replyKeyboard: ReplyKeyboardMarkup | undefined;
  members: Map<number, TgUser>;
  admins: Set<number>;
  /** A private chat whose user blocked the bot. */
  blocked: boolean;
}

export interface CallbackAnswer {
  text?: string;
  show_alert: boolean;
  url?: string;
  cache_time?: number;
}

export interface PendingCallback {
  id: string;
  chatId: number;
  messageId: number;
  createdAt: number;
  answer?: CallbackAnswer;
}

export interface InlineAnswer {
  results: unknown[];
  cache_time?: number;
  is_personal?: boolean;
  next_offset?: string;
  button?: unknown;
}

export interface PendingInline {
  id: string;
  userId: number;
  createdAt: number;
  answer?: InlineAnswer;
}

/** Update types a bot gets when it never said otherwise. */
const NOT_BY_DEFAULT = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

const FILE_PREFIX: Record<StoredFile["kind"], string> = { document: "BQACAgIAAxkB", photo: "AgACAgIAAxkB", sticker: "CAACAgIAAxkB" };

export class BotState {
  readonly user: TgUser;
  readonly chats = new Map<number, ChatRecord>();
  readonly updates: UpdateQueue;
  /** setMyCommands lists by scope and language. */
  readonly commands = new Map<string, { command: string; description: string }[]>();
  readonly callbackQueries = new Map<string, PendingCallback>();
  readonly inlineQueries = new Map<string, PendingInline>();
  readonly files = new Map<string, StoredFile>();
  /** setMyName / setMyDescription / setMyShortDescription by "field|language". */
  readonly profile = new Map<string, string>();
  /** setChatMenuButton by chat id, 0 for the default. */
  readonly menuButtons = new Map<number, unknown>();
  /** undefined: Telegram's default set. */
  allowedUpdates: string[] | undefined;
  private fileCounter = 0;

  constructor(readonly token: string, spec: BotSpec, firstUpdateId: number) {
    this.user = {
      id: spec.id,
      is_bot: true,
      first_name: spec.first_name,
      username: spec.username,
      can_join_groups: spec.can_join_groups ?? true,
      can_read_all_group_messages: spec.can_read_all_group_messages ?? false,
      supports_inline_queries: spec.supports_inline_queries ?? true,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    this.updates = new UpdateQueue(firstUpdateId);
  }

  get id(): number {
    return this.user.id;
  }

  allows(updateType: string): boolean {
    const allowed = this.allowedUpdates;
    return allowed === undefined || allowed.length === 0 ? !NOT_BY_DEFAULT.has(updateType) : allowed.includes(updateType);
  }

  /** Opens (or returns) the bot's record of a chat. */
  openChat(chat: TgChat): ChatRecord {
    let record = this.chats.get(chat.id);
    if (record === undefined) {
      record = {
        chat, nextMessageId: 1, messages: new Map(), botMessages: new Set(), replyKeyboard: undefined,
        members: new Map(), admins: new Set(), blocked: false,
      };
      this.chats.set(chat.id, record);
    }
    return record;
  }

  /** A chat by the `chat_id` argument: a number or "@username"; Telegram's errors otherwise. */
  resolveChat(chatId: string): ChatRecord {
    const value = chatId.trim();
    if (value === "") throw badRequest("chat_id is empty");
    if (value.startsWith("@")) {
      const name = value.slice(1).toLowerCase();
      for (const record of this.chats.values()) {
        if (record.chat.username?.toLowerCase() === name) return record;
      }
      throw chatNotFound();
    }
    if (!/^-?\d+$/.test(value)) throw chatNotFound();
    const record = this.chats.get(Number(value));
    if (record === undefined) throw chatNotFound();
    return record;
  }

  /** Adds a message to a chat with the next id and the current date. */
  addMessage(record: ChatRecord, from: TgUser, content: Partial<TgMessage>): TgMessage {
    const message: TgMessage = {
      message_id: record.nextMessageId++,
      from,
      chat: record.chat,
      date: Math.floor(Date.now() / 1000),
      ...content,
    };
    record.messages.set(message.message_id, message);
    if (from.id === this.id) record.botMessages.add(message.message_id);
    return message;
  }

  storeFile(
    kind: StoredFile["kind"],
    bytes: Buffer,
    details: { fileName?: string; mimeType?: string; width?: number; height?: number } = {},
  ): StoredFile {
    const n = ++this.fileCounter;
    const ext = kind === "photo" ? "jpg" : kind === "sticker" ? "webp" : (details.fileName?.split(".").at(-1) ?? "dat");
    const folder = kind === "photo" ? "photos" : kind === "sticker" ? "stickers" : "documents";
    const file: StoredFile = {
      fileId: `${FILE_PREFIX[kind]}${this.id.toString(36)}_${n.toString(36).padStart(4, "0")}`,
      fileUniqueId: `AQAD${this.id.toString(36)}${n.toString(36)}`,
      kind,
      bytes,
      filePath: `${folder}/file_${n}.${ext}`,
      ...details,
    };
    this.files.set(file.fileId, file);
    return file;
  }
}
